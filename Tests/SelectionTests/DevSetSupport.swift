import Foundation
import JSON
import Selection

/// Finds `shared/` (next to the repository, or `TOOLWRIGHT_SHARED`) for the data-set tests.
enum SharedData {
    static var root: String {
        if let override = ProcessInfo.processInfo.environment["TOOLWRIGHT_SHARED"], !override.isEmpty {
            return override
        }
        // <repo>/Tests/SelectionTests/DevSetSupport.swift → <repo>/../shared
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return repo.deletingLastPathComponent().appendingPathComponent("shared").path
    }

    static func path(_ relative: String) -> String { root + "/" + relative }

    static func bfclItems() throws -> [EvaluationItem] {
        let questions = try EvaluationData.readJSONLines(
            path: path("datasets/bfcl-multiple-dev/BFCL_v4_multiple.json"))
        let answers = try EvaluationData.readJSONLines(
            path: path("datasets/bfcl-multiple-dev/possible_answer/BFCL_v4_multiple.json"))
        return EvaluationData.bfclItems(questions: questions, answers: answers)
    }

    static func sealItems() throws -> [EvaluationItem] {
        try EvaluationData.sealItems(records: EvaluationData.readJSON(path: path("datasets/seal-tools-dev/dev.json")))
    }

    static func modelPicks(_ system: String) throws -> [String: String?] {
        EvaluationData.modelPicks(
            try EvaluationData.readJSONLines(
                path: path("datasets/bfcl-multiple-dev/model_results/\(system)/BFCL_v4_multiple_result.json")))
    }

    static let modelSystems = ["AIREV-Agent-0.8B", "gemma4-e4b-toolcall-v02", "glyphh-ada-1.1"]
}
