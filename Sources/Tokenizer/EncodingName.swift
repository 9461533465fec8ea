/// The encodings this module implements, named as in tiktoken.
public enum EncodingName: String, CaseIterable, Sendable {
    /// GPT-4, GPT-3.5-turbo, text-embedding-3.
    case cl100kBase = "cl100k_base"
    /// GPT-4o, GPT-4.1, GPT-4.5, GPT-5, o1/o3/o4-mini.
    case o200kBase = "o200k_base"
    /// gpt-oss: o200k_base ranks plus the harmony chat-format special tokens.
    case o200kHarmony = "o200k_harmony"

    /// Base name of the rank file (`<name>.tiktoken`).
    public var vocabularyName: String {
        switch self {
        case .cl100kBase: return "cl100k_base"
        case .o200kBase, .o200kHarmony: return "o200k_base"
        }
    }

    /// tiktoken 0.14.0's `expected_hash` of the rank file.
    public var expectedSHA256: String {
        switch self {
        case .cl100kBase: return "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"
        case .o200kBase, .o200kHarmony: return "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"
        }
    }

    var pattern: SplitPattern { self == .cl100kBase ? .cl100k : .o200k }

    /// Special tokens and ids (tiktoken 0.14.0 `openai_public.py`). For harmony, id 200018 has two
    /// names (`<|endofprompt|>` and `<|reserved_200018|>`); the first listed is used to decode.
    var specialTokens: [(String, Int)] {
        switch self {
        case .cl100kBase:
            return [
                ("<|endoftext|>", 100257), ("<|fim_prefix|>", 100258), ("<|fim_middle|>", 100259),
                ("<|fim_suffix|>", 100260), ("<|endofprompt|>", 100276),
            ]
        case .o200kBase:
            return [("<|endoftext|>", 199999), ("<|endofprompt|>", 200018)]
        case .o200kHarmony:
            let named: [(String, Int)] = [
                ("<|startoftext|>", 199998), ("<|endoftext|>", 199999), ("<|return|>", 200002),
                ("<|constrain|>", 200003), ("<|channel|>", 200005), ("<|start|>", 200006), ("<|end|>", 200007),
                ("<|message|>", 200008), ("<|call|>", 200012), ("<|endofprompt|>", 200018),
            ]
            let reserved = [200000, 200001, 200004, 200009, 200010, 200011] + Array(200013..<201088)
            return named + reserved.map { ("<|reserved_\($0)|>", $0) }
        }
    }

    /// The encoding tiktoken 0.14.0 assigns to a model name (exact names first, then prefixes such
    /// as dated snapshots `gpt-4o-2024-08-06` or fine-tunes `ft:gpt-4o:…`); nil if unknown or if
    /// the model uses an encoding not implemented here (r50k/p50k).
    public static func forModel(_ model: String) -> EncodingName? {
        if let exact = exactModels[model] { return exact }
        var best: (prefix: String, name: EncodingName)?
        for (prefix, name) in modelPrefixes where model.hasPrefix(prefix) {
            if best == nil || prefix.count > best!.prefix.count { best = (prefix, name) }
        }
        return best?.name
    }

    private static let exactModels: [String: EncodingName] = [
        "o1": .o200kBase, "o3": .o200kBase, "o4-mini": .o200kBase, "gpt-5": .o200kBase,
        "gpt-4.1": .o200kBase, "gpt-4o": .o200kBase, "gpt-4": .cl100kBase, "gpt-3.5-turbo": .cl100kBase,
        "gpt-3.5": .cl100kBase, "gpt-35-turbo": .cl100kBase, "davinci-002": .cl100kBase,
        "babbage-002": .cl100kBase, "text-embedding-ada-002": .cl100kBase,
        "text-embedding-3-small": .cl100kBase, "text-embedding-3-large": .cl100kBase,
        // Not in tiktoken's table (it only knows `gpt-oss-` names); the family name is common in configs.
        "gpt-oss": .o200kHarmony,
    ]

    private static let modelPrefixes: [(String, EncodingName)] = [
        ("o1-", .o200kBase), ("o3-", .o200kBase), ("o4-mini-", .o200kBase), ("gpt-5", .o200kBase),
        ("gpt-4.5-", .o200kBase), ("gpt-4.1-", .o200kBase), ("chatgpt-4o-", .o200kBase), ("gpt-4o-", .o200kBase),
        ("gpt-4-", .cl100kBase), ("gpt-3.5-turbo-", .cl100kBase), ("gpt-35-turbo-", .cl100kBase),
        ("gpt-oss-", .o200kHarmony), ("ft:gpt-4o", .o200kBase), ("ft:gpt-4", .cl100kBase),
        ("ft:gpt-3.5-turbo", .cl100kBase), ("ft:davinci-002", .cl100kBase), ("ft:babbage-002", .cl100kBase),
    ]
}
