"""Streamable HTTP MCP server on 127.0.0.1 built with the official Python SDK (mcp 2.x).

Usage: http_server.py PORT json|sse
"""
import sys

from mcp.server.mcpserver import MCPServer

port, mode = int(sys.argv[1]), sys.argv[2]
server = MCPServer("http-test")


@server.tool()
def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b


@server.tool()
def echo(text: str) -> str:
    """Echo the text back."""
    return text


server.run("streamable-http", host="127.0.0.1", port=port, json_response=(mode == "json"))
