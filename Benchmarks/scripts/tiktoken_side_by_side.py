"""Side-by-side throughput of tiktoken (PyPI) and Toolwright's Swift tokenizer on one corpus.

The corpus is the ~9 MB mixed corpus of shared/research/tokens/bench.py (CPython stdlib code,
docstring prose, generated MCP tool JSON, CJK/multilingual text; one encode call per document),
rebuilt here so the script is self-contained. tiktoken loads the same local rank files as the
Swift module (no network), so both produce identical ids; the script writes the expected
per-document token counts and id hashes so the Swift side can prove it.

Usage (single thread; thread CPU time, best of N runs):
  python3 -m venv /tmp/tt && /tmp/tt/bin/pip install tiktoken
  /tmp/tt/bin/python Benchmarks/scripts/tiktoken_side_by_side.py --out /tmp/corpus [--runs 5]
      [--vocab-dir Sources/Tokenizer/Resources] [--swift-bench PATH]
Writes /tmp/corpus/corpus.bin (u32 LE length + UTF-8 bytes per document) and
/tmp/corpus/<encoding>.expected (u32 LE token count + u64 LE FNV-1a of the ids, per document).
With --swift-bench, runs `PATH corpus DIR RUNS` (a release build printing JSON lines with
"encoding" and "MB_s") and prints the ratio.
"""
import argparse
import ast
import glob
import json
import os
import random
import struct
import subprocess
import sys
import sysconfig
import time

os.environ.setdefault("RAYON_NUM_THREADS", "1")
os.environ.setdefault("TIKTOKEN_CACHE_DIR", "")

import tiktoken  # noqa: E402
from tiktoken.load import load_tiktoken_bpe  # noqa: E402

MB = 1_000_000
HERE = os.path.dirname(os.path.abspath(__file__))

# Patterns and special tokens: tiktoken 0.14.0 tiktoken_ext/openai_public.py (MIT).
CL100K_PAT = r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s"""
O200K_PAT = "|".join([
    r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
    r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
    r"""\p{N}{1,3}""",
    r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""",
    r"""\s*[\r\n]+""",
    r"""\s+(?!\S)""",
    r"""\s+""",
])
SPECIALS = {
    "cl100k_base": {"<|endoftext|>": 100257, "<|fim_prefix|>": 100258, "<|fim_middle|>": 100259,
                    "<|fim_suffix|>": 100260, "<|endofprompt|>": 100276},
    "o200k_base": {"<|endoftext|>": 199999, "<|endofprompt|>": 200018},
}
PATTERNS = {"cl100k_base": CL100K_PAT, "o200k_base": O200K_PAT}


def local_encoding(name, vocab_dir):
    return tiktoken.Encoding(name=name + "_local", pat_str=PATTERNS[name],
                             mergeable_ranks=load_tiktoken_bpe(os.path.join(vocab_dir, name + ".tiktoken")),
                             special_tokens=SPECIALS[name])


