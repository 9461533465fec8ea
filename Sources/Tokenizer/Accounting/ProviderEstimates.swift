import Foundation
import JSON

/// What kind of text a count is about; Claude/o200k ratios differ by kind.
public enum ContentKind: String, Sendable, CaseIterable {
    case json, code, prose
}

/// Anthropic's `tool_choice`; `none` costs like `auto` (when tools are present).
public enum ToolChoice: String, Sendable {
    case auto, none, any, tool
}

/// Offline estimates of Anthropic tool-definition tokens from the dated data table
/// `Resources/anthropic_tool_overhead.json` (overheads and Claude/o200k ratios with sources).
public enum AnthropicToolAccounting {
    /// One overhead row chosen for a model, with its provenance.
    public struct Overhead: Sendable, Equatable {
        public var auto: Int
        public var any: Int
        public var asOf: String
        public var status: String
        public var source: String
    }

    /// The Claude ÷ o200k ratio for a model family and content kind, with its provenance.
    public struct Ratio: Sendable, Equatable {
        public var family: String
        public var value: Double
        public var source: String
    }

    /// The tool-use system prompt overhead for a model (longest model-id prefix; best status,
    /// then latest table), or nil for a model the table does not cover.
    public static func overhead(model: String) throws(TokenizerError) -> Overhead? {
        let data = try table()
        let rank = ["primary": 0, "secondary": 1, "unverified": 2]
        var best: (prefix: Int, status: Int, asOf: String, overhead: Overhead)?
        for table in data["tables"]?.arrayValue ?? [] {
            let status = table["status"]?.stringValue ?? "unverified"
            let asOf = table["as_of"]?.stringValue ?? ""
            for row in table["rows"]?.arrayValue ?? [] {
                guard let auto = row["auto"]?.numberValue, let any = row["any"]?.numberValue else { continue }
                let prefixes = row["models"]?.arrayValue?.compactMap(\.stringValue) ?? []
                guard let length = prefixes.filter({ model.hasPrefix($0) }).map(\.count).max() else { continue }
                let candidate = (
                    length, rank[status] ?? 3, asOf,
                    Overhead(
                        auto: Int(auto), any: Int(any), asOf: asOf, status: status,
                        source: table["source"]?.stringValue ?? "")
                )
                if let current = best {
                    let better =
                        candidate.1 < current.status
                        || (candidate.1 == current.status
                            && (candidate.0 > current.prefix || (candidate.0 == current.prefix && asOf > current.asOf)))
                    if !better { continue }
                }
                best = candidate
            }
        }
        return best?.overhead
    }

    /// The Claude ÷ o200k ratio for the model's tokenizer family (nil for a non-Claude model).
    public static func ratio(model: String, kind: ContentKind) throws(TokenizerError) -> Ratio? {
        for entry in try table()["ratios"]?.arrayValue ?? [] {
            let prefixes = entry["models"]?.arrayValue?.compactMap(\.stringValue) ?? []
            guard prefixes.contains(where: { model.hasPrefix($0) }), let value = entry[kind.rawValue]?.numberValue
            else {
                continue
            }
            return Ratio(
                family: entry["family"]?.stringValue ?? "", value: value, source: entry["source"]?.stringValue ?? "")
        }
        return nil
    }

    /// Estimated input tokens the tools add to a Claude request: the tool-use system prompt for
    /// `toolChoice` plus the o200k tokens of the tools' compact JSON times the family's JSON ratio.
    /// Always an estimate (Anthropic's tool rendering is not public). Nil for models the table
    /// does not cover.
    public static func estimate(
        _ tools: [ToolSpec], model: String, toolChoice: ToolChoice = .auto, vocabularyDirectory: String? = nil
    ) throws(TokenizerError) -> TokenCount? {
        guard let overhead = try overhead(model: model), let ratio = try ratio(model: model, kind: .json) else {
            return nil
        }
        let o200k = try Encoding.named(.o200kBase, vocabularyDirectory: vocabularyDirectory)
        let json = JSONValue.array(tools.map(\.anthropicJSON)).serialized()
        let content = tools.isEmpty ? 0 : Int((Double(o200k.count(json)) * ratio.value).rounded(.up))
        let prompt = tools.isEmpty ? 0 : (toolChoice == .any || toolChoice == .tool ? overhead.any : overhead.auto)
        return TokenCount(
            tokens: prompt + content, exactness: .estimate, provider: "anthropic", model: model, encoding: .o200kBase,
            basis:
                "tool-use system prompt \(prompt) (\(overhead.status), \(overhead.asOf): \(overhead.source)) + "
                + "o200k tokens of the tools' JSON × \(ratio.value) (\(ratio.family) family: \(ratio.source))")
    }

    private static let loaded: Result<JSONValue, TokenizerError> = {
        guard let path = VocabularyStore.bundledFile("anthropic_tool_overhead.json"),
            let data = FileManager.default.contents(atPath: path)
        else { return .failure(.invalidData("anthropic_tool_overhead.json not found")) }
        do {
            return .success(try Jansson.decode(Array(data)))
        } catch {
            return .failure(.invalidData("anthropic_tool_overhead.json: \(error)"))
        }
    }()

    private static func table() throws(TokenizerError) -> JSONValue { try loaded.get() }
}

/// Offline estimate of Gemini tool-definition tokens. Google publishes neither Gemini's
/// tokenizer nor how function declarations are rendered, so this is the o200k count of the
/// declarations' compact JSON, labelled as an estimate.
public enum GeminiToolAccounting {
    public static func estimate(_ tools: [ToolSpec], model: String, vocabularyDirectory: String? = nil)
        throws(TokenizerError) -> TokenCount
    {
        let o200k = try Encoding.named(.o200kBase, vocabularyDirectory: vocabularyDirectory)
        let json = JSONValue.array(tools.map(\.functionDeclarationJSON)).serialized()
        return TokenCount(
            tokens: tools.isEmpty ? 0 : o200k.count(json), exactness: .estimate, provider: "gemini", model: model,
            encoding: .o200kBase,
            basis:
                "o200k tokens of the function declarations' compact JSON (Gemini's tokenizer and tool rendering are not public)"
        )
    }
}
