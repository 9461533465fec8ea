import Foundation
import JSON
import SourceDocument
import ToolModel

@testable import Cost

/// Paths and builders shared by the cost tests.
enum Fixtures {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let examples = repository.appendingPathComponent("examples/workflows")

    static func example(_ name: String) throws -> LoadedWorkflow {
        let (loaded, findings) = WorkflowLoader.load(path: examples.appendingPathComponent(name).path)
        guard let loaded else { throw FixtureError(message: "\(name): \(findings.map(\.message))") }
        return loaded
    }

    static func workflow(_ yaml: String) -> (Workflow?, [Finding]) {
        WorkflowReader.read(SourceDocument(uri: "file:///t.workflow.yaml", text: yaml))
    }

    /// A tool set from MCP tool objects.
    static func toolSet(_ tools: [JSONValue], uri: String = "file:///tools.json") -> ToolSet {
        DialectDetector.toolSet(from: ["tools": .array(tools)], uri: uri)
    }

    /// The lamiiine benchmark's shape: `resources` × list/get/create/update/delete/search.
    static func crudTools(resources: Int) -> ToolSet {
        let nouns = [
            "user", "team", "project", "milestone", "task", "comment", "label", "document", "folder", "invoice",
            "customer", "order", "product", "ticket", "sprint", "release", "repository", "webhook", "notification",
            "report",
        ]
        var tools: [JSONValue] = []
        for index in 0..<resources {
            let noun = index < nouns.count ? nouns[index] : "resource\(index)"
            let fields: JSONValue = [
                "type": "object",
                "properties": [
                    "name": ["type": "string", "description": .string("Display name of the \(noun)")],
                    "description": ["type": "string", "description": "Longer free-text description"],
                    "status": ["type": "string", "enum": ["active", "archived", "draft"]],
                    "owner_id": ["type": "string", "description": .string("Id of the user who owns the \(noun)")],
                    "tags": ["type": "array", "items": ["type": "string"], "description": "Labels"],
                ],
            ]
            let id: JSONValue = ["type": "string", "description": .string("The \(noun) id")]
            func tool(_ verb: String, _ description: String, _ properties: [JSONMember], required: [String])
                -> JSONValue
            {
                [
                    "name": .string("\(verb)_\(noun)"),
                    "description": .string(description),
                    "inputSchema": [
                        "type": "object", "properties": .object(properties),
                        "required": .array(required.map { .string($0) }),
                    ],
                ]
            }
            tools.append(
                tool(
                    "list", "List \(noun)s, newest first, with pagination.",
                    [
                        JSONMember("limit", ["type": "integer", "description": "Page size (1-100)"]),
                        JSONMember("cursor", ["type": "string", "description": "Cursor from the previous page"]),
                    ], required: []))
            tools.append(tool("get", "Get one \(noun) by id.", [JSONMember("id", id)], required: ["id"]))
            tools.append(tool("create", "Create a \(noun).", [JSONMember("data", fields)], required: ["data"]))
            tools.append(
                tool(
                    "update", "Update fields of a \(noun).", [JSONMember("id", id), JSONMember("data", fields)],
                    required: ["id", "data"]))
            tools.append(tool("delete", "Delete a \(noun) by id.", [JSONMember("id", id)], required: ["id"]))
            tools.append(
                tool(
                    "search", "Search \(noun)s by a free-text query.",
                    [JSONMember("query", ["type": "string", "description": "Search text"])], required: ["query"]))
        }
        return toolSet(tools, uri: "file:///crud.json")
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

enum SourceDocumentFactory {
    static func yaml(_ text: String) -> SourceDocument {
        SourceDocument(uri: "file:///inline.workflow.yaml", text: text)
    }
}

extension Fixtures {
    static func exampleWorkflowNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: examples.path).filter(WorkflowReader.isWorkflowFile)
            .sorted()
    }
}
