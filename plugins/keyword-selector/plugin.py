#!/usr/bin/env python3
"""Keyword selector: a Toolwright `tools/select` plugin (standard library only).

Ranks tools for a query with BM25 over each tool's name (split on _ - and case) and description.
"""
import json
import math
import re
import sys


def read_message(stream):
    length = None
    while True:
        line = stream.readline()
        if not line:
            return None
        line = line.strip()
        if not line:
            if length is None:
                continue
            break
        name, _, value = line.decode("ascii", "replace").partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    body = stream.read(length)
    return json.loads(body) if body is not None and len(body) == length else None


def write_message(message):
    body = json.dumps(message).encode("utf-8")
    sys.stdout.buffer.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    sys.stdout.buffer.flush()


def tokens(text):
    text = re.sub(r"([a-z])([A-Z])", r"\1 \2", text or "")
    return [t for t in re.findall(r"[a-z0-9]+", text.lower()) if len(t) > 1]


def select(params, k1=1.2, b=0.75):
    tools = params.get("tools", [])
    docs = [tokens(t.get("name", "").replace("_", " ").replace("-", " ")) * 2 + tokens(t.get("description"))
            for t in tools]
    average = sum(len(d) for d in docs) / (len(docs) or 1)
    frequency = {}
    for doc in docs:
        for term in set(doc):
            frequency[term] = frequency.get(term, 0) + 1
    query = tokens(params.get("query"))
    ranked = []
    for tool, doc in zip(tools, docs):
        score, matched = 0.0, []
        for term in set(query):
            tf = doc.count(term)
            if not tf:
                continue
            idf = math.log(1 + (len(docs) - frequency[term] + 0.5) / (frequency[term] + 0.5))
            score += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len(doc) / (average or 1)))
            matched.append(term)
        ranked.append({"name": tool.get("name", ""), "score": round(score, 4), "reason": " ".join(sorted(matched))})
    ranked.sort(key=lambda r: -r["score"])
    return {"ranked": ranked[: max(1, params.get("limit", len(ranked)))]}


def main():
    while True:
        message = read_message(sys.stdin.buffer)
        if message is None:
            return 0
        method, msg_id = message.get("method"), message.get("id")
        if method == "initialize":
            result = {"protocolVersion": "toolwright-plugin/1",
                      "pluginInfo": {"name": "keyword-selector", "version": "1.0.0"}, "capabilities": {"select": True}}
        elif method == "tools/select":
            result = select(message.get("params") or {})
        elif method == "shutdown":
            result = None
        elif method == "exit":
            return 0
        elif msg_id is None:
            continue
        else:
            write_message({"jsonrpc": "2.0", "id": msg_id,
                           "error": {"code": -32601, "message": "Unhandled method %s" % method}})
            continue
        write_message({"jsonrpc": "2.0", "id": msg_id, "result": result})


if __name__ == "__main__":
    sys.exit(main())
