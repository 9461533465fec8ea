/// A unified diff (`diff -u` layout, 3 lines of context) between two texts, for
/// `check --fix --diff`. Lines are compared as bytes; the edit script is Myers' O(ND) one, run
/// on what remains after the common first and last lines are set aside (fixes touch few lines).
public enum UnifiedDiff {
    enum Operation: Equatable {
        case equal, delete, insert
    }

    /// The diff, or "" when the texts are equal.
    public static func render(old: [UInt8], new: [UInt8], oldLabel: String, newLabel: String, context: Int = 3)
        -> String
    {
        let a = lines(old)
        let b = lines(new)
        let operations = script(a, b)
        guard operations.contains(where: { $0 != .equal }) else { return "" }
        var out = "--- \(oldLabel)\n+++ \(newLabel)\n"
        // Cursor positions (old line, new line) before each operation.
        var positions: [(Int, Int)] = []
        var x = 0
        var y = 0
        for operation in operations {
            positions.append((x, y))
            if operation != .insert { x += 1 }
            if operation != .delete { y += 1 }
        }
        let changes = operations.indices.filter { operations[$0] != .equal }
        var groups: [(Int, Int)] = []
        for index in changes {
            if let last = groups.last, index - last.1 - 1 <= 2 * context {
                groups[groups.count - 1].1 = index
            } else {
                groups.append((index, index))
            }
        }
        for (first, last) in groups {
            let start = max(0, first - context)
            let end = min(operations.count, last + context + 1)
            let slice = operations[start..<end]
            let oldCount = slice.count { $0 != .insert }
            let newCount = slice.count { $0 != .delete }
            let (oldStart, newStart) = positions[start]
            out += "@@ -\(header(oldStart, oldCount)) +\(header(newStart, newCount)) @@\n"
            for index in start..<end {
                let (i, j) = positions[index]
                switch operations[index] {
                case .equal: out += line(" ", a[i])
                case .delete: out += line("-", a[i])
                case .insert: out += line("+", b[j])
                }
            }
        }
        return out
    }

    private static func header(_ start: Int, _ count: Int) -> String {
        // An empty side names the line before it (0 at the top), as diff does.
        count == 0 ? "\(start),0" : count == 1 ? "\(start + 1)" : "\(start + 1),\(count)"
    }

    private static func line(_ marker: String, _ bytes: ArraySlice<UInt8>) -> String {
        let text = marker + String(decoding: bytes, as: UTF8.self)
        return bytes.last == 0x0A ? text : text + "\n\\ No newline at end of file\n"
    }

    /// Lines with their terminators, so a missing final newline shows as a change.
    static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var out: [ArraySlice<UInt8>] = []
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            out.append(bytes[start...index])
            start = index + 1
        }
        if start < bytes.count { out.append(bytes[start...]) }
        return out
    }

    static func script(_ a: [ArraySlice<UInt8>], _ b: [ArraySlice<UInt8>]) -> [Operation] {
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] {
            suffix += 1
        }
        let middle = myers(Array(a[prefix..<(a.count - suffix)]), Array(b[prefix..<(b.count - suffix)]))
        return Array(repeating: .equal, count: prefix) + middle + Array(repeating: .equal, count: suffix)
    }

    /// Myers' greedy shortest edit script, with the V arrays kept per round for the walk back.
    static func myers(_ a: [ArraySlice<UInt8>], _ b: [ArraySlice<UInt8>]) -> [Operation] {
        let n = a.count
        let m = b.count
        let bound = n + m
        if bound == 0 { return [] }
        let offset = bound + 1
        var v = [Int](repeating: 0, count: 2 * bound + 3)
        var trace: [[Int]] = []
        search: for d in 0...bound {
            trace.append(v)
            for k in stride(from: -d, through: d, by: 2) {
                var x =
                    (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]))
                    ? v[offset + k + 1] : v[offset + k - 1] + 1
                var y = x - k
                while x < n, y < m, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                v[offset + k] = x
                if x >= n && y >= m { break search }
            }
        }
        var reversed: [Operation] = []
        var x = n
        var y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let v = trace[d]
            let k = x - y
            let previousK = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? k + 1 : k - 1
            let previousX = v[offset + previousK]
            let previousY = previousX - previousK
            while x > previousX && y > previousY {
                reversed.append(.equal)
                x -= 1
                y -= 1
            }
            guard d > 0 else { break }
            if x == previousX {
                reversed.append(.insert)
                y -= 1
            } else {
                reversed.append(.delete)
                x -= 1
            }
        }
        return reversed.reversed()
    }
}
