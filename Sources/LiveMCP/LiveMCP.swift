/// A client for live MCP servers. (In progress.)
public enum LiveMCP {}
