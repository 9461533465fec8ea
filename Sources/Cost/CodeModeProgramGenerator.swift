import JSON
import ToolModel

/// The program a model would write in code mode for a workflow's steps: one awaited call per
/// step against the generated `tools` API (loops for repeats, `Promise.all` for parallel calls),
/// forwarded results as variables, the workflow's own `code` lines, and one `console.log` of
/// what the model needs back. It is the body of an async function (the sandbox supplies the
/// wrapper), so `await` is allowed at its top level.
public enum CodeModeProgramGenerator {
    public static func program(for workflow: Workflow, tools: [ToolDefinition]) -> String {
        if let program = workflow.codeMode.program { return program }
        let unique = TypeScriptAPIGenerator.uniqueTools(tools)
        let names = Dictionary(
            zip(unique.compactMap { $0.name?.value }, TypeScriptAPIGenerator.names(for: unique)),
            uniquingKeysWith: { first, _ in first })
        let definitions = Dictionary(
            unique.compactMap { tool in tool.name.map { ($0.value, tool) } }, uniquingKeysWith: { first, _ in first })
        var builder = Builder(names: names, definitions: definitions)
        for step in workflow.steps {
            switch step.kind {
            case .call(let call): builder.emit(call)
            case .parallel(let calls): builder.emitParallel(calls)
            case .code(let code):
                builder.lines += code.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            }
        }
        builder.lines.append("console.log(JSON.stringify(\(builder.printExpression(workflow))));")
        return builder.lines.joined(separator: "\n") + "\n"
    }

    /// Wraps a program body so a TypeScript compiler can check it next to the declarations.
    public static func checkableSource(declarations: String, program: String) -> String {
        let body = program.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "  " + $0 }
        return declarations + "\nasync function main(): Promise<void> {\n" + body.joined(separator: "\n")
            + "}\n\nmain();\n"
    }
}

private struct Builder {
    let names: [String: TypeScriptAPIGenerator.ToolNames]
    let definitions: [String: ToolDefinition]
    var lines: [String] = []
    /// Variable of each call, by call id, and the variables of the last step.
    var byId: [String: (variable: String, tool: String, isArray: Bool)] = [:]
    var previous: (variable: String, tool: String, isArray: Bool)?
    var printed: [String] = []
    var counter = 0

    mutating func freshName(_ call: Call) -> String {
        counter += 1
        if let id = call.id, TypeScriptAPIGenerator.isIdentifier(id) { return id }
        return "r\(counter)"
    }

    mutating func emit(_ call: Call) {
        let variable = freshName(call)
        let accessor = names[call.tool.value]?.accessor ?? "tools[\(JSONValue.quoted(call.tool.value))]"
        let arguments = literal(call.arguments, call: call, path: [], indent: "")
        if call.repeatCount > 1 {
            let element = "Awaited<ReturnType<typeof \(accessor)>>"
            if call.parallel {
                lines.append(
                    "const \(variable) = await Promise.all(Array.from({ length: \(call.repeatCount) }, () => "
                        + "\(accessor)(\(arguments))));")
            } else {
                lines.append("const \(variable): \(element)[] = [];")
                lines.append("for (let i = 0; i < \(call.repeatCount); i++) {")
                lines.append("  \(variable).push(await \(accessor)(\(arguments)));")
                lines.append("}")
            }
        } else {
            lines.append("const \(variable) = await \(accessor)(\(arguments));")
        }
        record(call, variable: variable)
        previous = (variable, call.tool.value, call.repeatCount > 1)
    }

    mutating func emitParallel(_ calls: [Call]) {
        var variables: [String] = []
        var expressions: [String] = []
        for call in calls {
            let variable = freshName(call)
            let accessor = names[call.tool.value]?.accessor ?? "tools[\(JSONValue.quoted(call.tool.value))]"
            let arguments = literal(call.arguments, call: call, path: [], indent: "  ")
            variables.append(variable)
            expressions.append(
                call.repeatCount > 1
                    ? "Promise.all(Array.from({ length: \(call.repeatCount) }, () => \(accessor)(\(arguments))))"
                    : "\(accessor)(\(arguments))")
        }
        lines.append("const [\(variables.joined(separator: ", "))] = await Promise.all([")
        lines += expressions.map { "  \($0)," }
        lines.append("]);")
        for (call, variable) in zip(calls, variables) { record(call, variable: variable) }
        if let last = calls.last, let variable = variables.last {
            previous = (variable, last.tool.value, last.repeatCount > 1)
        }
    }