def build_corpus():
    """Same construction and seeds as shared/research/tokens/bench.py."""
    stdlib = sysconfig.get_paths()["stdlib"]
    pyfiles = sorted(p for p in glob.glob(os.path.join(stdlib, "**", "*.py"), recursive=True)
                     if "site-packages" not in p)
    docs = {"code": [], "prose": [], "json": [], "intl": []}
    size = {k: 0 for k in docs}
    cap = {"code": 4.0 * MB, "prose": 3.0 * MB, "json": 2.5 * MB, "intl": 0.5 * MB}
    words = []
    for p in pyfiles:
        try:
            src = open(p, encoding="utf-8").read()
        except (UnicodeDecodeError, OSError):
            continue
        if size["code"] < cap["code"] and 2_000 <= len(src) <= 64_000:
            docs["code"].append(src)
            size["code"] += len(src.encode())
        if size["prose"] < cap["prose"]:
            try:
                tree = ast.parse(src)
            except SyntaxError:
                continue
            buf = []
            for node in ast.walk(tree):
                if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                    d = ast.get_docstring(node)
                    if d and len(d) > 80:
                        buf.append(d)
            if buf:
                text = "\n\n".join(buf)
                docs["prose"].append(text)
                size["prose"] += len(text.encode())
                words.extend(w for w in text.split() if w.isalpha())
    rng = random.Random(7)
    words = words[:200_000] or ["lorem", "ipsum"]
    while size["json"] < cap["json"]:
        tools = []
        for _ in range(rng.randint(3, 12)):
            props = {}
            for _ in range(rng.randint(1, 8)):
                t = rng.choice(["string", "integer", "number", "boolean", "array"])
                prop = {"type": t, "description": " ".join(rng.choice(words) for _ in range(rng.randint(3, 20)))}
                if t == "string" and rng.random() < 0.3:
                    prop["enum"] = [rng.choice(words).lower() for _ in range(rng.randint(2, 6))]
                if t == "array":
                    prop["items"] = {"type": "string"}
                props[f"{rng.choice(words).lower()}_{rng.choice(words).lower()}"] = prop
            tools.append({"name": f"{rng.choice(words).lower()}_{rng.choice(words).lower()}",
                          "description": " ".join(rng.choice(words) for _ in range(rng.randint(5, 40))),
                          "inputSchema": {"type": "object", "properties": props,
                                          "required": list(props)[: rng.randint(0, len(props))]}})
        result = {"content": [{"type": "text", "text": json.dumps(
            [{"id": rng.randint(1, 10**9), "title": " ".join(rng.choice(words) for _ in range(6)),
              "score": round(rng.random(), 4), "tags": [rng.choice(words) for _ in range(3)]}
             for _ in range(rng.randint(5, 40))])}], "isError": False}
        doc = json.dumps({"tools": tools}, indent=2 if rng.random() < 0.5 else None) + "\n" + json.dumps(result)
        docs["json"].append(doc)
        size["json"] += len(doc.encode())
    intl = []
    for p in sorted(glob.glob(os.path.join(stdlib, "test", "cjkencodings", "*-utf8.txt"))):
        intl.append(open(p, encoding="utf-8").read())
    intl.append("Привет, мир! Γειά σου Κόσμε مرحبا بالعالم שלום עולם नमस्ते दुनिया สวัสดีชาวโลก "
                "👨‍👩‍👧‍👦 🇺🇸 👍🏽 café naïve\n" * 20)
    while size["intl"] < cap["intl"]:
        for t in intl:
            docs["intl"].append(t)
            size["intl"] += len(t.encode())
    return [d for k in docs for d in docs[k]], size


def random_strings(count, seed=11):
    """Seeded adversarial strings for a differential check (whitespace soup, contractions with
    U+017F, marks, case runs, digits, emoji, controls, random planes)."""
    rng = random.Random(seed)
    pools = [
        [chr(c) for c in range(0x20, 0x7F)],
        list(" \t\r\n\x0b\x0c\x85\xa0\u1680\u2000\u2028\u2029\u3000\u200b\ufeff"),
        list("'sStTmMdDlLvVrReE\u017f"),
        [chr(c) for c in list(range(0xC0, 0x250)) + list(range(0x370, 0x400)) + list(range(0x400, 0x500))],
        [chr(c) for c in list(range(0x300, 0x370)) + list(range(0x1AB0, 0x1B00))],
        [chr(c) for c in list(range(0x4E00, 0x4F00)) + list(range(0x3040, 0x3100)) + list(range(0xAC00, 0xAD00))],
        [chr(c) for c in list(range(0x660, 0x66A)) + [0xB2, 0xB3] + list(range(0x2160, 0x2170)) + list(range(0xFF10, 0xFF1A))],
        [chr(c) for c in list(range(0x1F300, 0x1F700)) + list(range(0x1F3FB, 0x1F400)) + [0x200D, 0xFE0F, 0x20E3]],
        [chr(c) for c in list(range(0, 0x20)) + list(range(0xE000, 0xE100)) + [0x10FFFF, 0xFFFD]],
        [chr(c) for c in range(0, 0x110000, 4099) if not 0xD800 <= c < 0xE000],
    ]
    out = []
    for _ in range(count):
        pool = rng.choice(pools)
        chars = []
        for _ in range(rng.randint(0, 120)):
            if rng.randrange(6) == 0:
                pool = rng.choice(pools)
            chars.append(rng.choice(pool))
        out.append("".join(chars))
    return out


