"""Tool-selection speed: Toolwright's simulator and the research's Python BM25 baseline, side by side.

Input: 1,000 distinct tools from the two development sets (OpenAI Chat JSON) and 1,000 prompts
(the dev prompts, cycled), written to --out. Both sides read the same two files.

- Python: shared/research/selection/baseline.py (BM25 with numpy), in process: load the JSON,
  tokenise, index, score every tool for every prompt, keep the top 10. CPU seconds
  (time.process_time), best of --runs.
- Swift: `toolwright simulate PROMPTS --tools TOOLS --format json --timing` (release build),
  whose --timing line gives in-process CPU seconds for reading + indexing + simulating with flags
  and findings (no output formatting), and the per-edit cost: re-parse the prompt file and
  re-simulate it against the kept index. Best of --runs; also the whole process (start, output)
  as child CPU time.

Usage:
  swift build -c release --product toolwright
  nice -n 19 python3 Benchmarks/scripts/selection_side_by_side.py --binary .build/release/toolwright \
      [--shared ../shared] [--out /tmp/selection-bench] [--runs 5] [--semantic-weight W]
Prints a table and the ratios; needs numpy (the baseline's only dependency used here).
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import time


def build_inputs(shared, out, n_tools, n_prompts):
    sys.path.insert(0, os.path.join(shared, "research", "selection"))
    import baseline as B

    items = B.bfcl_items(os.path.join(shared, "datasets", "bfcl-multiple-dev"))
    raw = {}
    for line in open(os.path.join(shared, "datasets", "bfcl-multiple-dev", "BFCL_v4_multiple.json")):
        if line.strip():
            for f in json.loads(line)["function"]:
                raw.setdefault(f["name"], f)
    seal = json.load(open(os.path.join(shared, "datasets", "seal-tools-dev", "dev.json")))
    import ast
    import re

    prompts = [it["prompt"] for it in items]
    for e in seal:
        h = e["conversations"][0]["value"]
        m = re.search(r"api_list = (\[.*\])\ntask_instruction = \"(.*)\"\nOutput:", h, re.S)
        for a in ast.literal_eval(m.group(1)):
            params = a.get("parameters", {})
            raw.setdefault(
                a["api_name"],
                {"name": a["api_name"], "description": a.get("api_description", ""),
                 "parameters": {"type": "object", "properties": params}},
            )
        prompts.append(m.group(2))
    tools = [{"type": "function", "function": f} for f in list(raw.values())[:n_tools]]
    prompts = [prompts[i % len(prompts)] for i in range(n_prompts)]
    os.makedirs(out, exist_ok=True)
    tools_path = os.path.join(out, "bench.tools.json")
    prompts_path = os.path.join(out, "bench.prompts.json")
    json.dump(tools, open(tools_path, "w"))
    json.dump({"prompts": prompts}, open(prompts_path, "w"))
    return B, tools_path, prompts_path, len(tools), len(prompts)


def python_run(B, tools_path, prompts_path):
    import numpy as np

    t0 = time.process_time()
    tools = [
        B.tool_from_schema(t["function"]["name"], t["function"].get("description", ""),
                           t["function"].get("parameters", {}))
        for t in json.load(open(tools_path))
    ]
    prompts = json.load(open(prompts_path))["prompts"]
    docs = [B.tool_toks(t) for t in tools]
    index = B.BM25Index(docs, B.IDF(docs))
    t1 = time.process_time()
    for p in prompts:
        np.argsort(-index.scores(B.toks(p)), kind="stable")[:10]
    t2 = time.process_time()
    return t2 - t0, t1 - t0, t2 - t1


def swift_run(binary, tools_path, prompts_path, weight):
    args = [binary, "simulate", prompts_path, "--tools", tools_path, "--format", "json"]
    if weight is not None:
        args += ["--semantic-weight", str(weight)]
    done = subprocess.run(args + ["--timing"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode not in (0, 1):
        sys.exit(f"toolwright failed ({done.returncode}): {done.stderr}")
    timing = json.loads([l for l in done.stderr.splitlines() if l.startswith("{")][-1])
    # The whole process once more without --timing (whose per-edit loop would count too).
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    timing["process_cpu_s"] = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return timing


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", required=True)
    ap.add_argument("--shared", default=os.path.join(here, "..", "..", "..", "shared"))
    ap.add_argument("--out", default="/tmp/selection-bench")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--tools", type=int, default=1000)
    ap.add_argument("--prompts", type=int, default=1000)
    ap.add_argument("--semantic-weight", type=float, default=None, help="passed to toolwright (default: its own)")
    a = ap.parse_args()

    B, tools_path, prompts_path, n_tools, n_prompts = build_inputs(a.shared, a.out, a.tools, a.prompts)
    print(f"input: {n_tools} tools ({os.path.getsize(tools_path)} bytes), {n_prompts} prompts; "
          f"load average {os.getloadavg()[0]:.1f}; best of {a.runs} (CPU seconds)")
    py, sw = [], []
    for _ in range(a.runs):  # interleaved, so both sides see the same machine load
        py.append(python_run(B, tools_path, prompts_path))
        sw.append(swift_run(a.binary, tools_path, prompts_path, a.semantic_weight))
    p_total = min(r[0] for r in py)
    p_index = min(r[1] for r in py)
    p_rank = min(r[2] for r in py)
    s = {k: min(r[k] for r in sw) for k in sw[0] if k.endswith("_s")}
    print(f"semantic layer: {sw[0]['semantic']}")
    print(f"{'step':44s} {'Swift':>9s} {'Python':>9s}")
    print(f"{'read + index':44s} {s['read_s'] + s['index_s']:9.4f} {p_index:9.4f}")
    print(f"{'simulate / rank 1,000 prompts':44s} {s['simulate_s']:9.4f} {p_rank:9.4f}")
    print(f"{'end to end (in process)':44s} {s['end_to_end_s']:9.4f} {p_total:9.4f}")
    print(f"{'whole toolwright process (start, JSON out)':44s} {s['process_cpu_s']:9.4f}")
    print(f"{'per edit: re-simulate the prompt file':44s} {s['per_edit_best_s']:9.4f}")
    print(f"ratio end to end (Python / Swift, in process): {p_total / s['end_to_end_s']:.1f}x")
    print(f"ratio vs whole toolwright process: {p_total / s['process_cpu_s']:.1f}x")


if __name__ == "__main__":
    main()
