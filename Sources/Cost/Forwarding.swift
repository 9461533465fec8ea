import JSON

/// An argument that forwards an earlier result: the string `$previous` or `$steps.ID`, optionally
/// followed by a field path (`$previous.items`). In tool-call mode the model writes the forwarded
/// value out again as output tokens; in code mode it is a variable.
public struct ForwardReference: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        case previous
        case step(String)
    }

    public var source: Source
    /// Field names into the forwarded result.
    public var path: [String]

    /// Parses `$previous[.path]` or `$steps.ID[.path]`; nil for any other string.
    public init?(_ text: String) {
        if text == "$previous" || text.hasPrefix("$previous.") {
            source = .previous
            path = text.split(separator: ".").dropFirst().map(String.init)
        } else if text.hasPrefix("$steps.") {
            let parts = text.split(separator: ".").dropFirst().map(String.init)
            guard let id = parts.first, !id.isEmpty else { return nil }
            source = .step(id)
            path = Array(parts.dropFirst())
        } else {
            return nil
        }
    }
}

enum Forwarding {
    /// Every forwarding string inside some arguments, with its pointer.
    static func references(in value: JSONValue, at pointer: JSONPointer) -> [(JSONPointer, ForwardReference)] {
        switch value {
        case .string(let text):
            return ForwardReference(text).map { [(pointer, $0)] } ?? []
        case .array(let items):
            return items.enumerated().flatMap { references(in: $0.element, at: pointer / $0.offset) }
        case .object(let members):
            return members.flatMap { references(in: $0.value, at: pointer / $0.key) }
        default:
            return []
        }
    }

    /// The arguments with each forwarding string replaced by `""` (its content is counted apart).
    static func stripped(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text): return ForwardReference(text) == nil ? value : .string("")
        case .array(let items): return .array(items.map(stripped))
        case .object(let members): return .object(members.map { JSONMember($0.key, stripped($0.value)) })
        default: return value
        }
    }
}