def write_expected(encodings, docs, directory):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "corpus.bin"), "wb") as f:
        for d in docs:
            b = d.encode()
            f.write(struct.pack("<I", len(b)) + b)
    for name, enc in encodings.items():
        with open(os.path.join(directory, name + ".expected"), "wb") as f:
            for d in docs:
                ids = enc.encode_ordinary(d)
                f.write(struct.pack("<IQ", len(ids), fnv1a(ids)))


def fnv1a(ids):
    h = 0xCBF29CE484222325
    for i in ids:
        h = ((h ^ i) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def best_time(fn, docs, runs):
    for d in docs[:20]:
        fn(d)
    times = []
    for _ in range(runs):
        t0 = time.thread_time()
        for d in docs:
            fn(d)
        times.append(time.thread_time() - t0)
    return min(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="/tmp/toolwright-corpus")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--vocab-dir", default=os.path.normpath(os.path.join(HERE, "..", "..", "Sources", "Tokenizer",
                                                                         "Resources")))
    ap.add_argument("--swift-bench", help="release-built bench executable (see tokenizer_bench_main.swift)")
    ap.add_argument("--random-strings", type=int, default=0,
                    help="also write N seeded adversarial strings to OUT/random and check them with --swift-bench")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    docs, size = build_corpus()
    total = sum(len(d.encode()) for d in docs)
    with open(os.path.join(args.out, "corpus.bin"), "wb") as f:
        for d in docs:
            b = d.encode()
            f.write(struct.pack("<I", len(b)) + b)
    print(json.dumps({"corpus_MB": round(total / MB, 3), "docs": len(docs),
                      "parts_MB": {k: round(v / MB, 2) for k, v in size.items()},
                      "load_average": os.getloadavg(), "python": sys.version.split()[0],
                      "tiktoken": tiktoken.__version__}))
    results = {}
    for name in ("cl100k_base", "o200k_base"):
        enc = local_encoding(name, args.vocab_dir)
        with open(os.path.join(args.out, name + ".expected"), "wb") as f:
            ntok = 0
            for d in docs:
                ids = enc.encode_ordinary(d)
                ntok += len(ids)
                f.write(struct.pack("<IQ", len(ids), fnv1a(ids)))
        dt = best_time(enc.encode_ordinary, docs, args.runs)
        piece = "a" * 100_000
        t0 = time.thread_time()
        enc.encode_ordinary(piece)
        worst = time.thread_time() - t0
        results[name] = total / MB / dt
        print(json.dumps({"impl": "tiktoken", "encoding": name, "MB_s": round(total / MB / dt, 2), "tokens": ntok,
                          "Mtok_s": round(ntok / 1e6 / dt, 2), "single_piece_100KB_ms": round(worst * 1000, 2)}))
    if args.random_strings:
        encodings = {n: local_encoding(n, args.vocab_dir) for n in ("cl100k_base", "o200k_base")}
        write_expected(encodings, random_strings(args.random_strings), os.path.join(args.out, "random"))
        if args.swift_bench:
            out = subprocess.run([args.swift_bench, "corpus", os.path.join(args.out, "random"), "1"],
                                 capture_output=True, text=True, check=True).stdout
            for line in out.splitlines():
                row = json.loads(line)
                print(json.dumps({"differential": "random_strings", "count": args.random_strings,
                                  "encoding": row["encoding"], "mismatched": row["mismatched_docs"]}))
    if args.swift_bench:
        out = subprocess.run([args.swift_bench, "corpus", args.out, str(args.runs)], capture_output=True, text=True,
                             check=True).stdout
        for line in out.splitlines():
            print(line)
            row = json.loads(line)
            if row.get("encoding") in results and "MB_s" in row:
                print(json.dumps({"encoding": row["encoding"],
                                  "swift_over_tiktoken": round(row["MB_s"] / results[row["encoding"]], 2)}))


if __name__ == "__main__":
    main()
