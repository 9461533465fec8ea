#!/usr/bin/env python3
"""House-style checker for tool definitions: a Toolwright plugin using only the standard library.

Speaks toolwright-plugin/1 (JSON-RPC 2.0 with Content-Length framing) on stdin/stdout.
It also acts as a simple selector (tools/select) ranking tools by word overlap with a query.
"""
import json
import re
import sys

PROTOCOL = "toolwright-plugin/1"
FILLER = re.compile(r"^\s*(?:(?:this (?:tool|function|endpoint)|a tool|tool (?:to|that)|used to|allows you to|lets you)\s+)+",
                    re.IGNORECASE)
PLACEHOLDER = re.compile(r"\b(TODO|FIXME|TBD|XXX)\b")
settings = {"maxParameters": 10}
tool_hashes = False  # set when the host offers the toolHashes extension in initialize


def read_message(stream):
    length = None
    while True:
        line = stream.readline()
        if not line:
            return None  # EOF: the host is gone, so are we
        line = line.strip()
        if not line:
            if length is None:
                continue
            break
        name, _, value = line.decode("ascii", "replace").partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    body = stream.read(length)
    if body is None or len(body) < length:
        return None
    return json.loads(body)


def write_message(message):
    body = json.dumps(message, ensure_ascii=False).encode("utf-8")
    sys.stdout.buffer.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    sys.stdout.buffer.flush()


def log(text, level=3):
    write_message({"jsonrpc": "2.0", "method": "window/logMessage", "params": {"type": level, "message": text}})


def finding(code, severity, message, pointer, fixes=None):
    out = {"code": code, "severity": severity, "message": message, "pointer": pointer}
    if fixes:
        out["fixes"] = fixes
    return out


def analyze(params):
    """The plain protocol: every tool in full, one findings list."""
    findings = []
    for tool in params.get("tools", []):
        findings.extend(analyze_tool(tool))
    return {"findings": findings}


def analyze_by_hash(params):
    """The toolHashes extension: every check here looks at one tool alone, so the plugin keeps
    no state. Tools sent in full are checked and their findings reported under their hash; a
    tool sent as its hash alone (a string) did not change, and the host reuses its findings."""
    by_tool = {}
    for tool in params.get("tools", []):
        if isinstance(tool, dict):
            found = analyze_tool(tool)
            if found:
                by_tool[tool["hash"]] = found
    return {"findings": [], "toolFindings": by_tool}


def analyze_tool(tool):
    findings = []
    pointers = tool.get("pointers", {})
    name = tool.get("name", "<unnamed>")
    description = tool.get("description")
    if isinstance(description, str) and "description" in pointers:
        match = FILLER.match(description)
        if match:
            rest = description[match.end():]
            rest = rest[:1].upper() + rest[1:]
            findings.append(finding(
                "house-style/description-starts-with-verb", "warning",
                "Start the description of %s with what it does (a verb), not \"%s\"" % (name, match.group(0).strip()),
                pointers["description"],
                [{"title": "Remove \"%s\"" % match.group(0).strip(), "isPreferred": True,
                  "operations": [{"op": "replace", "pointer": pointers["description"], "value": rest}]}]))
        if PLACEHOLDER.search(description):
            findings.append(finding("house-style/no-placeholder", "error",
                                    "The description of %s contains a placeholder" % name, pointers["description"]))
    schema = tool.get("inputSchema")
    properties = schema.get("properties") if isinstance(schema, dict) else None
    if isinstance(properties, dict):
        base = pointers.get("inputSchema", "")
        if len(properties) > settings.get("maxParameters", 10):
            findings.append(finding("house-style/max-parameters", "warning",
                                    "%s has %d parameters; the house limit is %d"
                                    % (name, len(properties), settings["maxParameters"]), base + "/properties"))
        for key, prop in properties.items():
            text = prop.get("description") if isinstance(prop, dict) else None
            if isinstance(text, str) and PLACEHOLDER.search(text):
                escaped = key.replace("~", "~0").replace("/", "~1")
                findings.append(finding("house-style/no-placeholder", "error",
                                        "The description of parameter %s of %s contains a placeholder" % (key, name),
                                        "%s/properties/%s/description" % (base, escaped)))
    return findings


def code_actions(params):
    value = params.get("value")
    pointer = params.get("pointer", "")
    if not isinstance(value, str) or not pointer.endswith("/description"):
        return {"fixes": []}
    match = FILLER.match(value)
    if not match:
        return {"fixes": []}
    rest = value[match.end():]
    return {"fixes": [{"title": "Remove \"%s\"" % match.group(0).strip(), "isPreferred": True,
                       "operations": [{"op": "replace", "pointer": pointer, "value": rest[:1].upper() + rest[1:]}]}]}


def words(text):
    return set(re.findall(r"[a-z0-9]+", (text or "").lower()))


def select(params):
    query = words(params.get("query"))
    ranked = []
    for tool in params.get("tools", []):
        overlap = query & (words(tool.get("name", "").replace("_", " ")) | words(tool.get("description")))
        ranked.append({"name": tool.get("name", ""), "score": len(overlap) / (len(query) or 1),
                       "reason": ", ".join(sorted(overlap))})
    ranked.sort(key=lambda r: -r["score"])
    return {"ranked": ranked[: params.get("limit", len(ranked))]}


def main():
    stdin = sys.stdin.buffer
    while True:
        message = read_message(stdin)
        if message is None:
            return 0
        method = message.get("method")
        msg_id = message.get("id")
        params = message.get("params") or {}
        if method == "initialize":
            global tool_hashes
            settings.update(params.get("settings") or {})
            tool_hashes = ((params.get("capabilities") or {}).get("analyze") or {}).get("toolHashes") is True
            log("house-style ready")
            # The checks read the normalised tools only, so the document text is not needed.
            analyze_capability = {"documentText": False}
            if tool_hashes:
                analyze_capability["toolHashes"] = True
            result = {"protocolVersion": PROTOCOL, "pluginInfo": {"name": "house-style", "version": "1.1.0"},
                      "capabilities": {"analyze": analyze_capability, "codeActions": True, "select": True}}
        elif method == "document/analyze":
            result = analyze_by_hash(params) if tool_hashes else analyze(params)
        elif method == "document/codeActions":
            result = code_actions(params)
        elif method == "tools/select":
            result = select(params)
        elif method == "workspace/didChangeConfiguration":
            settings.update(params.get("settings") or {})
            continue
        elif method == "shutdown":
            result = None
        elif method == "exit":
            return 0
        elif msg_id is None:
            continue  # other notifications ($/cancelRequest, initialized): nothing to do
        else:
            write_message({"jsonrpc": "2.0", "id": msg_id,
                           "error": {"code": -32601, "message": "Unhandled method %s" % method}})
            continue
        if msg_id is not None:
            write_message({"jsonrpc": "2.0", "id": msg_id, "result": result})


if __name__ == "__main__":
    sys.exit(main())
