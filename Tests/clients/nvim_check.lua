-- Neovim 0.7.2 headless check of Toolwright's language server.
--   TOOLWRIGHT_BIN=/path/toolwright TW_REPO=<repo> TW_FILE=... TW_EXPECTED=... TW_FIXED=... \
--     nvim --headless --clean -c "luafile nvim_check.lua"
-- Loads the shipped config editors/neovim/toolwright-0.7.lua (start_client from an autocmd),
-- opens TW_FILE, waits for exactly the diagnostics in TW_EXPECTED (rule ids, severities, ranges),
-- hovers a tool name, applies the quick fix for the `codeAction.code` diagnostic through
-- Neovim's own apply_workspace_edit, compares the buffer with TW_FIXED, and waits for the
-- server to re-lint the edited buffer. Only APIs present in 0.7.2 (no vim.lsp.start).

local failures = {}
local t0 = vim.loop.hrtime()
local function out(msg) io.stdout:write(string.format("[%5.2fs] ", (vim.loop.hrtime() - t0) / 1e9) .. msg .. "\n") end
local function check(ok, what)
  out((ok and "ok   " or "FAIL ") .. what)
  if not ok then table.insert(failures, what) end
end
local function finish()
  if #failures == 0 then
    out("PASS neovim " .. tostring(vim.version().major) .. "." .. tostring(vim.version().minor) .. "." .. tostring(vim.version().patch))
    vim.cmd("qall!")
  else
    out("FAIL neovim: " .. #failures .. " check(s) failed")
    vim.cmd("cquit 1")
  end
end

local function readfile(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

local file = os.getenv("TW_FILE")
local expected = vim.fn.json_decode(readfile(os.getenv("TW_EXPECTED")))
local fixed_text = readfile(os.getenv("TW_FIXED"))
local timeout_ms = 1000 * tonumber(os.getenv("TW_TIMEOUT_S") or "20")

vim.cmd("luafile " .. vim.fn.fnameescape(os.getenv("TW_REPO") .. "/editors/neovim/toolwright-0.7.lua"))
vim.cmd("edit " .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()

local client_id
vim.wait(timeout_ms, function()
  for id, c in pairs(vim.lsp.buf_get_clients(bufnr)) do
    if c.name == "toolwright" then client_id = id end
  end
  return client_id ~= nil
end, 20)
check(client_id ~= nil, "the config's autocmd attached a toolwright client")
if not client_id then finish() end

-- A diagnostic as "code@l:c-l:c/sev"; the set of these is compared with the expectation.
local function key(code, sl, sc, el, ec, sev)
  return string.format("%s@%d:%d-%d:%d/%s", tostring(code), sl, sc, el, ec, tostring(sev))
end
local function expected_keys(skip_code)
  local keys = {}
  for _, d in ipairs(expected.diagnostics) do
    if d.code ~= skip_code then
      local r = d.range
      table.insert(keys, key(d.code, r[1], r[2], r[3], r[4], d.severity))
    end
  end
  table.sort(keys)
  return table.concat(keys, " ")
end
local function actual_keys()
  local keys = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    table.insert(keys, key(lsp.code, d.lnum, d.col, d.end_lnum, d.end_col, d.severity))
  end
  table.sort(keys)
  return table.concat(keys, " ")
end

-- 1. Diagnostics as Neovim stored them (vim.diagnostic), ranges converted by Neovim itself.
local want = expected_keys(nil)
vim.wait(timeout_ms, function() return actual_keys() == want end, 50)
out("diagnostics: " .. actual_keys())
check(actual_keys() == want, "diagnostics equal " .. want)
local sources_ok = #vim.diagnostic.get(bufnr) > 0
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  sources_ok = sources_ok and d.source == expected.source
end
check(sources_ok, "every diagnostic has source '" .. expected.source .. "'")

-- 2. Hover on a tool name.
local hover = vim.lsp.buf_request_sync(bufnr, "textDocument/hover", {
  textDocument = { uri = vim.uri_from_bufnr(bufnr) },
  position = { line = expected.hover.line, character = expected.hover.character },
}, timeout_ms)
local hover_text, hover_kind = nil, nil
for _, res in pairs(hover or {}) do
  if res.result and res.result.contents then
    local c = res.result.contents
    hover_kind = type(c) == "table" and c.kind or "marked"
    hover_text = table.concat(vim.lsp.util.convert_input_to_markdown_lines(c), "\n")
  end
end
out("hover kind=" .. tostring(hover_kind) .. " text=" .. tostring(hover_text):gsub("\n", "\\n"):sub(1, 200))
for _, word in ipairs(expected.hover.contains) do
  check(hover_text ~= nil and hover_text:find(word, 1, true) ~= nil, "hover mentions " .. word)
end

-- 3. Code action for the fixable diagnostic, applied by Neovim.
-- Rebuild the LSP diagnostic the way Neovim's own code_action does (user_data keeps only extras).
local target
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  local lsp = d.user_data and d.user_data.lsp
  if lsp and lsp.code == expected.codeAction.code then
    for _, ld in ipairs(vim.lsp.diagnostic.get_line_diagnostics(bufnr, d.lnum, {}, client_id)) do
      if ld.code == expected.codeAction.code then target = ld end
    end
  end
end
check(target ~= nil, "found a " .. expected.codeAction.code .. " diagnostic to fix")
if target then
  out("target: " .. vim.inspect(target):gsub("\n", " "))
  local responses = vim.lsp.buf_request_sync(bufnr, "textDocument/codeAction", {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = target.range,
    context = { diagnostics = { target } },
  }, timeout_ms)
  local action
  for _, res in pairs(responses or {}) do
    for _, a in ipairs(res.result or {}) do
      out("code action: " .. tostring(a.title) .. " kind=" .. tostring(a.kind))
      if not action and a.edit then action = a end
    end
  end
  check(action ~= nil, "code action with a WorkspaceEdit")
  if action then
    local client = vim.lsp.get_client_by_id(client_id)
    vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
    local text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), "\n") .. "\n"
    check(text == fixed_text, "buffer equals " .. os.getenv("TW_FIXED"))
    -- The edit reaches the server through didChange; it must re-lint without the fixed finding.
    local want_after = expected_keys(expected.codeAction.code)
    vim.wait(timeout_ms, function() return actual_keys() == want_after end, 50)
    out("diagnostics after fix: " .. actual_keys())
    check(actual_keys() == want_after, "after the fix, diagnostics equal " .. want_after)
  end
end

local client = vim.lsp.get_client_by_id(client_id)
if client then client.stop() end
vim.wait(3000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
finish()
