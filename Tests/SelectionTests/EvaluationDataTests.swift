import JSON
import Selection
import Testing

@Suite struct EvaluationDataTests {
    @Test func pythonLiteralsBecomeJSON() throws {
        let value = try PythonLiteral.parse(#"[{'a': "it's", 'b': (1, 2.5, -3), 'c': True, 'd': None, 'e': 'x\'y\n'}]"#)
        #expect(
            value == [["a": "it's", "b": [1, 2.5, -3], "c": true, "d": nil, "e": "x'y\n"]] as JSONValue)
        #expect(throws: PythonLiteral.ParseError.self) { try PythonLiteral.parse("[1, nope]") }
        #expect(throws: PythonLiteral.ParseError.self) { try PythonLiteral.parse("{'a': 1") }
    }

    @Test func sealRecordsYieldPromptToolsAndGold() throws {
        let human =
            "Please choose\nInput:\napi_list = [{'api_name': 'getWater', 'api_description': 'Water quality', "
            + "'parameters': {'location': {'type': 'str', 'description': 'Lake'}}, 'required': ['location']}, "
            + "{'api_name': 'getAir', 'api_description': 'Air quality', 'parameters': {}}]\n"
            + "task_instruction = \"Tell me the \"water\" quality of the lake.\"\nOutput:\n"
        let record: JSONValue = [
            [
                "id": "dev-easy-9",
                "conversations": [
                    ["from": "human", "value": .string(human)],
                    ["from": "gpt", "value": "[{'api': 'getWater', 'parameters': {'location': 'lake'}}]"],
                ],
            ]
        ]
        let items = try EvaluationData.sealItems(records: record)
        let item = try #require(items.first)
        #expect(item.prompt == "Tell me the \"water\" quality of the lake.")
        #expect(item.gold == ["getWater"])
        #expect(item.toolSet.tools.map { $0.name?.value } == ["getWater", "getAir"])
        #expect(item.toolSet.tools.first?.inputSchema?.value["properties"]?["location"] != nil)
        let report = Evaluator.evaluate(items)
        #expect(report.top1 == 1)
        #expect(report.probe?.removedCount == 1)
    }

    @Test func bfclRecordsAndModelPicks() throws {
        let question = try Jansson.decode(
            #"""
            {"id":"multiple_0","question":[[{"role":"user","content":"Area of a circle with radius 3"}]],
             "function":[{"name":"circle.area","description":"Area of a circle.","parameters":{"type":"dict","properties":{"radius":{"type":"float"}}}},
                         {"name":"square.area","description":"Area of a square.","parameters":{"type":"dict","properties":{"side":{"type":"float"}}}}]}
            """#)
        let answer = try Jansson.decode(#"{"id":"multiple_0","ground_truth":[{"circle.area":{"radius":[3]}}]}"#)
        let report = Evaluator.evaluateBFCL(questions: [question], answers: [answer])
        #expect(report.scoredCount == 1)
        #expect(report.top1 == 1)
        #expect(report.mrr == 1)
        let unlabelled = Evaluator.evaluateBFCL(questions: [question], answers: nil)
        #expect(unlabelled.scoredCount == 0)
        #expect(unlabelled.outcomes.first?.predicted == "circle.area")

        let picks = EvaluationData.modelPicks([
            ["id": "multiple_0", "result": "[circle.area(radius=3)]"],
            ["id": "multiple_1", "result": [["square.area": "{\"side\": 2}"]]],
            ["id": "multiple_2", "result": "[]"],
        ])
        #expect(picks["multiple_0"] == .some("circle.area"))
        #expect(picks["multiple_1"] == .some("square.area"))
        #expect(picks["multiple_2"] == .some(nil))
        #expect(report.agreement(with: picks) == (1, 1))
    }
}
