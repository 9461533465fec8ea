import JSON
import SourceDocument
import ToolModel

/// Builds the host → plugin payloads and reads the plugin → host results of the protocol in
/// `protocol/plugin-protocol.md`.
enum PluginMessages {
    /// - Parameter toolHashes: offer the `toolHashes` extension of `document/analyze`.
    static func initializeParams(workspaceRoot: String?, settings: JSONValue, toolHashes: Bool = true) -> JSONValue {
        var capabilities: [JSONMember] = [JSONMember("logMessage", true)]
        if toolHashes { capabilities.append(JSONMember("analyze", ["toolHashes": true])) }
        return [
            "protocolVersion": .string(PluginManifest.protocolVersion),
            "hostInfo": ["name": "toolwright", "version": "0.1"],
            "workspaceFolders": .array(workspaceRoot.map { [.string($0)] } ?? []),
            "settings": settings,
            "capabilities": .object(capabilities),
        ]
    }

    /// The `document/analyze` params as a value: the reference `AnalyzeRequest` and
    /// `EncodedTool` write byte for byte without building it (tested), kept for that test.
    static func analyzeParams(_ document: SourceDocument, tools: ToolSet, settings: JSONValue, includeText: Bool = true)
        -> JSONValue
    {
        let list: [JSONValue] = tools.tools.enumerated().map { index, tool in
            var value = NormalisedModel.toolValue(tool)
            var pointers: [JSONMember] = [
                JSONMember("tool", .string(tool.pointer.description)),
                JSONMember("definition", .string(tool.definitionPointer.description)),
                JSONMember("inputSchema", .string((tool.inputSchema?.pointer ?? tool.inputSchemaPointer).description)),
            ]
            if let name = tool.name { pointers.append(JSONMember("name", .string(name.pointer.description))) }
            if let description = tool.description {
                pointers.append(JSONMember("description", .string(description.pointer.description)))
            }
            if case .object(var members) = value {
                members.insert(JSONMember("index", .integer(Int64(index))), at: 0)
                members.append(JSONMember("pointers", .object(pointers)))
                value = .object(members)
            }
            return value
        }
        var described: [JSONMember] = [
            JSONMember("uri", .string(document.uri)), JSONMember("version", .integer(Int64(document.version))),
            JSONMember("languageId", .string(document.format == .yaml ? "yaml" : "json")),
        ]
        if includeText { described.append(JSONMember("text", .string(document.text))) }
        return [
            "document": .object(described),
            "dialect": tools.dialect.map { .string($0.rawValue) } ?? .null,
            "tools": .array(list),
            "settings": settings,
        ]
    }

    /// The plugin's findings, with pointers checked against the document. Findings whose
    /// pointer is malformed or names nothing in the document are counted, not kept.
    static func findings(from result: JSONValue, manifest: PluginManifest, document: SourceDocument)
        -> (kept: [Finding], rejected: Int)
    {
        var kept: [Finding] = []
        var rejected = 0
        for item in result["findings"]?.arrayValue ?? [] {
            guard let found = finding(item, manifest: manifest), document.tree.node(at: found.pointer) != nil else {
                rejected += 1
                continue
            }
            kept.append(found)
        }
        return (kept, rejected)
    }

    /// One finding as the plugin wrote it, before its pointer is checked against a document;
    /// nil without a message or with a malformed pointer.
    static func finding(_ item: JSONValue, manifest: PluginManifest) -> Finding? {
        guard let message = item["message"]?.stringValue, let text = item["pointer"]?.stringValue,
            let pointer = JSONPointer(text)
        else { return nil }
        let code = item["code"]?.stringValue ?? manifest.id
        let declared = manifest.rule(code)
        let severity =
            item["severity"]?.stringValue.flatMap(Severity.init(loose:)) ?? declared?.defaultSeverity ?? .warning
        return Finding(
            ruleId: code, severity: severity, message: message, pointer: pointer,
            preferKey: item["preferKey"]?.boolValue ?? false,
            fixes: (item["fixes"]?.arrayValue ?? []).compactMap(fix))
    }

    static func fix(_ value: JSONValue) -> Fix? {
        guard let title = value["title"]?.stringValue, let ops = value["operations"]?.arrayValue else { return nil }
        var operations: [FixOperation] = []
        for op in ops {
            guard let kind = op["op"]?.stringValue, let text = op["pointer"]?.stringValue,
                let pointer = JSONPointer(text)
            else { return nil }
            switch kind {
            case "replace":
                guard let v = op["value"] else { return nil }
                operations.append(.replace(pointer, v))
            case "add":
                guard let key = op["key"]?.stringValue, let v = op["value"] else { return nil }
                operations.append(.addMember(object: pointer, key: key, value: v))
            case "remove": operations.append(.remove(pointer))
            case "rename":
                guard let to = op["to"]?.stringValue else { return nil }
                operations.append(.renameKey(pointer, to: to))
            case "append":
                guard let v = op["value"] else { return nil }
                operations.append(.appendElement(array: pointer, value: v))
            default: return nil
            }
        }
        return Fix(title: title, operations: operations, isPreferred: value["isPreferred"]?.boolValue ?? false)
    }
}
