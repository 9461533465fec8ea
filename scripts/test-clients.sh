#!/usr/bin/env bash
# Drives `toolwright lsp` from real editors, headless: Neovim 0.7, Emacs+eglot, Emacs+lsp-mode,
# Vim+ALE, and pytest-lsp with captured client capabilities (Tests/clients/README.md).
#
#   scripts/test-clients.sh [--install] [--mock] [client...]
#     client: neovim eglot lsp-mode ale pytest   (default: all)
#     --install  run Tests/clients/install.sh first (apt + venv; needs root or sudo)
#     --mock     drive the replay server Tests/clients/mock_server.py instead of Toolwright
#                (checks the harness itself, not Toolwright)
# Env: TOOLWRIGHT_BIN (default <repo>/.build/debug/toolwright; this script builds nothing),
#      TW_CLIENTS_VENV (pytest-lsp venv), TW_CLIENT_TIMEOUT (s per client, default 300),
#      TW_TIMEOUT_S (s per wait inside a client, default 20), TW_CLIENTS_VERBOSE=1 (print all logs).
# Prints one PASS/FAIL line per client and ends with "N passed, M failed"; exits 1 on any failure.
set -u

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HERE="$REPO/Tests/clients"
VENV="${TW_CLIENTS_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/toolwright-clients/venv}"
CLIENT_TIMEOUT="${TW_CLIENT_TIMEOUT:-300}"
export TW_TIMEOUT_S="${TW_TIMEOUT_S:-20}"

mock=0
clients=()
for arg in "$@"; do
  case "$arg" in
    --install) "$HERE/install.sh" || exit 1 ;;
    --mock) mock=1 ;;
    neovim|eglot|lsp-mode|ale|pytest) clients+=("$arg") ;;
    -h|--help) sed -n '2,13p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "test-clients.sh: unknown argument $arg" >&2; exit 2 ;;
  esac
done
[ ${#clients[@]} -gt 0 ] || clients=(neovim eglot lsp-mode ale pytest)

WORK="$(mktemp -d "${TMPDIR:-/tmp}/toolwright-clients.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

if [ $mock -eq 1 ]; then
  # The shipped editor configs start "$TOOLWRIGHT_BIN lsp": give them an executable.
  printf '#!/bin/sh\nexec %q %q\n' "$VENV/bin/python" "$HERE/mock_server.py" >"$WORK/toolwright-mock"
  chmod +x "$WORK/toolwright-mock"
  BIN="$WORK/toolwright-mock"
  echo "test-clients: MOCK server (harness self-test, not Toolwright)"
else
  BIN="${TOOLWRIGHT_BIN:-$REPO/.build/debug/toolwright}"
  case "$BIN" in /*) ;; *) BIN="$PWD/$BIN" ;; esac   # the clients run in temporary directories
  echo "test-clients: server $BIN lsp"
fi
export TOOLWRIGHT_BIN="$BIN" TW_REPO="$REPO"
# Every fixtures/*.expected.json is one fixture set (TW_EXPECTED picks a single one).
if [ -n "${TW_EXPECTED:-}" ]; then sets=("$TW_EXPECTED"); else sets=("$HERE"/fixtures/*.expected.json); fi
field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }

passed=0
failed=0
run_client() {  # name, expected-file, command... (in a fresh directory with a copy of the fixture)
  local name="$1" exp="$2"; shift 2
  local dir="$WORK/$name" log="$WORK/$name.log" start end rc fixture
  fixture="$(field "$exp" fixture)"
  mkdir -p "$dir"
  cp "$HERE/fixtures/$fixture" "$dir/$fixture"
  start=$(date +%s%N)
  ( cd "$dir" && TW_EXPECTED="$exp" TW_FILE="$dir/$fixture" TW_FIXED="$HERE/fixtures/$(field "$exp" fixed)" \
      TW_OUT="$dir/out.txt" timeout "$CLIENT_TIMEOUT" "$@" ) >"$log" 2>&1 < /dev/null
  rc=$?
  [ -f "$dir/out.txt" ] && cat "$dir/out.txt" >>"$log"
  end=$(date +%s%N)
  local ms=$(( (end - start) / 1000000 ))
  local secs="$((ms / 1000)).$(( (ms % 1000) / 100 ))"
  if [ $rc -eq 0 ]; then
    passed=$((passed + 1))
    echo "PASS $name (${secs}s)"
    [ "${TW_CLIENTS_VERBOSE:-0}" = 1 ] && sed 's/^/    /' "$log"
  else
    failed=$((failed + 1))
    [ $rc -eq 124 ] && echo "    (timed out after ${CLIENT_TIMEOUT}s)" >>"$log"
    echo "FAIL $name (${secs}s, exit $rc)"
    sed 's/^/    /' "$log"
  fi
  return 0
}

if [ $mock -eq 0 ] && [ ! -x "$BIN" ]; then
  echo "test-clients: $BIN not found or not executable (build first: swift build)"
  echo "0 passed, 1 failed"
  exit 1
fi

ALE_DIR="$(dpkg -L vim-ale 2>/dev/null | grep -m1 'share/vim-ale$')"
export ALE_DIR
for tool in nvim emacs vim "$VENV/bin/python"; do
  command -v "$tool" >/dev/null || echo "test-clients: $tool missing; run Tests/clients/install.sh"
done
for c in "${clients[@]}"; do
  if [ "$c" = pytest ]; then
    # One run covers every fixture set (the `expected` fixture is parametrized).
    exp_all="${TW_EXPECTED:-}"
    # The pygls mock starts slowly (~1 s per test): give the self-test more room.
    [ $mock -eq 1 ] && [ "$CLIENT_TIMEOUT" -lt 600 ] && CLIENT_TIMEOUT=600
    PYTHONDONTWRITEBYTECODE=1 run_client pytest "${sets[0]}" env TW_EXPECTED="$exp_all" \
      "$VENV/bin/python" -m pytest -q -p no:cacheprovider \
      --rootdir "$HERE/pytest" -c "$HERE/pytest/pytest.ini" "$HERE/pytest"
    continue
  fi
  for exp in "${sets[@]}"; do
    set_name="$(basename "$exp" .expected.json)"
    case "$c" in
      neovim) run_client "neovim:$set_name" "$exp" nvim --headless --clean -c "luafile $HERE/nvim_check.lua" ;;
      eglot) run_client "eglot:$set_name" "$exp" emacs --batch -l "$HERE/eglot_check.el" ;;
      lsp-mode) run_client "lsp-mode:$set_name" "$exp" emacs --batch -l "$HERE/lspmode_check.el" ;;
      ale) run_client "ale:$set_name" "$exp" vim -N -u NONE -i NONE -n -es -S "$HERE/ale_check.vim" ;;
    esac
  done
done

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
