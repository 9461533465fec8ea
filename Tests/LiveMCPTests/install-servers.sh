#!/usr/bin/env bash
# Installs the real MCP servers the LiveMCP tests talk to, from PyPI, into one venv.
# Usage: Tests/LiveMCPTests/install-servers.sh [VENV]   (default: $TOOLWRIGHT_MCP_VENV or
# ~/.cache/toolwright/mcp-venv). The tests read the same variable / default path.
set -euo pipefail
venv="${1:-${TOOLWRIGHT_MCP_VENV:-$HOME/.cache/toolwright/mcp-venv}}"
python="${PYTHON:-python3}"
if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    mcp-server-time mcp-server-fetch mcp-server-git mcp
for tool in mcp-server-time mcp-server-fetch mcp-server-git; do
    [ -x "$venv/bin/$tool" ] || { echo "install-servers: $tool missing in $venv" >&2; exit 1; }
done
"$venv/bin/python" -c 'import mcp.server.mcpserver' || { echo "install-servers: python mcp SDK missing" >&2; exit 1; }
echo "install-servers: MCP servers ready in $venv"
