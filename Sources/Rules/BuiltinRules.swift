import ToolModel

/// The built-in catalogue. One file per rule group; each list below is the only place a new
/// rule has to be registered.
public enum BuiltinRules {
    public static let toolRules: [any ToolRule] = [
        NameTargetPatternRule(),
        DescMissingRule(),
        DescTooShortRule(),
        ParamNoDescriptionRule(),
        ParamRequiredUndefinedRule(),
        SchemaRootNotObjectRule(),
        SchemaInvalidRule(),
        SecHiddenTextRule(),
        SecHiddenInstructionTagRule(),
        // Naming
        NamePrefixedLengthRule(),
        NameGenericRule(),
        // Description
        DescTautologicalRule(),
        DescLengthLimitRule(),
        DescMissingGuidanceRule(),
        DescWeakOpeningRule(),
        DescPromotionalCuesRule(),
        AnnotationContradictionRule(),
        // Parameters
        ParamAmbiguousNameRule(),
        ParamNoTypeRule(),
        ParamEnumInProseRule(),
        ParamExclusiveBooleansRule(),
        ParamDefaultIssuesRule(),
        ParamFormatUnspecifiedRule(),
        ParamModelFillsKnownContextRule(),
        ParamCountHighRule(),
        // Schema compatibility
        SchemaNestingDepthRule(),
        OpenAIStrictClosedObjectsRule(),
        OpenAIStrictAllRequiredRule(),
        OpenAIStrictUnsupportedRule(),
        OpenAIStrictSizeRule(),
        EnumCaseCollisionRule(),
        GeminiUnsupportedKeywordRule(),
        SchemaNoargOpenRule(),
        // Output
        OutputSchemaMissingRule(),
        OutputSchemaInvalidRule(),
        OutputUnboundedRule(),
        OutputLowSignalFieldsRule(),
        OutputErrorGuidanceMissingRule(),
        // Security
        SecCoerciveDirectiveRule(),
        SecSensitiveResourceReferenceRule(),
        SecNonASCIIIdentifierRule(),
        SecExfiltrationTargetRule(),
        SecSecretLiteralRule(),
        SecDestructiveUnannotatedRule(),
    ]
    public static let setRules: [any SetRule] = [
        NameDuplicateRule(),
        NameStyleInconsistentRule(),
        NameNamespaceMissingRule(),
        DescMissingDisambiguationRule(),
        DescUnknownReferenceRule(),
        AnthropicStrictLimitsRule(),
        SecCrossToolShadowingRule(),
        SecLethalTrifectaRule(),
        SetToolCountRule(),
        SetTokenBudgetRule(),
        SetNearDuplicateRule(),
        SetShadowingCostRule(),
        SetConsolidationCandidateRule(),
        SetParamNameDriftRule(),
        SetNameCollisionRule(),
        SecDefinitionDriftRule(),
    ]

    /// Finding ids that come from reading the document rather than from rules: syntax errors and
    /// the dialect reader. They have doc pages like rules, but no per-target behaviour.
    public static let documentCodes: [DocumentCode] = [
        DocumentCode(id: "json-syntax", severity: .error, summary: "The text is not valid JSON."),
        DocumentCode(id: "json-duplicate-key", severity: .warning, summary: "An object has the same key twice."),
        DocumentCode(id: "invalid-utf8", severity: .error, summary: "The file is not valid UTF-8."),
        DocumentCode(id: "nesting-too-deep", severity: .error, summary: "Arrays and objects nest too deeply to read."),
        DocumentCode(
            id: "number-out-of-range", severity: .warning, summary: "A number cannot be represented exactly."),
        DocumentCode(id: "yaml-syntax", severity: .error, summary: "The text is not valid YAML."),
        DocumentCode(
            id: "yaml-unsupported", severity: .error,
            summary: "The YAML uses a feature with no JSON equivalent (anchors, tags, complex keys)."),
        DocumentCode(
            id: ReaderFindings.dialectUnknownId, severity: .error,
            summary: "The document matches no known tool-definition dialect."),
        DocumentCode(
            id: ReaderFindings.shapeId, severity: .error,
            summary: "An entry or field of a tool list has the wrong shape."),
        DocumentCode(
            id: "config-invalid", severity: .error,
            summary: "`.toolwright.yaml` has a syntax error, an unknown key or a bad value."),
    ]
}

/// A finding id emitted by the document layer or the dialect reader, not by a rule.
public struct DocumentCode: Sendable {
    public var id: String
    public var severity: Severity
    public var summary: String

    public init(id: String, severity: Severity, summary: String) {
        self.id = id
        self.severity = severity
        self.summary = summary
    }

    public var docsURL: String { RuleMetadata.docsBase + id + ".md" }
}
