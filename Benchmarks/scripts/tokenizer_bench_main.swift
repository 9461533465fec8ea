// Release-build benchmark driver for the Tokenizer module (not part of the main package: the
// package has no benchmark executables). Build it in a scratch package, e.g. /tmp/tokbench:
//   Sources/{Tokenizer,JSON,CJansson} -> symlinks to this repository's Sources/…
//   Sources/Bench/main.swift          -> this file
//   Package.swift: .systemLibrary(name: "CJansson", pkgConfig: "jansson"),
//     .target(name: "JSON", dependencies: ["CJansson"]),
//     .target(name: "Tokenizer", dependencies: ["JSON"], resources: [.copy("Resources")]),
//     .executableTarget(name: "Bench", dependencies: ["Tokenizer"])
// then `swift build -c release`. Modes:
//   Bench load                -> first-use load time per vocabulary (run in a fresh process)
//   Bench corpus DIR RUNS     -> MB/s on DIR/corpus.bin, ids checked against DIR/<enc>.expected
//   Bench worst               -> single-piece worst cases (100 KB, 1 MB)
//   Bench ids ENCODING        -> token ids of stdin
// Output: one JSON object per line.
import Foundation
import Tokenizer

func threadSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func wallSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func fnv1a(_ ids: [Int]) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for id in ids { h = (h ^ UInt64(id)) &* 0x100_0000_01B3 }
    return h
}

func readU32(_ d: [UInt8], _ o: Int) -> Int {
    Int(d[o]) | Int(d[o + 1]) << 8 | Int(d[o + 2]) << 16 | Int(d[o + 3]) << 24
}

let args = CommandLine.arguments
switch args.count > 1 ? args[1] : "" {
case "load":
    for name in [EncodingName.cl100kBase, .o200kBase] {
        let c0 = threadSeconds()
        let t0 = wallSeconds()
        let encoding = try Encoding.named(name)
        let t1 = wallSeconds()
        let c1 = threadSeconds()
        _ = encoding.encodeOrdinary("warm up: 日本語 text")
        let t2 = wallSeconds()
        print(
            "{\"encoding\":\"\(name.rawValue)\",\"load_ms\":\(((t1 - t0) * 1e5).rounded() / 100),"
                + "\"load_cpu_ms\":\(((c1 - c0) * 1e5).rounded() / 100),"
                + "\"first_encode_ms\":\(((t2 - t1) * 1e5).rounded() / 100)}")
    }
case "corpus":
    let dir = args[2]
    let runs = Int(args[3]) ?? 5
    let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir + "/corpus.bin")))
    var docs: [String] = []
    var o = 0
    while o < data.count {
        let n = readU32(data, o)
        docs.append(String(decoding: data[(o + 4)..<(o + 4 + n)], as: UTF8.self))
        o += 4 + n
    }
    let total = docs.reduce(0) { $0 + $1.utf8.count }
    for name in [EncodingName.cl100kBase, .o200kBase] {
        let encoding = try Encoding.named(name)
        let expected = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir + "/\(name.rawValue).expected")))
        var mismatches = 0
        var examples: [Int] = []
        var tokens = 0
        for (k, doc) in docs.enumerated() {
            let ids = encoding.encodeOrdinary(doc)
            tokens += ids.count
            let count = readU32(expected, k * 12)
            var hash: UInt64 = 0
            for b in 0..<8 { hash |= UInt64(expected[k * 12 + 4 + b]) << (8 * UInt64(b)) }
            if ids.count != count || fnv1a(ids) != hash {
                mismatches += 1
                if examples.count < 10 { examples.append(k) }
            }
        }
        var best = Double.infinity
        var bestCount = Double.infinity
        for _ in 0..<runs {
            var t0 = threadSeconds()
            var n = 0
            for doc in docs { n &+= encoding.encodeOrdinary(doc).count }
            best = min(best, threadSeconds() - t0)
            t0 = threadSeconds()
            for doc in docs { n &+= encoding.count(doc) }
            bestCount = min(bestCount, threadSeconds() - t0)
            precondition(n == 2 * tokens)
        }
        let mbs = Double(total) / 1e6 / best
        print(
            "{\"impl\":\"swift\",\"encoding\":\"\(name.rawValue)\",\"MB_s\":\((mbs * 100).rounded() / 100),"
                + "\"count_MB_s\":\((Double(total) / 1e6 / bestCount * 100).rounded() / 100),"
                + "\"tokens\":\(tokens),\"docs\":\(docs.count),\"mismatched_docs\":\(mismatches),"
                + "\"mismatch_examples\":\(examples)}")
    }
case "worst":
    var rng = SystemRandomNumberGenerator()
    let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    for name in [EncodingName.cl100kBase, .o200kBase] {
        let encoding = try Encoding.named(name)
        for size in [100_000, 1_000_000] {
            let same = String(repeating: "a", count: size)
            let random = String(decoding: (0..<size).map { _ in letters.randomElement(using: &rng)! }, as: UTF8.self)
            for (label, text) in [("a_repeated", same), ("base64_like", random)] {
                let t0 = threadSeconds()
                let ids = encoding.encodeOrdinary(text)
                let ms = (threadSeconds() - t0) * 1000
                print(
                    "{\"encoding\":\"\(name.rawValue)\",\"input\":\"\(label)\",\"bytes\":\(size),"
                        + "\"ms\":\((ms * 100).rounded() / 100),\"tokens\":\(ids.count)}")
            }
        }
    }
case "ids":
    // Token ids of stdin (one encode call), for debugging differences against tiktoken.
    let encoding = try Encoding.named(EncodingName(rawValue: args[2]) ?? .o200kBase)
    let input = FileHandle.standardInput.readDataToEndOfFile()
    print(encoding.encodeOrdinary(String(decoding: input, as: UTF8.self)))
default:
    print("usage: Bench load | corpus DIR RUNS | worst")
}
