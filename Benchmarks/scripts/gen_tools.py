#!/usr/bin/env python3
"""Writes a deterministic ~5 MB MCP `tools/list` result with 1,260 tools for the benchmarks.

Same seed, same bytes: figures from different runs and machines measure the same input.
Usage: gen_tools.py [OUTPUT] [--tools N]
"""
import json
import random
import sys

SEED = 20251129
VERBS = ["get", "list", "search", "create", "update", "delete", "archive", "export", "sync", "preview"]
NOUNS = ["invoice", "customer", "order", "ticket", "repository", "calendar_event", "document", "payment",
         "shipment", "contact", "project", "deployment", "dataset", "report", "subscription", "comment"]
SERVICES = ["acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "tyrell"]
WORDS = ("the a an of for with from to in on by at which when only if not returns result error field value "
         "record user account item page limit cursor filter sort order date time zone currency amount status "
         "résumé naïve café 日本語 données über").split()
TYPES = ["string", "integer", "number", "boolean"]


def sentence(rng, n):
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def description(rng, verb, noun):
    parts = [f"{verb.capitalize()} {noun.replace('_', ' ')} records in the connected workspace."]
    parts += [sentence(rng, rng.randint(8, 18)) for _ in range(rng.randint(3, 6))]
    parts.append(f"Use this when the user asks to {verb} a {noun.replace('_', ' ')}; returns an error if it does not exist.")
    return " ".join(parts)


def property_schema(rng, name, depth):
    kind = rng.random()
    schema = {}
    if depth < 2 and kind < 0.12:
        schema["type"] = "object"
        schema["properties"] = {f"{name}_{i}": property_schema(rng, f"{name}_{i}", depth + 1)
                                for i in range(rng.randint(2, 4))}
        schema["required"] = list(schema["properties"])[:1]
    elif depth < 2 and kind < 0.22:
        schema["type"] = "array"
        schema["items"] = property_schema(rng, name + "_item", depth + 1)
        schema["maxItems"] = rng.choice([10, 50, 100])
    else:
        schema["type"] = rng.choice(TYPES)
        if schema["type"] == "string" and rng.random() < 0.3:
            schema["enum"] = sorted({rng.choice(WORDS) for _ in range(rng.randint(2, 6))})
        if schema["type"] in ("integer", "number") and rng.random() < 0.5:
            schema["minimum"] = 0
            schema["maximum"] = rng.choice([10, 100, 1000, 1.5e6])
    # One property in twenty has no description, so the rules have something to report.
    if rng.random() >= 0.05:
        schema["description"] = sentence(rng, rng.randint(6, 16))
    return schema


def tool(rng, index):
    verb, noun, service = rng.choice(VERBS), rng.choice(NOUNS), rng.choice(SERVICES)
    properties = {}
    for i in range(rng.randint(5, 10)):
        name = f"{rng.choice(WORDS[12:36])}_{i}"
        properties[name] = property_schema(rng, name, 0)
    required = [key for key in properties if rng.random() < 0.4]
    out = {
        "name": f"{service}_{noun}_{verb}_{index}",
        "title": f"{verb.capitalize()} {noun.replace('_', ' ')} ({service})",
        "description": description(rng, verb, noun),
        "inputSchema": {"type": "object", "properties": properties, "required": required,
                        "additionalProperties": False},
        "outputSchema": {"type": "object", "properties": {
            "id": {"type": "string", "description": "Identifier of the record."},
            "name": {"type": "string", "description": "Human-readable name."},
            "updated_at": {"type": "string", "format": "date-time", "description": "Last change, ISO 8601."},
            "score": {"type": "number", "description": "Relevance between 0 and 1."},
        }, "required": ["id", "name"]},
        "annotations": {"readOnlyHint": verb in ("get", "list", "search", "export", "preview"),
                        "openWorldHint": rng.random() < 0.3},
    }
    return out


def main():
    args = sys.argv[1:]
    count = 1260
    if "--tools" in args:
        i = args.index("--tools")
        count = int(args[i + 1])
        del args[i:i + 2]
    path = args[0] if args else "Fixtures/generated/tools-5mb.tools.json"
    rng = random.Random(SEED)
    document = {"tools": [tool(rng, i) for i in range(count)]}
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    import os
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    size = len(text.encode("utf-8"))
    print(f"{path}: {count} tools, {size} bytes ({size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
