" Toolwright language server as an ALE linter (ALE 3.3+, Vim 8.2+/9 or Neovim).
" Copy to ~/.vim/plugin/toolwright.vim (after ALE is loaded), or `source` it from vimrc.
" Tested headless with Vim 9.0 + ALE 3.3.0 by Tests/clients/ale_check.vim.
let g:toolwright_executable = get(g:, 'toolwright_executable',
\   empty($TOOLWRIGHT_BIN) ? 'toolwright' : $TOOLWRIGHT_BIN)
" Sent as initializationOptions, e.g. {'targets': ['openai', 'mcp'], 'debounceMs': 150}.
let g:toolwright_init_options = get(g:, 'toolwright_init_options', {})

function! s:ToolwrightRoot(buffer) abort
  for l:marker in ['.toolwright.yaml', '.git']
    let l:found = ale#path#FindNearestFile(a:buffer, l:marker)
    if empty(l:found)
      let l:found = ale#path#FindNearestDirectory(a:buffer, l:marker)
    endif
    if !empty(l:found)
      return fnamemodify(substitute(l:found, '[/\\]$', '', ''), ':h')
    endif
  endfor
  return fnamemodify(bufname(a:buffer), ':p:h')
endfunction

for s:filetype in ['json', 'jsonc', 'yaml']
  call ale#linter#Define(s:filetype, {
  \   'name': 'toolwright',
  \   'lsp': 'stdio',
  \   'executable': {b -> g:toolwright_executable},
  \   'command': '%e lsp',
  \   'project_root': function('s:ToolwrightRoot'),
  \   'initialization_options': {b -> g:toolwright_init_options},
  \})
endfor
