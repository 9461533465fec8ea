import JSON
import ToolModel

/// What a prompt is expected to select.
public enum Expectation: Sendable, Hashable {
    /// This tool should win; the pointer is where the name is written.
    case tool(String, at: JSONPointer)
    /// No tool fits this prompt (`expect: none`).
    case noTool(at: JSONPointer)

    public var toolName: String? {
        if case .tool(let name, _) = self { return name }
        return nil
    }

    public var pointer: JSONPointer {
        switch self {
        case .tool(_, let at), .noTool(let at): at
        }
    }
}

/// One sample prompt of a prompt set.
public struct PromptCase: Sendable {
    /// The prompt text and where it is written.
    public var text: Located<String>
    /// The prompt's entry (the object, or the string for the shorthand form).
    public var pointer: JSONPointer
    public var expectation: Expectation?
    /// Earlier turns of the conversation, oldest first.
    public var context: [String]

    public init(text: Located<String>, pointer: JSONPointer, expectation: Expectation? = nil, context: [String] = []) {
        self.text = text
        self.pointer = pointer
        self.expectation = expectation
        self.context = context
    }

    public init(_ prompt: String, expect: String? = nil, context: [String] = []) {
        let pointer = JSONPointer.root
        self.init(
            text: Located(prompt, at: pointer), pointer: pointer,
            expectation: expect.map { $0 == "none" ? .noTool(at: pointer) : .tool($0, at: pointer) },
            context: context)
    }
}

extension UnsafeMutablePointer where Pointee == PromptCase {
    /// Initializes the uninitialized prompt here field by field, as
    /// `initialize(to: PromptCase(…))` would: a prompt built whole and then stored was copied and
    /// the original destroyed (a retain and a release per field, for every prompt read).
    @inline(__always)
    func initializeFields(
        text: consuming Located<String>, pointer: consuming JSONPointer, expectation: consuming Expectation? = nil,
        context: consuming [String] = []
    ) {
        self.pointer(to: \.text)!.initialize(to: text)
        self.pointer(to: \.pointer)!.initialize(to: pointer)
        self.pointer(to: \.expectation)!.initialize(to: expectation)
        self.pointer(to: \.context)!.initialize(to: context)
    }
}

/// A `*.prompts.yaml|json` file: the tool files to simulate against and the sample prompts.
public struct PromptSet: Sendable {
    public var uri: String
    /// Tool files as written (relative to the prompt file), with their pointers. Empty means
    /// the default: the same stem's `.tools.*` sibling.
    public var toolReferences: [Located<String>]
    public var prompts: [PromptCase]
    /// Problems reading the file (`prompt-shape`).
    public var findings: [Finding]

    public init(uri: String, toolReferences: [Located<String>] = [], prompts: [PromptCase], findings: [Finding] = []) {
        self.uri = uri
        self.toolReferences = toolReferences
        self.prompts = prompts
        self.findings = findings
    }
}
