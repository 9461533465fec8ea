import ArgumentParser
import Rules
import ToolModel

enum OutputFormat: String, CaseIterable, ExpressibleByArgument {
    case text
    case json
    case sarif
}

enum ListFormat: String, CaseIterable, ExpressibleByArgument {
    case text
    case json
}

/// The severities `--fail-on` accepts (`warn` is taken for `warning`, as in config files).
struct FailThreshold: ExpressibleByArgument {
    var severity: Severity

    init?(argument: String) {
        guard let severity = Severity(loose: argument) else { return nil }
        self.severity = severity
    }

    static var allValueStrings: [String] { ["error", "warning", "info", "hint"] }
    var defaultValueDescription: String { severity.rawValue }
}

/// A `--target` value, validated against the provider profiles.
struct TargetArgument: ExpressibleByArgument {
    var target: Target

    init?(argument: String) {
        guard let target = Target(rawValue: argument.lowercased()) else { return nil }
        self.target = target
    }

    static var allValueStrings: [String] { Target.allCases.map(\.rawValue) }
}