    private mutating func record(_ call: Call, variable: String) {
        if let id = call.id { byId[id] = (variable, call.tool.value, call.repeatCount > 1) }
        if call.print { printed.append(variable) }
    }

    func printExpression(_ workflow: Workflow) -> String {
        if let expression = workflow.codeMode.printExpression { return expression }
        if printed.count == 1 { return printed[0] }
        if !printed.isEmpty { return "{ " + printed.joined(separator: ", ") + " }" }
        return previous?.variable ?? "null"
    }

    /// The arguments as a TypeScript object literal, forwarding strings replaced by expressions.
    func literal(_ value: JSONValue, call: Call, path: [String], indent: String) -> String {
        switch value {
        case .string(let text):
            guard let reference = ForwardReference(text) else { return value.serialized() }
            return forwarded(reference, call: call, path: path)
        case .array(let items):
            let parts = items.enumerated().map { literal($0.element, call: call, path: path + ["#"], indent: indent) }
            return "[" + parts.joined(separator: ", ") + "]"
        case .object(let members):
            if members.isEmpty { return "{}" }
            let parts = members.map {
                TypeScriptAPIGenerator.propertyKey($0.key) + ": "
                    + literal($0.value, call: call, path: path + [$0.key], indent: indent)
            }
            return "{ " + parts.joined(separator: ", ") + " }"
        default:
            return value.serialized()
        }
    }

    /// A forwarded result, asserted to the parameter's type (the sandbox's results are typed
    /// `unknown` when a tool publishes no output schema).
    func forwarded(_ reference: ForwardReference, call: Call, path: [String]) -> String {
        let source: (variable: String, tool: String, isArray: Bool)?
        switch reference.source {
        case .previous: source = previous
        case .step(let id): source = byId[id]
        }
        guard let source else { return "null" }
        let target = targetType(call: call, path: path)
        if !reference.path.isEmpty {
            let access = reference.path.map {
                TypeScriptAPIGenerator.isIdentifier($0) ? ".\($0)" : "[\(JSONValue.quoted($0))]"
            }
            // Typed access when the output schema declares the whole path as required fields of
            // the parameter's own type; otherwise the result's shape is unknown to the compiler.
            if !source.isArray, let output = definitions[source.tool]?.outputSchema?.value,
                let field = Self.requiredField(output, path: reference.path),
                let input = definitions[call.tool.value]?.inputSchema?.value
            {
                let target = Self.field(input, path: path)
                let fieldType = TypeScriptAPIGenerator.type(field, root: output, indent: "", depth: 0)
                if target == nil
                    || TypeScriptAPIGenerator.type(target!, root: input, indent: "", depth: 0) == fieldType
                {
                    return source.variable + access.joined()
                }
            }
            return "(\(source.variable) as any)" + access.joined()
        }
        let hasOutput = definitions[source.tool]?.outputSchema != nil || source.isArray
        guard let target else { return source.variable }
        return hasOutput ? "\(source.variable) as unknown as \(target)" : "\(source.variable) as \(target)"
    }

    /// The schema of a path of required properties, or nil.
    static func requiredField(_ schema: JSONValue, path: [String]) -> JSONValue? {
        var current = schema
        for key in path {
            let required = current["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
            guard required.contains(key), let next = current["properties"]?[key] else { return nil }
            current = next
        }
        return current
    }

    /// The schema at an argument path (nil when a step is not declared, i.e. any value goes).
    static func field(_ schema: JSONValue, path: [String]) -> JSONValue? {
        var current = schema
        for key in path {
            if key == "#" {
                guard let items = current["items"] else { return nil }
                current = items
            } else {
                guard let next = current["properties"]?[key] else { return nil }
                current = next
            }
        }
        return current
    }

    /// `InputType["a"]`, `NonNullable<…>["b"]`, `…[number]` for array elements.
    func targetType(call: Call, path: [String]) -> String? {
        guard let input = names[call.tool.value]?.inputType, definitions[call.tool.value]?.inputSchema != nil else {
            return nil
        }
        var type = input
        for (index, token) in path.enumerated() {
            let key = token == "#" ? "number" : JSONValue.quoted(token)
            type = index == 0 ? "\(type)[\(key)]" : "NonNullable<\(type)>[\(key)]"
        }
        return type
    }
}
