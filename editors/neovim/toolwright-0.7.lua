-- Toolwright language server for Neovim 0.7 - 0.10 (vim.lsp.start_client + an autocmd).
-- Put this file in ~/.config/nvim/plugin/ (or :luafile it from init.lua).
-- Tested headless with Neovim 0.7.2 by Tests/clients/nvim_check.lua.

local toolwright = {
  -- `toolwright` on $PATH, or the full path ($TOOLWRIGHT_BIN overrides it).
  cmd = { os.getenv("TOOLWRIGHT_BIN") or "toolwright", "lsp" },
  -- The server decides by file extension and content, so any JSON/YAML buffer may be sent;
  -- files that are not tool definitions get no findings. Narrow the patterns if you like,
  -- e.g. { "*.tools.json", "*.tools.yaml", "mcp*.json" }.
  patterns = { "*.json", "*.jsonl", "*.yaml", "*.yml" },
  root_markers = { ".toolwright.yaml", ".git" },
  -- initializationOptions (see editors/README.md); nil lets the server pick targets per dialect.
  -- init_options = { targets = { "openai-strict", "anthropic", "mcp" }, debounceMs = 150 },
  init_options = nil,
}

local clients = {} -- one client per project root

local function root_for(bufnr)
  local path = vim.api.nvim_buf_get_name(bufnr)
  local dir = vim.fn.fnamemodify(path, ":p:h")
  for _, marker in ipairs(toolwright.root_markers) do
    local found = vim.fn.findfile(marker, dir .. ";")
    if found == "" then found = vim.fn.finddir(marker, dir .. ";") end
    if found ~= "" then return vim.fn.fnamemodify(found, ":p:h:h") end
  end
  return dir
end

local function attach(args)
  local bufnr = args.buf
  if vim.bo[bufnr].buftype ~= "" then return end
  local root = root_for(bufnr)
  local id = clients[root]
  if not id or not vim.lsp.get_client_by_id(id) then
    id = vim.lsp.start_client({
      name = "toolwright",
      cmd = toolwright.cmd,
      root_dir = root,
      workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
      init_options = toolwright.init_options,
    })
    clients[root] = id
  end
  if id then vim.lsp.buf_attach_client(bufnr, id) end
end

vim.api.nvim_create_augroup("toolwright_lsp", { clear = true })
vim.api.nvim_create_autocmd({ "BufReadPost", "BufNewFile" }, {
  group = "toolwright_lsp",
  pattern = toolwright.patterns,
  callback = attach,
})
