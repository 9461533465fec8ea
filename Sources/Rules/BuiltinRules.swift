/// The built-in catalogue. One file per rule group; each list below is the only place a new
/// rule has to be registered.
public enum BuiltinRules {
    public static let toolRules: [any ToolRule] = []
    public static let setRules: [any SetRule] = []
}
