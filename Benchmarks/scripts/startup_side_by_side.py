#!/usr/bin/env python3
"""Start-up of two (or more) server binaries, alternating, in one run: `initialize` request ->
response and process start -> response, median and minimum over fresh processes.

    swift build -c release --product toolwright && cp .build/release/toolwright /tmp/tw-dynamic
    swift build -c release --product toolwright --static-swift-stdlib && cp .build/release/toolwright /tmp/tw-static
    python3 Benchmarks/scripts/startup_side_by_side.py /tmp/tw-dynamic /tmp/tw-static [--rounds 15]
"""
import argparse
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lsp_bench import Server  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binaries", nargs="+")
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    latency = {b: [] for b in args.binaries}
    cold = {b: [] for b in args.binaries}
    for _ in range(args.rounds):
        for binary in args.binaries:
            server = Server(binary)
            request, from_start = server.initialize({})
            latency[binary].append(request * 1000)
            cold[binary].append(from_start * 1000)
            server.stop()
    print("load average %s" % " ".join("%.2f" % x for x in os.getloadavg()))
    for binary in args.binaries:
        print("%-32s initialize p50 %6.1f ms  min %6.1f ms   from process start p50 %6.1f ms" % (
            binary, statistics.median(latency[binary]), min(latency[binary]), statistics.median(cold[binary])))


if __name__ == "__main__":
    main()
