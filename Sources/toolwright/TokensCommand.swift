import Analysis
import ArgumentParser
import Foundation
import JSON
import Rules
import SourceDocument
import Tokenizer
import ToolModel

struct TokensCommand: BatchCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "Count tokens: per tool and provider for a tool file, or of any text.",
        discussion: """
            A tool file (any dialect `check` reads) gets one count per provider for the whole set \
            (with per-request overheads) and per tool (without them). OpenAI counts are exact \
            (cookbook formula on the real tokenizer); Anthropic and Gemini counts are labelled \
            estimates. Other input, `--text`, or `-` (standard input) is counted as plain text \
            with --encoding (default o200k_base) or the encoding of --model.
            """
    )

    @Argument(help: "A file, or - for standard input.")
    var input: String = "-"

    @Option(help: "Encoding for plain text: o200k_base, cl100k_base or o200k_harmony.")
    var encoding: String?

    @Option(help: "Model whose encoding counts plain text (e.g. gpt-4o, gpt-4).")
    var model: String?

    @Flag(help: "Print the token ids too (plain text only).")
    var ids = false

    @Flag(help: "Count the input as plain text even when it is a tool file.")
    var text = false

    @Option(
        name: .customLong("target"),
        help: "Provider profile whose billing to show (repeatable). Default: the file's own dialect.")
    var targets: [TargetArgument] = []

    @Option(help: "Directory with <encoding>.tiktoken rank files (default: the bundled ones).")
    var vocabDir: String?

    @Option(help: "Output format.")
    var format: ListFormat = .text

    func run() throws {
        let bytes: [UInt8]
        do {
            bytes = try readInput()
        } catch {
            Terminal.writeError("toolwright: error: cannot read \(input): \(error.localizedDescription)")
            throw ExitCode(ExitStatus.usage)
        }
        do {
            if !text, input != "-" || encoding == nil, let set = toolSet(bytes), !set.tools.isEmpty {
                try printToolReport(set)
            } else {
                try printTextCount(bytes)
            }
        } catch let error as TokenizerError {
            Terminal.writeError("toolwright: error: \(error)")
            throw ExitCode(ExitStatus.usage)
        }
    }

    private func readInput() throws -> [UInt8] {
        if input == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        return Array(try Data(contentsOf: URL(fileURLWithPath: input)))
    }

    private func toolSet(_ bytes: [UInt8]) -> ToolSet? {
        let uri = input == "-" ? "stdin" : URL(fileURLWithPath: input).absoluteString
        let document = SourceDocument(uri: uri, bytes: bytes)
        guard !document.tree.hasErrors else { return nil }
        let set = Analyzer().toolSet(of: document)
        return set.dialect == nil ? nil : set
    }

    private func printToolReport(_ set: ToolSet) throws {
        let chosen = targets.isEmpty ? Target.defaults(for: set.dialect) : Set(targets.map(\.target))
        let report = try ToolTokens.report(
            for: set, providers: ToolTokens.providers(for: chosen), vocabularyDirectory: vocabDir)
        if format == .json {
            Terminal.write(ToolTokens.json(report).serialized(.pretty) + "\n")
            return
        }
        var out = ""
        for total in report.totals {
            out += "total: \(ToolTokens.describe(total)) — \(total.basis)\n"
        }
        let nameWidth = min(40, report.tools.map(\.name.count).max() ?? 4)
        for tool in report.tools {
            let counts = tool.counts.map { "\(ToolTokens.grouped($0.tokens)) \($0.provider)" }.joined(separator: "  ")
            let percent = String(Int((tool.share * 100).rounded()))
            let padded = tool.name.padding(toLength: max(nameWidth, tool.name.count), withPad: " ", startingAt: 0)
            out += "  \(padded)  \(counts)  (\(percent)%)\n"
        }
        Terminal.write(out)
    }

    private func printTextCount(_ bytes: [UInt8]) throws {
        let tokenizer: Encoding
        if let model {
            tokenizer = try Encoding.forModel(model, vocabularyDirectory: vocabDir)
        } else {
            guard let name = EncodingName(rawValue: encoding ?? EncodingName.o200kBase.rawValue) else {
                throw ValidationError("unknown encoding '\(encoding ?? "")' (o200k_base, cl100k_base, o200k_harmony)")
            }
            tokenizer = try Encoding.named(name, vocabularyDirectory: vocabDir)
        }
        let tokens = tokenizer.encodeOrdinary(String(decoding: bytes, as: UTF8.self))
        if format == .json {
            var members = [
                JSONMember("encoding", .string(tokenizer.name.rawValue)),
                JSONMember("tokens", .integer(Int64(tokens.count))),
                JSONMember("bytes", .integer(Int64(bytes.count))),
            ]
            if ids { members.append(JSONMember("ids", .array(tokens.map { .integer(Int64($0)) }))) }
            Terminal.write(JSONValue.object(members).serialized(.pretty) + "\n")
            return
        }
        var out = "\(tokens.count) tokens (\(tokenizer.name.rawValue), \(bytes.count) bytes)\n"
        if ids { out += tokens.map(String.init).joined(separator: " ") + "\n" }
        Terminal.write(out)
    }
}
