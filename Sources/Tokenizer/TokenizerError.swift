/// Errors from loading vocabularies and decoding token ids.
public enum TokenizerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The rank file was not found (bundled resources missing, or not in the given directory).
    case vocabularyNotFound(name: String, searched: [String])
    /// The rank file exists but could not be read.
    case unreadableVocabulary(path: String, reason: String)
    /// The rank file's SHA-256 differs from tiktoken's published hash.
    case checksumMismatch(path: String, expected: String, actual: String)
    /// The rank file is not in tiktoken's `base64 SP rank LF` format, or its ranks are not dense.
    case malformedVocabulary(String)
    /// A token id that is neither a rank nor a special token of the encoding.
    case unknownTokenId(Int)
    /// A model name with no known encoding.
    case unknownModel(String)
    /// A bundled data file (e.g. the Anthropic overhead table) is missing or malformed.
    case invalidData(String)

    public var description: String {
        switch self {
        case .vocabularyNotFound(let name, let searched):
            return "vocabulary \(name).tiktoken not found (searched: \(searched.joined(separator: ", ")))"
        case .unreadableVocabulary(let path, let reason):
            return "cannot read vocabulary \(path): \(reason)"
        case .checksumMismatch(let path, let expected, let actual):
            return "vocabulary \(path) has SHA-256 \(actual), expected \(expected) (corrupt or a different file)"
        case .malformedVocabulary(let detail):
            return "malformed vocabulary: \(detail)"
        case .unknownTokenId(let id):
            return "unknown token id \(id)"
        case .unknownModel(let model):
            return "no known encoding for model \(model)"
        case .invalidData(let detail):
            return "bundled token data: \(detail)"
        }
    }
}
