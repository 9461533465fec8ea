# A Toolwright plugin that misbehaves on purpose, for tests (PluginsTests, LanguageServerTests,
# CLITests). The first argument is the mode: hang, slow, abort, exit, stderr, big, garbage,
# unknown-id, bad-pointer, ignore-shutdown, linger (answers shutdown but stays until a signal
# ends it), or ok. On start it writes its pid to pid-<mode> in its
# working directory, so black-box tests can check the process is gone afterwards.
import json, os, signal, sys, time
mode = sys.argv[1]
with open("pid-" + mode, "w") as f:
    f.write(str(os.getpid()))
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
def write(m, raw=None):
    body = raw if raw is not None else json.dumps(m).encode()
    sys.stdout.buffer.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    sys.stdout.buffer.flush()
cancels = []
slept = False
if mode == "ignore-shutdown":
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
while True:
    m = read()
    if m is None:
        if mode in ("ignore-shutdown", "linger"):
            time.sleep(3600)
        sys.exit(0)
    method, mid = m.get("method"), m.get("id")
    if method == "$/cancelRequest":
        cancels.append(m["params"])
        continue
    if method == "initialize":
        write({"jsonrpc": "2.0", "id": mid, "result": {"protocolVersion": "toolwright-plugin/1",
               "pluginInfo": {"name": "bad", "version": "0"}, "capabilities": {"analyze": True}}})
    elif method == "document/analyze":
        tools = m["params"]["tools"]
        finding = {"code": "bad/found", "message": "seen", "pointer": tools[0]["pointers"]["name"]}
        if mode == "slow" and not slept:
            slept = True
            time.sleep(6.0)
        elif mode == "slow":
            finding["message"] = json.dumps(cancels)
        if mode == "hang":
            # Tells black-box tests it is stuck inside a request (not waiting on stdin).
            with open("analyzing-hang", "w") as f:
                f.write(str(os.getpid()))
            time.sleep(3600)
        elif mode == "abort":
            os.abort()
        elif mode == "exit":
            sys.exit(3)
        elif mode == "stderr":
            sys.stderr.write("x" * (4 << 20))
            sys.stderr.flush()
        elif mode == "big":
            finding["message"] = "y" * (10 * 1000 * 1000)
        elif mode == "garbage":
            sys.stdout.buffer.write(b"this is not a frame\r\n\r\n")
            sys.stdout.buffer.flush()
        elif mode == "unknown-id":
            write({"jsonrpc": "2.0", "id": 987654, "result": {"findings": []}})
        elif mode == "bad-pointer":
            write({"jsonrpc": "2.0", "id": mid, "result": {"findings": [finding,
                   {"code": "bad/x", "message": "nowhere", "pointer": "/no/such/place"},
                   {"code": "bad/y", "message": "malformed", "pointer": "no-slash"}]}})
            continue
        write({"jsonrpc": "2.0", "id": mid, "result": {"findings": [finding]}})
    elif method == "shutdown":
        if mode == "ignore-shutdown":
            continue
        write({"jsonrpc": "2.0", "id": mid, "result": None})
    elif method == "exit":
        if mode == "linger":
            continue
        sys.exit(0)
