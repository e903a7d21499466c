-- Runs inside headless Neovim after the README's configuration and the file
-- under test were loaded: waits for the language server, asks it what a user
-- would see (diagnostics, completion, hover) and writes the answers as JSON
-- for the mocha test. Works on Neovim 0.7 (the oldest the README supports).
local spec = vim.fn.json_decode(os.getenv("MOMOFLOW_PROBE"))
local buf = vim.api.nvim_get_current_buf()
local v = vim.version()
local result = { nvimPid = vim.fn.getpid(), version = v.major .. "." .. v.minor .. "." .. v.patch }

local function clients_of(bufnr)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = bufnr })
  end
  return vim.tbl_values(vim.lsp.buf_get_clients(bufnr))
end

-- Waits for `ready()`; an error saying `what` when it does not come in time.
local function wait_for(what, ready)
  if not vim.wait(spec.timeoutMs, ready, 20) then
    error(what .. " did not arrive within " .. spec.timeoutMs .. " ms", 0)
  end
end

-- The first answer of a request to the buffer's server, or an error.
local function request(method, position)
  local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = position }
  local answers, err = vim.lsp.buf_request_sync(buf, method, params, spec.timeoutMs)
  if not answers then
    error(method .. ": " .. tostring(err), 0)
  end
  for _, answer in pairs(answers) do
    if answer.err then
      error(method .. ": " .. vim.inspect(answer.err), 0)
    end
    return answer.result == nil and vim.NIL or answer.result
  end
  error(method .. ": no server answered", 0)
end

local ok, err = pcall(function()
  result.filetype = vim.bo[buf].filetype
  wait_for("a momoflow client", function()
    return #clients_of(buf) > 0
  end)
  local client = clients_of(buf)[1]
  result.client = { name = client.name, rootDir = client.config.root_dir }
  -- The server is Neovim's child process (the only one: --clean loads no plugins).
  result.children = {}
  for _, pid in ipairs(vim.api.nvim_get_proc_children(result.nvimPid)) do
    local cmdline = io.open("/proc/" .. pid .. "/cmdline", "r")
    table.insert(result.children, {
      pid = pid,
      command = cmdline and cmdline:read("*a"):gsub("%z", " ") or "",
    })
    if cmdline then
      cmdline:close()
    end
  end

  wait_for("diagnostics", function()
    return #vim.diagnostic.get(buf) > 0
  end)
  result.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(result.diagnostics, {
      lnum = d.lnum,
      col = d.col,
      end_lnum = d.end_lnum,
      end_col = d.end_col,
      severity = d.severity,
      code = d.code,
      source = d.source,
      message = d.message,
    })
  end
  result.completion = request("textDocument/completion", spec.completion)
  result.hover = request("textDocument/hover", spec.hover)
  -- What `vim.lsp.buf.format()` sends: the buffer's own indentation settings.
  local formatting = vim.lsp.util.make_formatting_params()
  result.formattingOptions = formatting.options
  local answers, format_err = vim.lsp.buf_request_sync(buf, "textDocument/formatting", formatting, spec.timeoutMs)
  if not answers then
    error("textDocument/formatting: " .. tostring(format_err), 0)
  end
  for _, answer in pairs(answers) do
    result.formatting = answer.result == nil and vim.NIL or answer.result
  end
end)
if not ok then
  result.error = tostring(err)
end

-- Written whole, then renamed: the test never reads half a file.
local out = assert(io.open(spec.out .. ".part", "w"))
out:write(vim.fn.json_encode(result))
out:close()
assert(os.rename(spec.out .. ".part", spec.out))
if not spec.stay then
  vim.cmd("qall!")
end
