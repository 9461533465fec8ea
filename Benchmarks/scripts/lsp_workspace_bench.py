#!/usr/bin/env python3
"""Many documents open at once in the real server: how long until every document's
diagnostics are current (set-level rules see the whole workspace), how many publications that
took, and how long closing them all takes. Each document holds two tools with unique names, plus
one pair of documents sharing a name so a cross-document finding must appear.

    python3 Benchmarks/scripts/lsp_workspace_bench.py --binary .build/release/toolwright --documents 200
"""
import argparse
import os
import queue
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lsp_bench import Server, ROOT  # noqa: E402


def text(i, twin=False):
    name = "tool_0" if twin else f"tool_{i}"
    return ('{"tools":[{"name":"%s","description":"Reads record %d from the archive of the team.",'
            '"inputSchema":{"type":"object","properties":{"id":{"type":"string","description":"Record id."}},'
            '"required":["id"]}},{"name":"other_%d","description":"Writes record %d to the archive of the team.",'
            '"inputSchema":{"type":"object","properties":{}}}]}') % (name, i, i, i)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "toolwright"))
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--quiet", type=float, default=5.0, help="seconds without a publication = settled")
    args = parser.parse_args()
    n = args.documents
    uris = [f"file:///bench/workspace/doc{i}.tools.json" for i in range(n)]
    twin = "file:///bench/workspace/twin.tools.json"
    server = Server(args.binary)
    server.initialize({})
    started = time.perf_counter()
    for i, uri in enumerate(uris):
        server.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "json", "version": 1, "text": text(i)}})
    server.notify("textDocument/didOpen", {"textDocument": {
        "uri": twin, "languageId": "json", "version": 1, "text": text(n, twin=True)}})
    last = {}
    publications = 0
    first_all = None
    settled_at = None
    while True:
        try:
            arrived, message = server.messages.get(timeout=args.quiet if first_all else 600)
        except queue.Empty:
            settled_at = time.perf_counter() - args.quiet
            break
        if message is None:
            raise RuntimeError("server closed its output")
        if message.get("method") != "textDocument/publishDiagnostics":
            continue
        publications += 1
        last[message["params"]["uri"]] = message["params"]
        if first_all is None and len(last) == n + 1:
            first_all = arrived
    codes = [d.get("code") for d in last[uris[0]]["diagnostics"]]
    duplicate_seen = "set-name-collision" in codes
    print(f"documents                 {n + 1}")
    print(f"all have diagnostics      {(first_all - started) * 1000:.0f} ms")
    print(f"settled (last publication) {(settled_at - started) * 1000:.0f} ms")
    print(f"publications              {publications}")
    print(f"cross-document finding on doc0: {duplicate_seen} ({codes})")
    closing = time.perf_counter()
    for uri in uris + [twin]:
        server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    cleared = set()
    while len(cleared) < n + 1:
        arrived, message = server.messages.get(timeout=600)
        if message and message.get("method") == "textDocument/publishDiagnostics" \
                and message["params"]["diagnostics"] == []:
            cleared.add(message["params"]["uri"])
    print(f"closed all, cleared       {(arrived - closing) * 1000:.0f} ms")
    print(f"peak RSS                  {server.status('VmHWM'):.1f} MB")
    server.stop()


if __name__ == "__main__":
    main()
