import Foundation
import JSON
import JSONRPC
import SourceDocument
import Testing

@testable import LanguageServer

/// The real binary over real pipes: the lifecycle a client sees.
@Suite(.serialized) struct BlackBoxTests {
    @Test func initializeOpenDiagnosticsShutdownExit() async throws {
        let server = try ServerProcess()
        let result = try await server.initialize()
        #expect(result.at("result.capabilities.textDocumentSync.change") == 2)
        #expect(result.at("result.serverInfo.name") == "toolwright")
        server.open(
            "file:///bb/tools.json",
            #"{"tools":[{"name":"get_weather","description":"Weather.","inputSchema":{"type":"object"}}]}"#, version: 4)
        let published = try await server.notification("textDocument/publishDiagnostics") {
            $0["uri"] == "file:///bb/tools.json"
        }
        #expect(published.at("params.version") == 4)
        #expect(published.at("params.diagnostics")?.arrayValue != nil)
        let info = try await server.call("toolwright/documentInfo", ["textDocument": ["uri": "file:///bb/tools.json"]])
        #expect(info.at("result.version") == 4)
        #expect(try await server.call("shutdown").at("result") == .null)
        server.notify("exit")
        #expect(try await server.exitStatus() == 0)
    }

    @Test func realRulesGiveDiagnosticsHoverAndQuickFixes() async throws {
        let server = try ServerProcess()
        _ = try await server.initialize(capabilities: ["textDocument": ["hover": ["contentFormat": ["plaintext"]]]])
        let marked = MarkedText(
            """
            {"tools": [
              {"name": 1️⃣"Send Email"2️⃣, "description": "Sends an email to one recipient.",
               "inputSchema": {"type": "object", "properties": {"to": {"type": "string", "description": "Address."}}}},
              {"name": 3️⃣"Send Email"4️⃣, "description": "Sends an email to one recipient.",
               "inputSchema": {"type": "object", "properties": {}}}
            ]}
            """)
        let uri = "file:///bb/real.tools.json"
        server.open(uri, marked.text)
        let published = try await server.notification("textDocument/publishDiagnostics") {
            $0["uri"]?.stringValue == uri
        }
        let diagnostics = published.at("params.diagnostics")?.arrayValue ?? []
        let pattern = diagnostics.filter { $0["code"] == "name-target-pattern" }
        #expect(pattern.map { $0["range"] } == [marked.range(1, 2).json, marked.range(3, 4).json])
        let duplicate = try #require(diagnostics.first { $0["code"] == "name-duplicate" })
        #expect(duplicate["range"] == marked.range(3, 4).json)
        #expect(duplicate.at("relatedInformation.0.location.range") == marked.range(1, 2).json)
        #expect(duplicate.at("codeDescription.href")?.stringValue?.hasSuffix("name-duplicate.md") == true)

        let hover = try await server.call(
            "textDocument/hover", ["textDocument": ["uri": .string(uri)], "position": marked[1].json])
        #expect(hover.at("result.contents.kind") == "plaintext")
        #expect(hover.at("result.contents.value")?.stringValue?.contains("name-target-pattern") == true)

        let actions = try await server.call(
            "textDocument/codeAction",
            ["textDocument": ["uri": .string(uri)], "range": marked.range(1, 1).json, "context": ["diagnostics": []]])
        let rename = try #require(
            actions.at("result")?.arrayValue?.first { $0.at("diagnostics.0.code") == "name-target-pattern" })
        let edits = try #require(rename.at("edit.changes")?[uri]?.arrayValue)
        let fixed = try applyEdits(edits, to: marked.text)
        // Only the first tool's name changes, to one without the space.
        let lines = fixed.split(separator: "\n", omittingEmptySubsequences: false)
        let original = marked.text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(!lines[1].contains("Send Email") && lines[1].contains("Send"))
        #expect(Array(lines.dropFirst(2)) == Array(original.dropFirst(2)))
        _ = try await server.call("shutdown")
        server.notify("exit")
        #expect(try await server.exitStatus() == 0)
    }

    @Test func yamlToolFilesGetDiagnosticsAndYAMLQuickFixes() async throws {
        let server = try ServerProcess()
        _ = try await server.initialize()
        let marked = MarkedText(
            """
            tools:
              - name: 1️⃣Send Email2️⃣
                description: Sends an email to one recipient.
                inputSchema:
                  type: object
                  properties:
                    to: {type: string, description: Address.}
                  required: [to, 3️⃣cc4️⃣]

            """)
        let uri = "file:///bb/mail.tools.yaml"
        server.open(uri, marked.text)
        let published = try await server.notification("textDocument/publishDiagnostics") {
            $0["uri"]?.stringValue == uri
        }
        let diagnostics = published.at("params.diagnostics")?.arrayValue ?? []
        #expect(diagnostics.first { $0["code"] == "name-target-pattern" }?["range"] == marked.range(1, 2).json)
        #expect(diagnostics.first { $0["code"] == "param-required-undefined" }?["range"] == marked.range(3, 4).json)

        let actions = try await server.call(
            "textDocument/codeAction",
            ["textDocument": ["uri": .string(uri)], "range": marked.range(3, 3).json, "context": ["diagnostics": []]])
        let list = actions.at("result")?.arrayValue ?? []
        let fixedTexts = try list.compactMap { action -> String? in
            guard let edits = action.at("edit.changes")?[uri]?.arrayValue else { return nil }
            return try applyEdits(edits, to: marked.text)
        }
        // Whatever the rule offers (rename to a defined property, or drop the entry), the result
        // must still be the same YAML document apart from that one line.
        #expect(!fixedTexts.isEmpty)
        for fixed in fixedTexts {
            let lines = fixed.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == marked.text.split(separator: "\n", omittingEmptySubsequences: false).count)
            #expect(lines[7].hasPrefix("      required: [to") && !lines[7].contains("cc"))
        }
        _ = try await server.call("shutdown")
        server.notify("exit")
        #expect(try await server.exitStatus() == 0)
    }

    @Test func exitWithoutShutdownIsOne() async throws {
        let server = try ServerProcess()
        _ = try await server.initialize()
        server.notify("exit")
        #expect(try await server.exitStatus() == 1)
    }

    @Test func requestBeforeInitializeIsRefused() async throws {
        let server = try ServerProcess()
        let reply = try await server.call("textDocument/documentSymbol", ["textDocument": ["uri": "file:///x.json"]])
        #expect(reply.at("error.code") == .integer(Int64(ErrorCode.serverNotInitialized)))
        _ = try await server.initialize()
        server.closeInput()
        #expect(try await server.exitStatus() == 1)
    }

    @Test func strayOutputNeverReachesTheWire() async throws {
        // Everything on stdout must parse as frames: the reader saw only JSON messages.
        let server = try ServerProcess()
        _ = try await server.initialize()
        server.open("file:///bb/a.json", #"{"tools":[]}"#)
        _ = try await server.notification("textDocument/publishDiagnostics")
        _ = try await server.call("shutdown")
        server.notify("exit")
        #expect(try await server.exitStatus() == 0)
        #expect(server.allMessages().allSatisfy { $0["jsonrpc"] == "2.0" })
        #expect(server.garbageCount == 0)
    }
}
