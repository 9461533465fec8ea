import Foundation
import JSON
import Plugins
import Testing
import ToolModel

/// Real plugin processes over real pipes, each misbehaving in one way. The host must turn each
/// into a finding, keep working, and leave no process behind.
@Suite struct PluginFailureTests {
    private func hostWith(_ manifests: [PluginManifest], log: TrafficLog = TrafficLog()) -> PluginHost {
        let host = PluginHost(trust: WorkspaceTrust(storePath: nil), log: { log.log($0) })
        for manifest in manifests { host.register(manifest, origin: .user) }
        return host
    }

    private func analyzeOnce(_ host: PluginHost) async -> [Finding] {
        let (document, set) = Fixture.toolSet(Fixture.mcpTools)
        return await host.analyze(document, tools: set)
    }

    @Test func hangTimesOutThenTheHostStillServesOtherPlugins() async throws {
        let host = hostWith([
            try PluginFixtures.misbehavingPlugin("hang", requestMs: 800), try PluginFixtures.houseStyle(),
        ])
        let findings = await analyzeOnce(host)
        let failure = try #require(findings.first { $0.ruleId == PluginHost.failedRuleId })
        #expect(failure.message.contains("bad-hang") && failure.message.contains("timed out"))
        // The healthy plugin answered in the same call.
        #expect(host.statuses().first { $0.id == "house-style" }?.state == "running")
        let pid = try #require(host.pid(of: "bad-hang"))
        let (document, set) = Fixture.toolSet(
            #"[{"name": "a", "description": "This tool lets you read TODO", "inputSchema": {"type": "object"}}]"#)
        let again = await host.analyze(document, tools: set)
        #expect(again.contains { $0.ruleId == "house-style/no-placeholder" })
        #expect(again.contains { $0.ruleId == PluginHost.failedRuleId })
        // Two timeouts in a row: the wedged plugin was stopped (SIGTERM after shutdown went unanswered).
        #expect(host.pid(of: "bad-hang") == nil)
        #expect(!PluginFixtures.isRunning(pid))
        await host.stopAll()
    }

    @Test(arguments: [("abort", "signal 6"), ("exit", "exit status 3")])
    func crashMidRequestIsOneFindingAndTheNextCallRestarts(mode: String, expected: String) async throws {
        let host = hostWith([try PluginFixtures.misbehavingPlugin(mode)])
        let first = await analyzeOnce(host)
        #expect(first.count == 1)
        #expect(first.first?.ruleId == PluginHost.failedRuleId)
        #expect(first.first?.message.contains("crashed") == true)
        #expect(first.first?.message.contains(expected) == true, "\(first)")
        #expect(host.statuses().first?.failures == 1)
        // Backoff is 0 in this manifest, so the next document restarts the plugin (and it crashes again).
        let second = await analyzeOnce(host)
        #expect(second.first?.message.contains("crashed") == true)
        #expect(host.statuses().first?.failures == 2)
        await host.stopAll()
        #expect(host.pid(of: "bad-\(mode)") == nil)
    }

    @Test func timeoutSendsCancelRequestAndTheLateReplyIsIgnored() async throws {
        let log = TrafficLog()
        let host = hostWith([try PluginFixtures.misbehavingPlugin("slow", requestMs: 2000)], log: log)
        let first = await analyzeOnce(host)
        #expect(first.first?.message.contains("timed out after 2000 ms") == true)
        // The plugin wakes and answers the abandoned request late; the host drops that reply.
        for _ in 0..<1000 where !log.logLines.contains(where: { $0.contains("unknown request") }) {
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        #expect(log.logLines.contains { $0.contains("unknown request") })
        // The next request is answered, with the cancellations the plugin received.
        let second = await analyzeOnce(host)
        let echoed = try #require(second.first { $0.ruleId == "bad/found" })
        let cancels = try Jansson.decode(echoed.message)
        #expect(cancels.arrayValue?.count == 1)
        let traffic = PluginTraffic(
            direction: .hostToPlugin, method: "$/cancelRequest", isResult: false, payload: cancels[0] ?? .null)
        #expect(ProtocolSchema.violations(traffic) == [])
        await host.stopAll()
    }

    /// The language server ignores SIGPIPE, and children inherit ignored signals: a plugin must
    /// start with SIGPIPE at its default (a shell plugin, since Python ignores it by itself).
    @Test func pluginsStartWithSIGPIPEAtItsDefault() async throws {
        signal(SIGPIPE, SIG_IGN)
        let directory = try PluginFixtures.temporaryDirectory()
        let manifest: JSONValue = [
            "id": "signals", "version": "0.0.1", "protocol": "toolwright-plugin/1",
            "command": ["sh", "-c", "grep SigIgn /proc/self/status > ignored.txt"],
            "timeouts": ["initializeMs": 20000, "requestMs": 2000, "shutdownMs": 500],
        ]
        let (parsed, problems) = PluginManifest.parse(manifest, directory: directory)
        let plugin = try #require(parsed, "\(problems)")
        let host = hostWith([plugin])
        _ = await analyzeOnce(host)
        await host.stopAll()
        let line = try String(contentsOfFile: directory + "/ignored.txt", encoding: .utf8)
        let mask = try #require(
            UInt64(line.split(separator: "\t").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "", radix: 16))
        // SigIgn's bit n - 1 is signal n.
        #expect(mask & (1 << (UInt64(SIGPIPE) - 1)) == 0, "SigIgn \(line)")
    }

    @Test func restartWaitsForTheBackoff() async throws {
        let base = try PluginFixtures.misbehavingPlugin("exit")
        var manifest = base
        manifest.restartBackoffMs = [60_000]
        let host = hostWith([manifest])
        #expect(await analyzeOnce(host).first?.message.contains("crashed") == true)
        let second = await analyzeOnce(host)
        #expect(second.count == 1)
        #expect(second.first?.message.contains("next restart in") == true, "\(second)")
        #expect(host.statuses().first?.failures == 1)
        #expect(host.statuses().first?.state == "backingOff")
        await host.stopAll()
    }

    @Test func megabytesOfStderrBeforeTheReplyAreDrained() async throws {
        let host = hostWith([try PluginFixtures.misbehavingPlugin("stderr")])
        let findings = await analyzeOnce(host)
        #expect(findings.map(\.ruleId) == ["bad/found"])
        #expect(findings.first?.pointer.description == "/tools/0/name")
        await host.stopAll()
    }

    @Test func tenMegabyteReplyOverTheCapFailsFast() async throws {
        let host = hostWith([try PluginFixtures.misbehavingPlugin("big", requestMs: 60000, maxMessageBytes: 1 << 20)])
        let findings = await analyzeOnce(host)
        #expect(findings.count == 1)
        #expect(findings.first?.message.contains("larger than the limit") == true, "\(findings)")
        await host.stopAll()
    }

    @Test func tenMegabyteReplyUnderTheCapArrives() async throws {
        let host = hostWith([try PluginFixtures.misbehavingPlugin("big", requestMs: 30000, maxMessageBytes: 16 << 20)])
        let findings = await analyzeOnce(host)
        #expect(findings.first?.message.utf8.count == 10_000_000)
        await host.stopAll()
    }

    @Test func ignoringShutdownAndSIGTERMStillEndsTheProcess() async throws {
        let host = hostWith([try PluginFixtures.misbehavingPlugin("ignore-shutdown")])
        #expect(await analyzeOnce(host).map(\.ruleId) == ["bad/found"])
        let pid = try #require(host.pid(of: "bad-ignore-shutdown"))
        #expect(PluginFixtures.isRunning(pid))
        // Its own process group, so signals to the group reach it (and any children).
        #expect(getpgid(pid) == pid)
        await host.stopAll()
        #expect(!PluginFixtures.isRunning(pid))
        #expect(host.statuses().first?.state == "stopped")
    }

    @Test func aPluginThatStaysAfterExitIsEndedBySIGTERM() async throws {
        // The host spawns from one thread: a mask blocking SIGTERM there would reach every
        // plugin, and the stop sequence would always fall through to SIGKILL.
        let health = await PluginProbe.run(try PluginFixtures.misbehavingPlugin("linger"), workspaceRoot: nil)
        #expect(health.failedStep == "shutdown", "\(health.error ?? "")")
        #expect(health.exit == "killed by signal \(SIGTERM)")
    }

    @Test(arguments: ["garbage", "unknown-id"])
    func protocolNoiseIsSkipped(mode: String) async throws {
        let log = TrafficLog()
        let host = hostWith([try PluginFixtures.misbehavingPlugin(mode)], log: log)
        #expect(await analyzeOnce(host).map(\.ruleId) == ["bad/found"])
        #expect(!log.logLines.isEmpty)
        await host.stopAll()
    }

    @Test func pointersNotInTheDocumentAreDroppedAndReportedOnce() async throws {
        let host = hostWith([try PluginFixtures.misbehavingPlugin("bad-pointer")])
        let findings = await analyzeOnce(host)
        #expect(findings.map(\.ruleId) == ["bad/found", PluginHost.invalidResultRuleId])
        #expect(findings.last?.message.contains("2 finding(s)") == true)
        await host.stopAll()
    }

    @Test func aCommandThatDoesNotExistIsAFinding() async throws {
        let (manifest, _) = PluginManifest.parse(
            [
                "id": "ghost", "protocol": "toolwright-plugin/1", "command": ["/nonexistent/plugin-binary"],
                "timeouts": ["initializeMs": 2000],
            ],
            directory: "/tmp")
        let host = hostWith([try #require(manifest)])
        let findings = await analyzeOnce(host)
        #expect(findings.count == 1)
        #expect(findings.first?.ruleId == PluginHost.failedRuleId)
        #expect(findings.first?.message.contains("ghost") == true)
        await host.stopAll()
    }
}
