#!/usr/bin/env bash
# Installs what the real-client tests need (Debian 12): Neovim 0.7.2, Emacs 28 + eglot 1.9 +
# lsp-mode 8, Vim 9 + ALE 3.3 from apt, and a Python venv with pytest-lsp.
# Idempotent: when everything is present it only checks and returns (well under a second).
#   Tests/clients/install.sh            # apt needs root (or sudo)
# The venv lives at $TW_CLIENTS_VENV (default ~/.cache/toolwright-clients/venv).
set -euo pipefail

VENV="${TW_CLIENTS_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/toolwright-clients/venv}"
APT_PACKAGES=(neovim emacs-nox elpa-eglot elpa-lsp-mode elpa-yaml-mode vim-ale vim python3-venv)
PY_PACKAGES=(pytest-lsp pygls lsprotocol pytest-asyncio)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install.sh: apt-get install ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi

if ! "$VENV/bin/python" -c "import pytest_lsp, pygls, lsprotocol, pytest_asyncio" 2>/dev/null; then
  echo "install.sh: creating venv $VENV"
  mkdir -p "$(dirname "$VENV")"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check "${PY_PACKAGES[@]}"
fi
echo "install.sh: clients ready (nvim $(nvim --version | head -1 | cut -d' ' -f2), emacs $(emacs --version | head -1 | cut -d' ' -f3), venv $VENV)"
