import Foundation
import JSON
import Synchronization
import Testing

@testable import LiveMCP

/// The handshake and paging against a small stdlib-only test server.
@Suite struct StdioProtocolTests {
    @Test func followsCursorsAndReportsListChanged() async throws {
        let changed = Mutex(0)
        let (stream, continuation) = AsyncStream<Void>.makeStream()
        let client = try await MCPStdioClient.start(
            command: "python3", arguments: [TestServers.script("paging_server.py")],
            onToolListChanged: {
                changed.withLock { $0 += 1 }
                continuation.yield()
            })
        // The server sends list_changed only after we answered its ping.
        var iterator = stream.makeAsyncIterator()
        _ = await iterator.next()
        let list = try await client.listTools()
        await client.close()

        #expect(list.names == ["alpha", "beta", "gamma", "delta", "epsilon"])
        #expect(list.pages.count == 3)
        #expect(list.pages[0]["nextCursor"] == "page-2")
        #expect(list.result["tools"]?.arrayValue?.count == 5)
        #expect(changed.withLock { $0 } == 1)
        #expect(client.serverInfo.announcesToolListChanges)
        #expect(client.standardError.contains("client asked for 2025-11-25"))
    }

    @Test func acceptsAnOlderSupportedVersion() async throws {
        let client = try await MCPStdioClient.start(
            command: "python3", arguments: [TestServers.script("paging_server.py")],
            environment: ["ANSWER_VERSION": "2025-06-18"])
        await client.close()
        #expect(client.serverInfo.protocolVersion == "2025-06-18")
    }

    @Test func rejectsAnUnknownVersionAndStopsTheServer() async throws {
        await #expect {
            try await MCPStdioClient.start(
                command: "python3", arguments: [TestServers.script("paging_server.py")],
                environment: ["ANSWER_VERSION": "2031-01-01"])
        } throws: { error in
            "\(error)".contains("wants protocol version 2031-01-01") && "\(error)".contains("2025-11-25")
        }
    }

    @Test func workingDirectoryAndEnvironmentReachTheServer() async throws {
        let folder = TestServers.temporaryFile("cwd")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let script = folder + "/where.py"
        try """
        import json, os, sys
        for line in sys.stdin:
            m = json.loads(line)
            if m.get("method") == "initialize":
                print(json.dumps({"jsonrpc": "2.0", "id": m["id"], "result": {
                    "protocolVersion": "2025-11-25", "capabilities": {},
                    "serverInfo": {"name": os.getcwd() + "|" + os.environ.get("MARK", ""), "version": "0"}}}), flush=True)
        """.write(toFile: script, atomically: true, encoding: .utf8)
        let client = try await MCPStdioClient.start(
            command: "python3", arguments: ["where.py"], environment: ["MARK": "set"], cwd: folder)
        await client.close()
        let real = try #require(realpath(folder, nil))
        defer { free(real) }
        #expect(client.serverInfo.name == String(cString: real) + "|set")
    }
}
