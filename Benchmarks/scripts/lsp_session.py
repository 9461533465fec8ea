#!/usr/bin/env python3
"""A fixed language-server session for instruction counting (no timing): initialize, open an
N-tool file, make E one-character edits inside the first tool's description (each waiting for
its diagnostics), close, shut down. Run the server under a profiler by giving the command:

  lsp_session.py -- valgrind --tool=callgrind --callgrind-out-file=cg.out .build/release/toolwright lsp

Callgrind's instruction counts do not move with the machine's load, so two binaries can be
compared on a busy machine; `callgrind_annotate cg.out` says where the instructions went.
Prints the diagnostics count of the open and of the last edit, and a digest of all published
diagnostics (to check that two builds publish the same thing).
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from lsp_bench import Server, edit_site, generate, published  # noqa: E402


class CommandServer(Server):
    """`Server` started with an arbitrary command line instead of `<binary> lsp`."""

    def __init__(self, command):
        import queue
        import threading
        import time
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, bufsize=0)
        self.messages = queue.Queue()
        self.next_id = 1
        self.write_lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def stop(self):
        ident = self.request("shutdown", None)
        self.wait(lambda m: m.get("id") == ident, timeout=600)
        self.notify("exit", None)
        self.proc.stdin.close()
        self.proc.wait(timeout=600)


def cpu_ms(pid):
    """User + system CPU time of a process so far (ms): unlike wall-clock time, it barely moves
    with the machine's load."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tools", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("command", nargs="+")
    args = parser.parse_args()
    text = generate(args.tools)
    server = CommandServer(args.command)
    server.initialize({"debounceMs": 0})
    digest = hashlib.sha256()
    uri = "file:///bench/session.tools.json"
    before = cpu_ms(server.proc.pid)
    server.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "json", "version": 1, "text": text}})
    _, message = server.wait(published(uri, 1), timeout=3600)
    open_cpu = cpu_ms(server.proc.pid) - before
    edit_cpu = []
    counts = [len(message["params"]["diagnostics"])]
    digest.update(json.dumps(message["params"], sort_keys=True).encode())
    line, column = edit_site(text)
    for version in range(2, args.edits + 2):
        change = {"range": {"start": {"line": line, "character": column},
                            "end": {"line": line, "character": column + 1}}, "text": "xy"[version % 2]}
        before = cpu_ms(server.proc.pid)
        server.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
        _, message = server.wait(published(uri, version), timeout=3600)
        edit_cpu.append(cpu_ms(server.proc.pid) - before)
        digest.update(json.dumps(message["params"], sort_keys=True).encode())
    counts.append(len(message["params"]["diagnostics"]))
    server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    server.stop()
    print(f"diagnostics: open {counts[0]}, last edit {counts[1]}; digest {digest.hexdigest()[:16]}")
    print(f"server CPU time (the command's own process; meaningless under valgrind): open {open_cpu:.0f} ms, "
          f"edits {', '.join(f'{v:.0f}' for v in edit_cpu)} ms (clock tick {1000 / os.sysconf('SC_CLK_TCK'):.0f} ms)")


if __name__ == "__main__":
    main()
