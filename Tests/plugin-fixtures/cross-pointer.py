# A plugin for the toolHashes tests (PluginsTests): it takes the extension when offered and
# reports, for each tool it is sent in full, one finding inside the tool and one pointing at the
# NEXT tool's description, which may not exist and may come and go while this tool does not change. The host must
# re-check such a pointer in every version; findings inside a tool it may check once per text.
import json, sys
def read():
    length = None
    while True:
        line = sys.stdin.buffer.readline()
        if not line:
            return None
        line = line.strip()
        if not line:
            if length is None:
                continue
            break
        k, _, v = line.decode().partition(":")
        if k.lower() == "content-length":
            length = int(v)
    return json.loads(sys.stdin.buffer.read(length))
def write(m):
    body = json.dumps(m).encode()
    sys.stdout.buffer.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    sys.stdout.buffer.flush()
hashes = False
while True:
    msg = read()
    if msg is None:
        break
    method = msg.get("method")
    if method == "initialize":
        offered = msg["params"].get("capabilities", {}).get("analyze", {})
        hashes = isinstance(offered, dict) and offered.get("toolHashes") is True
        analyze = {"documentText": False}
        if hashes:
            analyze["toolHashes"] = True
        write({"jsonrpc": "2.0", "id": msg["id"], "result": {"protocolVersion": "toolwright-plugin/1",
               "pluginInfo": {"name": "cross-pointer", "version": "1"}, "capabilities": {"analyze": analyze}}})
    elif method == "document/analyze":
        per, flat = {}, []
        for tool in msg["params"]["tools"]:
            if isinstance(tool, str):
                continue
            p = tool["pointers"]
            found = [
                {"code": "cross/inside", "message": "about %s" % tool.get("name"),
                 "pointer": p.get("description", p["tool"])},
                {"code": "cross/next", "message": "after %s" % tool.get("name"),
                 "pointer": "/tools/%d/description" % (tool["index"] + 1)},
            ]
            if hashes:
                per[tool["hash"]] = found
            else:
                flat += found
        result = {"findings": flat}
        if hashes:
            result["toolFindings"] = per
        write({"jsonrpc": "2.0", "id": msg["id"], "result": result})
    elif method == "shutdown":
        write({"jsonrpc": "2.0", "id": msg["id"], "result": None})
    elif method == "exit":
        break
    elif "id" in msg:
        write({"jsonrpc": "2.0", "id": msg["id"], "error": {"code": -32601, "message": "no " + str(method)}})
