import JSON
import Testing
import ToolModel

@testable import Selection

/// `initializeFields` builds a `PromptCase` in place, one stored property at a time.
@Suite struct PromptCaseInitializationTests {
    @Test func fieldsMatchTheInitializer() {
        let pointer = JSONPointer.root / "prompts" / 7
        let expected = PromptCase(
            text: Located("Weather in Oslo?", at: pointer / "prompt"), pointer: pointer,
            expectation: .tool("get_weather", at: pointer / "expect"), context: ["Hi", "Hello"])
        let slot = UnsafeMutablePointer<PromptCase>.allocate(capacity: 1)
        defer { slot.deallocate() }
        slot.initializeFields(
            text: expected.text, pointer: expected.pointer, expectation: expected.expectation,
            context: expected.context)
        let built = slot.move()
        #expect(built.text == expected.text)
        #expect(built.pointer == expected.pointer)
        #expect(built.expectation == expected.expectation)
        #expect(built.context == expected.context)
    }

    /// A stored property added to `PromptCase` must be added to `initializeFields` too.
    @Test func promptCaseHasTheFieldsInitializedInPlace() {
        let names = Mirror(reflecting: PromptCase("x")).children.compactMap(\.label)
        #expect(names == ["text", "pointer", "expectation", "context"])
    }
}
