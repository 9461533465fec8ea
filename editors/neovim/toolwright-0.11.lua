-- Toolwright language server for Neovim 0.11+ (vim.lsp.config + vim.lsp.enable).
-- Put this in init.lua, or put the table alone in ~/.config/nvim/lsp/toolwright.lua
-- (`return { cmd = ..., ... }`) and keep only the vim.lsp.enable line in init.lua.

vim.lsp.config("toolwright", {
  cmd = { os.getenv("TOOLWRIGHT_BIN") or "toolwright", "lsp" }, -- or a full path
  -- The server sniffs content, so all JSON/YAML buffers can be sent; drop ones you don't want.
  filetypes = { "json", "jsonc", "jsonl", "yaml" },
  root_markers = { ".toolwright.yaml", ".git" },
  -- initializationOptions (see editors/README.md); leave out to let the server pick targets
  -- from each file's dialect.
  -- init_options = { targets = { "openai-strict", "anthropic", "mcp" }, debounceMs = 150 },
})
vim.lsp.enable("toolwright")
