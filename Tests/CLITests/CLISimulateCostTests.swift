import Foundation
import JSON
import Testing

/// `toolwright simulate` and `toolwright cost` over the real binary, on the bundled examples.
@Suite struct CLISimulateCostTests {
    @Test func simulateRanksTheExamplePromptsAndFlagsTheMiss() async throws {
        let run = try await ToolwrightBinary.run([
            "simulate", "--format", "json", "examples/selection/orders.prompts.yaml",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try Jansson.decode(run.stdout)
        let prompts = try #require(report["prompts"]?.arrayValue)
        #expect(prompts.count == 6)
        #expect(prompts[0]["ranking"]?[0]?["tool"] == "get_order_status")
        #expect(prompts[1]["ranking"]?[0]?["tool"] == "cancel_order")
        // "broken … send it back" shares no word with start_return: the semantic layer still
        // ranks it first, and `no-signal` says the choice rests on meaning alone.
        #expect(prompts[2]["ranking"]?[0]?["tool"] == "start_return")
        #expect(prompts[2]["flags"]?.arrayValue?.contains("no-signal") == true)
        #expect(report["summary"]?["wrongToolWins"] == 0)
    }

    @Test func simulateLexicalOnlyMissesThePromptWithoutSharedWords() async throws {
        let run = try await ToolwrightBinary.run([
            "simulate", "--format", "json", "--semantic-weight", "0", "examples/selection/orders.prompts.yaml",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try Jansson.decode(run.stdout)
        #expect(report["summary"]?["wrongToolWins"] == 1)
        #expect(report["prompts"]?[2]?["flags"]?.arrayValue?.contains("wrong-tool-wins") == true)
    }

    @Test func simulateTimingPrintsPhasesToStderr() async throws {
        let run = try await ToolwrightBinary.run(["simulate", "--timing", "examples/selection/orders.prompts.yaml"])
        #expect(run.status == 0, "\(run.stderr)")
        let line = try #require(run.stderr.split(separator: "\n").last { $0.hasPrefix("{") })
        let timing = try Jansson.decode(String(line))
        #expect(timing["prompts"] == 6)
        #expect(timing["tools"] == 4)
        for key in ["read_s", "index_s", "simulate_s", "end_to_end_s", "per_edit_best_s"] {
            #expect((timing[key]?.numberValue ?? -1) >= 0, "\(key)")
        }
        #expect(run.stdout.contains("6 prompts, 4 tools"))
        // A one-shot command puts its heap on huge pages where the kernel does them on request.
        let kernelHasHugePages = FileManager.default.fileExists(atPath: "/sys/kernel/mm/transparent_hugepage/enabled")
        #expect(timing["heap_huge_pages"] == .bool(kernelHasHugePages))
    }

    @Test func simulateFailOnWarningExitsOne() async throws {
        let run = try await ToolwrightBinary.run([
            "simulate", "--fail-on", "warning", "examples/selection/orders.prompts.yaml",
        ])
        #expect(run.status == 1)
        #expect(run.stdout.contains("warning [no-signal] /prompts/2"))
    }

    @Test func simulateEvalOnTheBFCLDevSet() async throws {
        let shared = ToolwrightBinary.repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")
        let folder = shared.appendingPathComponent("datasets/bfcl-multiple-dev")
        try #require(
            FileManager.default.fileExists(atPath: folder.path), "shared/ datasets missing at \(folder.path)")
        let run = try await ToolwrightBinary.run([
            "simulate", "eval", "--format", "json",
            "--bfcl", folder.appendingPathComponent("BFCL_v4_multiple.json").path,
            "--answers", folder.appendingPathComponent("possible_answer/BFCL_v4_multiple.json").path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try Jansson.decode(run.stdout)
        let top1 = try #require(report["top1"]?.numberValue)
        #expect(top1 >= 0.98, "top-1 \(top1)")
    }

    @Test func simulateEvalNeedsExactlyOneDataset() async throws {
        let run = try await ToolwrightBinary.run(["simulate", "eval"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("--bfcl or --seal"))
    }

    @Test func costComparesBothModesInEveryFormat() async throws {
        let workflow = "examples/workflows/gdrive-salesforce.workflow.yaml"
        let text = try await ToolwrightBinary.run(["cost", workflow])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("Tool calls"))
        #expect(text.stdout.contains("Code mode"))
        #expect(text.stdout.contains("Saving with code mode"))

        let json = try Jansson.decode(try await ToolwrightBinary.run(["cost", "--format", "json", workflow]).stdout)
        let modes = try #require(json["modes"]?.arrayValue)
        #expect(modes.count >= 2)

        let html = FileManager.default.temporaryDirectory.appendingPathComponent("tw-cost-\(UUID()).html")
        defer { try? FileManager.default.removeItem(at: html) }
        let written = try await ToolwrightBinary.run(["cost", "--format", "html", "-o", html.path, workflow])
        #expect(written.status == 0)
        let page = try String(contentsOf: html, encoding: .utf8)
        #expect(page.contains("<svg"))
        #expect(page.hasPrefix("<!DOCTYPE html>") || page.hasPrefix("<!doctype html>"))

        // The spelling: `--json`, and `--html FILE` beside the text report.
        let other = FileManager.default.temporaryDirectory.appendingPathComponent("tw-cost-\(UUID()).html")
        defer { try? FileManager.default.removeItem(at: other) }
        let both = try await ToolwrightBinary.run(["cost", "--html", other.path, workflow])
        #expect(both.stdout.contains("Saving with code mode"))
        #expect(try String(contentsOf: other, encoding: .utf8).contains("<svg"))
        let alias = try await ToolwrightBinary.run(["cost", "--json", workflow])
        #expect(try Jansson.decode(alias.stdout)["modes"] != nil)
    }

    @Test func costOnAMissingWorkflowIsAUsageError() async throws {
        let run = try await ToolwrightBinary.run(["cost", "no/such.workflow.yaml"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("no/such.workflow.yaml"))
    }
}
