"""Stdio MCP test server (stdlib only): tools/list in three pages joined by nextCursor.

After notifications/initialized it pings the client and, once the ping is answered, sends
notifications/tools/list_changed. ANSWER_VERSION overrides the protocol version it answers;
IGNORE_LIST=1 makes it never answer tools/list.
"""
import json
import os
import sys

PAGES = {
    None: (["alpha", "beta"], "page-2"),
    "page-2": (["gamma", "delta"], "page-3"),
    "page-3": (["epsilon"], None),
}


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


for line in sys.stdin:
    message = json.loads(line)
    method = message.get("method")
    if method == "initialize":
        asked = message["params"]["protocolVersion"]
        print(f"paging_server: client asked for {asked}", file=sys.stderr, flush=True)
        send({"jsonrpc": "2.0", "id": message["id"], "result": {
            "protocolVersion": os.environ.get("ANSWER_VERSION", asked),
            "capabilities": {"tools": {"listChanged": True}},
            "serverInfo": {"name": "paging-test", "version": "1.0"}}})
    elif method == "notifications/initialized":
        send({"jsonrpc": "2.0", "id": "ping-1", "method": "ping"})
    elif method is None and message.get("id") == "ping-1" and message.get("result") == {}:
        send({"jsonrpc": "2.0", "method": "notifications/tools/list_changed"})
    elif method == "tools/list" and os.environ.get("IGNORE_LIST") == "1":
        print("paging_server: ignoring tools/list", file=sys.stderr, flush=True)
    elif method == "tools/list":
        cursor = (message.get("params") or {}).get("cursor")
        names, next_cursor = PAGES[cursor]
        result = {"tools": [{"name": n, "description": f"The {n} tool.",
                             "inputSchema": {"type": "object", "properties": {}}} for n in names]}
        if next_cursor:
            result["nextCursor"] = next_cursor
        send({"jsonrpc": "2.0", "id": message["id"], "result": result})
