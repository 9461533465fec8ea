/// JSON-RPC 2.0 over LSP framing. (In progress.)
public enum JSONRPC {}
