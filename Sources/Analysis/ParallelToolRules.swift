import Rules
import ToolModel

/// The tool rules over many tools on every core: a tool's findings depend only on the tool,
/// its set and the rule contexts (see `ToolRule`), so tools are independent and the results,
/// kept in tool order, are the same as a loop's.
enum ParallelToolRules {
    /// `engine.toolRuleFindings` for each of `tools` (indices into `set.tools`), in that order.
    static func run(_ engine: RuleEngine, on set: ToolSet, tools: [Int], rules: ActiveToolRules) -> [ToolRuleFindings] {
        Parallel.map(tools) { engine.toolRuleFindings(for: $0, in: set, rules: rules) }
    }
}
