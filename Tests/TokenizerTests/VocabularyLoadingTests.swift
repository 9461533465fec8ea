import Foundation
import Testing

@testable import Tokenizer

@Suite struct VocabularyLoadingTests {
    static let bundledDirectory: String = {
        (try? VocabularyStore.locate("o200k_base", directory: nil)).map {
            ($0 as NSString).deletingLastPathComponent
        } ?? ""
    }()

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tokenizer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func bundledVocabulariesAndLicenceShip() throws {
        let directory = Self.bundledDirectory
        for file in ["cl100k_base.tiktoken", "o200k_base.tiktoken", "NOTICE-tiktoken.txt"] {
            #expect(FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent(file)))
        }
    }

    @Test func loadsFromAGivenDirectory() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = (Self.bundledDirectory as NSString).appendingPathComponent("cl100k_base.tiktoken")
        try FileManager.default.copyItem(
            atPath: source, toPath: directory.appendingPathComponent("cl100k_base.tiktoken").path)
        let custom = try Encoding.named(.cl100kBase, vocabularyDirectory: directory.path)
        let bundled = try Encoding.named(.cl100kBase)
        #expect(custom !== bundled)
        #expect(custom.encodeOrdinary("hello world") == [15339, 1917])
        #expect(try Encoding.named(.cl100kBase, vocabularyDirectory: directory.path) === custom)
        #expect(throws: TokenizerError.self) { try Encoding.named(.o200kBase, vocabularyDirectory: directory.path) }
    }

    @Test func missingFileNamesTheSearchedDirectory() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: TokenizerError.vocabularyNotFound(name: "o200k_base", searched: [directory.path])) {
            try Encoding.named(.o200kHarmony, vocabularyDirectory: directory.path)
        }
    }

    @Test func checksumMismatchIsAClearError() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = (Self.bundledDirectory as NSString).appendingPathComponent("cl100k_base.tiktoken")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: source))
        bytes[bytes.count - 2] = UInt8(ascii: "7")  // a different last rank
        let path = directory.appendingPathComponent("cl100k_base.tiktoken").path
        try bytes.write(to: URL(fileURLWithPath: path))
        do {
            _ = try Encoding.named(.cl100kBase, vocabularyDirectory: directory.path)
            Issue.record("a corrupted file loaded")
        } catch {
            guard case .checksumMismatch(let errorPath, let expected, let actual) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(errorPath == path)
            #expect(expected == EncodingName.cl100kBase.expectedSHA256)
            #expect(actual != expected && actual.count == 64)
            #expect(error.description.contains("SHA-256"))
        }
    }

    @Test func environmentVariableSelectsTheDirectory() {
        let environment = ["TOOLWRIGHT_VOCAB_DIR": "/env/dir"]
        #expect(VocabularyStore.resolvedDirectory(nil, environment: environment) == "/env/dir")
        #expect(VocabularyStore.resolvedDirectory("/explicit", environment: environment) == "/explicit")
        #expect(VocabularyStore.resolvedDirectory(nil, environment: [:]) == nil)
        #expect(VocabularyStore.resolvedDirectory(nil, environment: ["TOOLWRIGHT_VOCAB_DIR": ""]) == nil)
    }

    // The real variable is read by the binary: CLITokensTests sets it for a child process, since
    // setenv here would change the directory for every test running concurrently.

    @Test func sha256KnownAnswers() {
        let cases: [(Int, String)] = [
            (0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            (3, "9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0"),
            (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
            (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
            (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
            (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
            (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
            (119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"),
            (120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"),
            (1000, "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"),
        ]
        for (length, digest) in cases {
            let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
            #expect(bytes.withUnsafeBufferPointer(SHA256.hexDigest) == digest, "length \(length)")
        }
        let abc = Array("abc".utf8)
        #expect(
            abc.withUnsafeBufferPointer(SHA256.hexDigest)
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    /// A toy vocabulary: all 256 bytes plus two merges, in shuffled line order.
    static func toyVocabulary(extra: String = "") -> [UInt8] {
        var lines = (0..<256).map { "\(Data([UInt8($0)]).base64EncodedString()) \($0)" }
        lines.append("\(Data("ab".utf8).base64EncodedString()) 256")
        lines.append("\(Data("abc".utf8).base64EncodedString()) 257")
        lines.reverse()
        return Array((lines.joined(separator: "\n") + "\n" + extra).utf8)
    }

    @Test func parsesTiktokenFormatInAnyLineOrder() throws {
        let table = try Self.toyVocabulary().withUnsafeBufferPointer { try VocabularyParser.parse($0) }
        #expect(table.count == 258)
        let abc = Array("abc".utf8)
        #expect(abc.withUnsafeBufferPointer { table.rank($0.baseAddress!, 3) } == 257)
        #expect(abc.withUnsafeBufferPointer { table.rank($0.baseAddress!, 2) } == 256)
        #expect(abc.withUnsafeBufferPointer { table.rank($0.baseAddress! + 1, 2) } == RankTable.missing)
        let (base, length) = table.tokenSpan(257)
        #expect(Array(UnsafeBufferPointer(start: base, count: length)) == abc)
    }

    @Test(arguments: [
        "YWJj 256\n",  // duplicate rank
        "YWJjZA== 300\n",  // rank gap
        "Y*Jj 258\n",  // bad base64
        "YWJjZA== x\n",  // bad rank
        "YWJjZA==\n",  // no rank
        "YWJjZA 258\n",  // unpadded base64 is fine ("abcd") ...
    ])
    func rejectsMalformedVocabularies(_ extra: String) throws {
        let result = Result {
            try Self.toyVocabulary(extra: extra).withUnsafeBufferPointer { try VocabularyParser.parse($0) }
        }
        if extra.hasPrefix("YWJjZA 258") {
            #expect((try? result.get())?.count == 259)
        } else {
            #expect(throws: TokenizerError.self) { try result.get() }
        }
    }
}
