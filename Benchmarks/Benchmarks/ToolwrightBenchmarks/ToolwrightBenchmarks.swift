import Analysis
import BenchSupport
import Benchmark
import JSON
import SourceDocument

// Inputs: the generated ~5 MB, 1,260-tool MCP file. Each iteration processes the whole file,
// so MB/s = throughput (iterations/s) × file size in MB; bench-summary prints that directly.
let benchmarks: @Sendable () -> Void = {
    let bytes = Fixture.bytes()
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident],
        maxDuration: .seconds(10),
        maxIterations: 50
    )

    Benchmark("Swift parser: parse 5 MB", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(SyntaxTree.parse(bytes, format: .json))
        }
    }

    Benchmark("jansson C parser: json_loadb 5 MB", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(RawJansson.parse(bytes))
        }
    }

    Benchmark("Jansson.decode (C parse + JSONValue) 5 MB", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try Jansson.decode(bytes))
        }
    }

    Benchmark("check: analyze 1,260 tools", configuration: configuration) { benchmark in
        let analyzer = Analyzer()
        for _ in benchmark.scaledIterations {
            let document = SourceDocument(uri: "bench.tools.json", bytes: bytes)
            blackHole(analyzer.analyze(document))
        }
    }
}
