#!/usr/bin/env python3
"""Drives the release `toolwright lsp` binary over real pipes and prints its latencies and memory.

Measures, with a client that offers no special capabilities (positions in UTF-16, push diagnostics):
  - initialize: request written -> response read (server already started), and process start ->
    initialize response (cold start);
  - didOpen of an N-tool file -> its publishDiagnostics (from the first byte written, the message
    already encoded, to the last byte of the reply read);
  - an incremental one-character edit inside a description -> publishDiagnostics for that version,
    with `debounceMs: 0` (initializationOptions) and with the default debounce (150 ms);
  - RSS from /proc/<pid>/status: VmRSS idle after initialize, VmRSS with the document open,
    VmRSS after didClose, and VmHWM (peak) at the end.

Standard library only. Usage:
  lsp_bench.py [--binary PATH] [--tools 1000] [--opens 7] [--edits 25] [--default-edits 9]
"""
import argparse
import json
import os
import queue
import random
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import gen_tools  # noqa: E402  (same generator as the other benchmarks, so the same kind of input)


def generate(count):
    rng = random.Random(gen_tools.SEED)
    document = {"tools": [gen_tools.tool(rng, i) for i in range(count)]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


class Server:
    """One `toolwright lsp` process; a reader thread queues (arrival time, message)."""

    def __init__(self, binary):
        self.started = time.perf_counter()
        self.proc = subprocess.Popen([binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, bufsize=0)
        self.messages = queue.Queue()
        self.next_id = 1
        self.write_lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        stream = self.proc.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    self.messages.put((time.perf_counter(), None))
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
            body = b""
            while len(body) < length:
                chunk = stream.read(length - len(body))
                if not chunk:
                    self.messages.put((time.perf_counter(), None))
                    return
                body += chunk
            arrived = time.perf_counter()
            message = json.loads(body)
            if "method" in message and "id" in message:
                # Server-to-client requests (configuration, registrations): answer at once.
                result = [None] * len(message.get("params", {}).get("items", [])) \
                    if message["method"] == "workspace/configuration" else None
                self._write({"jsonrpc": "2.0", "id": message["id"], "result": result})
                continue
            self.messages.put((arrived, message))

    @staticmethod
    def frame(message):
        body = json.dumps(message, ensure_ascii=False).encode("utf-8")
        return b"Content-Length: %d\r\n\r\n" % len(body) + body

    def _write(self, message):
        self.write_framed(self.frame(message))

    def write_framed(self, data):
        with self.write_lock:
            self.proc.stdin.write(data)

    def request(self, method, params):
        ident = self.next_id
        self.next_id += 1
        self._write({"jsonrpc": "2.0", "id": ident, "method": method, "params": params})
        return ident

    def notify(self, method, params):
        self._write({"jsonrpc": "2.0", "method": method, "params": params})

    def wait(self, predicate, timeout=120):
        deadline = time.perf_counter() + timeout
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError("no matching message from the server")
            arrived, message = self.messages.get(timeout=remaining)
            if message is None:
                raise RuntimeError("server closed its output")
            if predicate(message):
                return arrived, message

    def initialize(self, options):
        sent = time.perf_counter()
        ident = self.request("initialize", {
            "processId": os.getpid(), "rootUri": None, "capabilities": {},
            "initializationOptions": options,
        })
        arrived, _ = self.wait(lambda m: m.get("id") == ident)
        self.notify("initialized", {})
        return arrived - sent, arrived - self.started

    def status(self, field):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024  # kB -> MB
        return float("nan")

    def stop(self):
        ident = self.request("shutdown", None)
        self.wait(lambda m: m.get("id") == ident)
        self.notify("exit", None)
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


def published(uri, version):
    return lambda m: (m.get("method") == "textDocument/publishDiagnostics"
                      and m["params"]["uri"] == uri and m["params"].get("version") == version)


def edit_site(text):
    """(line, UTF-16 column) of an ASCII letter inside the first tool's description."""
    for number, line in enumerate(text.split("\n")):
        key = line.find('"description": "')
        if key >= 0:
            start = key + len('"description": "')
            column = next(i for i in range(start, len(line)) if line[i].isascii() and line[i].isalpha())
            return number, len(line[:column].encode("utf-16-le")) // 2
    raise ValueError("no description in the fixture")


def ms(seconds):
    return seconds * 1000


def p(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def edits(server, uri, text, version, count, settle, typing=False):
    """`count` one-character edits, each waiting for its diagnostics; returns latencies (s).
    By default each edit replaces one letter (the text keeps its length); with `typing`, each
    inserts one letter after the previous one, so everything after the edit moves."""
    line, column = edit_site(text)
    latencies = []
    for i in range(count):
        version += 1
        end = column if typing else column + 1
        change = {"range": {"start": {"line": line, "character": column},
                            "end": {"line": line, "character": end}}, "text": "xy"[i % 2]}
        if typing:
            column += 1
        data = Server.frame({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}})
        sent = time.perf_counter()
        server.write_framed(data)
        arrived, _ = server.wait(published(uri, version))
        latencies.append(arrived - sent)
        time.sleep(settle)
    return latencies, version


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "toolwright"))
    parser.add_argument("--tools", type=int, default=1000)
    parser.add_argument("--opens", type=int, default=7)
    parser.add_argument("--edits", type=int, default=25)
    parser.add_argument("--default-edits", type=int, default=9)
    parser.add_argument("--inits", type=int, default=9)
    args = parser.parse_args()
    if not os.access(args.binary, os.X_OK):
        sys.exit(f"{args.binary} not found; build it with `swift build -c release --product toolwright`")

    text = generate(args.tools)
    size = len(text.encode("utf-8"))
    diagnostics_count = None

    # initialize, on fresh processes (each one is also a cold start).
    init_latency, cold_start, idle_rss = [], [], []
    for _ in range(args.inits):
        server = Server(args.binary)
        latency, cold = server.initialize({"debounceMs": 0})
        init_latency.append(latency)
        cold_start.append(cold)
        time.sleep(0.2)
        idle_rss.append(server.status("VmRSS"))
        server.stop()

    # didOpen -> publishDiagnostics, then edits with debounce 0, on one process.
    server = Server(args.binary)
    server.initialize({"debounceMs": 0})
    time.sleep(0.2)
    rss_idle = server.status("VmRSS")
    open_latency = []
    for i in range(args.opens):
        uri = f"file:///bench/open-{i}.tools.json"
        # Encoded before the clock starts: the client's own JSON encoding is not the server's time.
        data = Server.frame({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "json", "version": 1, "text": text}}})
        sent = time.perf_counter()
        server.write_framed(data)
        arrived, message = server.wait(published(uri, 1))
        open_latency.append(arrived - sent)
        diagnostics_count = len(message["params"]["diagnostics"])
        server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        server.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri)
    uri = "file:///bench/edit.tools.json"
    server.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "json", "version": 1, "text": text}})
    server.wait(published(uri, 1))
    rss_open = server.status("VmRSS")
    edit0, version = edits(server, uri, text, 1, args.edits, settle=0.05)
    typed, version = edits(server, uri, text, version, args.edits, settle=0.05, typing=True)
    server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    server.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri)
    time.sleep(0.5)
    rss_closed = server.status("VmRSS")
    peak = server.status("VmHWM")
    server.stop()

    # Edits with the default debounce.
    server = Server(args.binary)
    server.initialize({})
    server.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "json", "version": 1, "text": text}})
    server.wait(published(uri, 1))
    edit150, _ = edits(server, uri, text, 1, args.default_edits, settle=0.05)
    server.stop()

    load = open("/proc/loadavg").read().split()[:3]
    print(f"toolwright lsp over pipes: {args.tools} tools, {size / 1e6:.2f} MB, {diagnostics_count} diagnostics;"
          f" load average {' '.join(load)} on {os.cpu_count()} CPUs")
    print(f"binary: {os.path.relpath(args.binary)}")
    print()
    print("| measure | runs | p0 | p50 | p90 | goal |")
    print("|---|---:|---:|---:|---:|---|")

    def row(name, values, goal, unit="ms", scale=ms):
        scaled = [scale(v) for v in values]
        print(f"| {name} | {len(values)} | {p(scaled, 0):.1f} {unit} | {statistics.median(scaled):.1f} {unit} |"
              f" {p(scaled, 0.9):.1f} {unit} | {goal} |")

    row("initialize (request → response)", init_latency, "≤ 30 ms")
    row("process start → initialize response", cold_start, "—")
    row(f"didOpen → publishDiagnostics ({args.tools} tools)", open_latency, "≤ 50 ms p50")
    row("edit → fresh diagnostics, debounceMs 0", edit0, "≤ 30 ms p50")
    row("  same, typing (each edit inserts a letter)", typed, "≤ 30 ms p50")
    row("edit → fresh diagnostics, default debounce (150 ms included)", edit150, "—")
    row("  same, minus the 150 ms debounce", [v - 0.150 for v in edit150], "≤ 30 ms p50")
    print()
    print(f"| memory | MB |\n|---|---:|")
    print(f"| VmRSS idle after initialize (median of {len(idle_rss)} processes) | {statistics.median(idle_rss):.1f} |")
    print(f"| VmRSS idle after initialize (benchmark process) | {rss_idle:.1f} |")
    print(f"| VmRSS with the {args.tools}-tool document open and analysed | {rss_open:.1f} |")
    print(f"| VmRSS after didClose | {rss_closed:.1f} |")
    print(f"| VmHWM (peak) over {args.opens} opens and {args.edits} edits | {peak:.1f} |")


if __name__ == "__main__":
    main()
