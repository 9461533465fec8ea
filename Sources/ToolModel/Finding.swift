import JSON

public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable, Codable {
    case error
    case warning
    case info
    case hint

    var rank: Int {
        switch self {
        case .error: 3
        case .warning: 2
        case .info: 1
        case .hint: 0
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

    /// Accepts the spellings people write in config files (`warn`, `information`).
    public init?(loose: String) {
        switch loose.lowercased() {
        case "error", "err": self = .error
        case "warning", "warn": self = .warning
        case "info", "information": self = .info
        case "hint": self = .hint
        default: return nil
        }
    }
}

/// Another place a finding concerns, possibly in another document (set-level rules).
public struct RelatedLocation: Sendable, Hashable {
    /// `nil` means the same document as the finding.
    public var uri: String?
    public var pointer: JSONPointer
    public var message: String

    public init(uri: String? = nil, pointer: JSONPointer, message: String) {
        self.uri = uri
        self.pointer = pointer
        self.message = message
    }
}

/// A structural edit on the JSON model. Turning it into text edits that keep the file's
/// formatting and key order is the syntax layer's job, so rules stay position-free.
public enum FixOperation: Sendable, Hashable {
    /// Replace the value at the pointer.
    case replace(JSONPointer, JSONValue)
    /// Add a member to the object at the pointer (appended after its last member).
    case addMember(object: JSONPointer, key: String, value: JSONValue)
    /// Remove the member or array element at the pointer.
    case remove(JSONPointer)
    /// Rename the key at the pointer.
    case renameKey(JSONPointer, to: String)
    /// Append an element to the array at the pointer (a name to `required`, a value to an
    /// `enum`), leaving the existing elements and their layout untouched.
    case appendElement(array: JSONPointer, value: JSONValue)
}

public struct Fix: Sendable, Hashable {
    public var title: String
    public var operations: [FixOperation]
    /// Safe to apply without review (used by `check --fix` and preferred quick fixes).
    public var isPreferred: Bool

    public init(title: String, operations: [FixOperation], isPreferred: Bool = false) {
        self.title = title
        self.operations = operations
        self.isPreferred = isPreferred
    }
}

/// The one result type every analyzer emits: rules, rule packs, plugins, selection, cost.
public struct Finding: Sendable, Hashable {
    public var ruleId: String
    public var severity: Severity
    public var message: String
    /// Where in the document the finding is, as a JSON Pointer.
    public var pointer: JSONPointer
    /// Point at the member's key rather than its value (e.g. a bad tool name's key).
    public var preferKey: Bool
    public var related: [RelatedLocation]
    public var fixes: [Fix]
    /// An explicit byte range, only for findings about the text itself (syntax errors), which
    /// have no value to point at.
    public var byteRange: Range<Int>?

    public init(
        ruleId: String, severity: Severity, message: String, pointer: JSONPointer, preferKey: Bool = false,
        related: [RelatedLocation] = [], fixes: [Fix] = [], byteRange: Range<Int>? = nil
    ) {
        self.byteRange = byteRange
        self.ruleId = ruleId
        self.severity = severity
        self.message = message
        self.pointer = pointer
        self.preferKey = preferKey
        self.related = related
        self.fixes = fixes
    }
}
