import Dispatch

/// Waits for async work (plugins, MCP servers) from synchronous code: the CLI's commands and
/// the language server's analysis queue. Never call it from a task: it blocks its thread.
public enum Blocking {
    public static func wait<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
        let box = Box<T>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            box.value = await body()
            done.signal()
        }
        done.wait()
        return box.value!
    }

    private final class Box<T>: @unchecked Sendable {
        var value: T?
    }
}
