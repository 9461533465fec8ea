import JSON

/// The checks. Everything the host sends is already normalised and carries JSON Pointers into
/// the document, so the plugin never parses the document text (it asks the host to omit it).
enum Checks {
    struct Settings {
        var maxNameLength = 40
        /// Tools kept for the `toolHashes` extension (see `ToolCache`).
        var toolCacheEntries = 4096
    }

    /// What the document-level check needs of a tool, kept by hash between requests.
    struct ToolSummary {
        var name: String
        /// The name in lower case, worked out once per tool rather than once per request.
        var folded: String
        var namePointer: JSONValue

        init?(_ tool: JSONValue) {
            guard let name = tool["name"]?.stringValue, let at = tool["pointers"]?["name"] else { return nil }
            self.name = name
            self.folded = name.lowercased()
            self.namePointer = at
        }
    }

    /// Findings about one tool alone: they depend on nothing else, so with `toolHashes` the
    /// host may reuse them while the tool is unchanged.
    static func toolFindings(_ tool: JSONValue, settings: Settings) -> [JSONValue] {
        var findings: [JSONValue] = []
        let pointers = tool["pointers"]
        if let name = tool["name"]?.stringValue, name.unicodeScalars.count > settings.maxNameLength,
            let at = pointers?["name"]
        {
            findings.append([
                "code": "swift-example/name-length", "pointer": at,
                "message": .string(
                    "Tool name \"\(name)\" has \(name.unicodeScalars.count) characters; keep it to "
                        + "\(settings.maxNameLength) or fewer"),
            ])
        }
        guard let schema = tool["inputSchema"], let schemaText = pointers?["inputSchema"]?.stringValue,
            let schemaPointer = JSONPointer(schemaText)
        else { return findings }
        let properties = schema["properties"]?.objectMembers ?? []
        for property in properties where property.value.objectMembers != nil && property.value["description"] == nil {
            findings.append([
                "code": "swift-example/param-undocumented",
                "pointer": .string((schemaPointer / "properties" / property.key).description),
                "preferKey": true,
                "message": .string("Parameter \"\(property.key)\" has no description"),
            ])
        }
        let names = Set(properties.map(\.key))
        for (index, required) in (schema["required"]?.arrayValue ?? []).enumerated() {
            guard let key = required.stringValue, !names.contains(key) else { continue }
            let pointer = (schemaPointer / "required" / index).description
            findings.append([
                "code": "swift-example/required-unknown", "pointer": .string(pointer),
                "message": .string("\"\(key)\" is required but not a property"),
                "fixes": [
                    [
                        "title": .string("Remove \"\(key)\" from required"), "isPreferred": true,
                        "operations": [["op": "remove", "pointer": .string(pointer)]],
                    ]
                ],
            ])
        }
        return findings
    }

    /// Findings about the tools together: names that differ only in letter case (a model
    /// confuses them; exact duplicates are a built-in rule). Needs every tool, which is why the
    /// plugin keeps tools by hash under `toolHashes`.
    static func setFindings(_ tools: [ToolSummary?]) -> [JSONValue] {
        var seen: [String: String] = [:]
        seen.reserveCapacity(tools.count)
        var findings: [JSONValue] = []
        for case let tool? in tools {
            let folded = tool.folded
            if let first = seen[folded] {
                if first != tool.name {
                    findings.append([
                        "code": "swift-example/name-case-collision", "pointer": tool.namePointer,
                        "message": .string("Tool name \"\(tool.name)\" differs from \"\(first)\" only in letter case"),
                    ])
                }
            } else {
                seen[folded] = tool.name
            }
        }
        return findings
    }

    /// The plain protocol: every tool in full, one findings list.
    static func analyze(_ params: JSONValue, settings: Settings) -> JSONValue {
        let tools = params["tools"]?.arrayValue ?? []
        var findings: [JSONValue] = []
        for tool in tools { findings += toolFindings(tool, settings: settings) }
        findings += setFindings(tools.map(ToolSummary.init))
        return ["findings": .array(findings)]
    }

    static func settings(from value: JSONValue?, base: Settings) -> Settings {
        var settings = base
        if let n = value?["maxNameLength"]?.numberValue, n >= 1 { settings.maxNameLength = Int(n) }
        if let n = value?["toolCacheEntries"]?.numberValue, n >= 1 { settings.toolCacheEntries = Int(n) }
        return settings
    }
}
