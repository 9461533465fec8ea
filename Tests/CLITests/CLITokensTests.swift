import Foundation
import JSON
import Testing

/// `toolwright tokens` and `check --tokens` over the real binary.
@Suite struct CLITokensTests {
    @Test func plainTextIdsMatchTiktoken() async throws {
        // "hello world" is vector 5 of shared/vocab/vectors.jsonl (tiktoken 0.14.0).
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tw-tokens-\(UUID()).txt")
        try Data("hello world".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try await ToolwrightBinary.run(["tokens", "--ids", "--encoding", "cl100k_base", file.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("2 tokens (cl100k_base, 11 bytes)"))
        #expect(run.stdout.contains("15339 1917"))
    }

    @Test func toolFileTotalsAreToolsPlusTheRequestOverhead() async throws {
        let run = try await ToolwrightBinary.run(["tokens", "--format", "json", "examples/mcp/time.tools.json"])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try Jansson.decode(run.stdout)
        let total = try #require(report["totals"]?[0])
        #expect(total["model"] == "gpt-4o")
        #expect(total["encoding"] == "o200k_base")
        let perTool = try #require(report["tools"]?.arrayValue)
        #expect(perTool.map { $0["name"] } == ["get_current_time", "convert_time"])
        let sum = perTool.compactMap { $0["counts"]?[0]?["tokens"]?.numberValue }.reduce(0, +)
        // The cookbook formula adds 12 tokens once per request for o200k models.
        #expect(total["tokens"]?.numberValue == sum + 12)
        let shares = perTool.compactMap { $0["share"]?.numberValue }.reduce(0, +)
        #expect(abs(shares - 1) < 1e-9)
    }

    @Test func anthropicAndGeminiCountsAreLabelledEstimates() async throws {
        let run = try await ToolwrightBinary.run([
            "tokens", "--format", "json", "--target", "anthropic", "--target", "gemini", "examples/mcp/time.tools.json",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let totals = try #require(try Jansson.decode(run.stdout)["totals"]?.arrayValue)
        #expect(totals.map { $0["provider"] } == ["anthropic", "gemini"])
        #expect(totals.allSatisfy { $0["exactness"] == "estimate" })
    }

    @Test func checkTokensAddsCountsToTextAndJSON() async throws {
        let text = try await ToolwrightBinary.run(["check", "--tokens", "examples/openai/weather.tools.json"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("examples/openai/weather.tools.json: tokens: "))
        #expect(text.stdout.contains("get_current_weather "))
        let json = try await ToolwrightBinary.run([
            "check", "--tokens", "--format", "json", "examples/openai/weather.tools.json",
        ])
        let file = try #require(try Jansson.decode(json.stdout)["files"]?[0])
        #expect(file["tokens"]?["tools"]?.arrayValue?.count == 2)
        let plain = try await ToolwrightBinary.run(["check", "--format", "json", "examples/openai/weather.tools.json"])
        #expect(try Jansson.decode(plain.stdout)["files"]?[0]?["tokens"] == nil)
    }

    @Test func vocabularyDirectoryComesFromTheEnvironment() async throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("tw-vocab-\(UUID())")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let run = try await ToolwrightBinary.run(
            ["tokens", "--text", "README.md"], environment: ["TOOLWRIGHT_VOCAB_DIR": empty.path])
        #expect(run.status == 2)
        #expect(run.stderr.contains(empty.path))
        let bundled = ToolwrightBinary.repositoryRoot.appendingPathComponent("Sources/Tokenizer/Resources").path
        let ok = try await ToolwrightBinary.run(
            ["tokens", "--text", "README.md"], environment: ["TOOLWRIGHT_VOCAB_DIR": bundled])
        #expect(ok.status == 0, "\(ok.stderr)")
    }

    @Test func unknownEncodingIsAUsageError() async throws {
        let run = try await ToolwrightBinary.run(["tokens", "--text", "--encoding", "p99k", "README.md"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("unknown encoding"))
    }
}
