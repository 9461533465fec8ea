"""Stdio servers that fail in one way each, chosen by argv[1]:

crash             reads initialize, writes a traceback-like message to stderr, exits 3.
noise             writes a banner to stdout (not JSON-RPC), then waits.
"""
import sys

mode = sys.argv[1]
if mode == "crash":
    sys.stdin.readline()
    print("Traceback (most recent call last):\nRuntimeError: crash_server: missing API_KEY", file=sys.stderr, flush=True)
    sys.exit(3)
elif mode == "noise":
    print("Starting noisy server v1.0 ...", flush=True)
    sys.stdin.read()
