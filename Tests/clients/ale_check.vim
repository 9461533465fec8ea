" Vim 9 + ALE 3.3 headless check of Toolwright's language server.
"   ALE_DIR=$(dpkg -L vim-ale | grep -m1 'share/vim-ale$') TOOLWRIGHT_BIN=/path/toolwright TW_REPO=<repo> \
"   TW_FILE=... TW_EXPECTED=... TW_OUT=result.txt vim -N -u NONE -i NONE -n -es -S ale_check.vim
" Sources the shipped editors/vim-ale/toolwright.vim (an `lsp: 'stdio'` linter), waits until ALE's
" loclist holds exactly the expected diagnostics (rule id, E/W type, range converted by ALE),
" sends a hover through ALE's LSP connection (ALE advertises plaintext hovers only, so the answer
" must be plaintext MarkupContent), and applies the quick fix through ALE's code-action code.
" Writes its log to $TW_OUT; exits 0 = PASS.
set nocompatible
let s:t0 = reltime()
let s:log = []
let s:failures = 0
function! s:Out(msg) abort
  call add(s:log, printf('[%5.2fs] %s', reltimefloat(reltime(s:t0)), a:msg))
endfunction
function! s:Check(ok, what) abort
  call s:Out((a:ok ? 'ok   ' : 'FAIL ') . a:what)
  if !a:ok | let s:failures += 1 | endif
endfunction
function! s:Finish() abort
  if s:failures == 0
    call s:Out('PASS vim ' . (v:version / 100) . '.' . (v:version % 100) . ' + ALE')
  else
    call s:Out('FAIL vim+ALE: ' . s:failures . ' check(s) failed')
  endif
  call writefile(s:log, $TW_OUT)
  if s:failures == 0 | qall! | else | cquit 1 | endif
endfunction

if empty($ALE_DIR) || empty($TW_OUT)
  call writefile(['FAIL: set ALE_DIR and TW_OUT'], empty($TW_OUT) ? '/dev/stderr' : $TW_OUT)
  cquit 2
endif
let s:expected = json_decode(join(readfile($TW_EXPECTED), "\n"))
let s:timeout = str2float(empty($TW_TIMEOUT_S) ? '20' : $TW_TIMEOUT_S)

execute 'set runtimepath^=' . fnameescape($ALE_DIR)
filetype plugin on
let g:ale_enabled = 1
let g:ale_lint_on_enter = 1
let g:ale_lint_delay = 0
let g:ale_linters_explicit = 1
let g:ale_linters = {'json': ['toolwright'], 'yaml': ['toolwright']}
runtime plugin/ale.vim

execute 'source ' . fnameescape($TW_REPO . '/editors/vim-ale/toolwright.vim')

execute 'edit ' . fnameescape($TW_FILE)
execute 'setlocal filetype=' . ($TW_FILE =~? '\.ya\?ml$' ? 'yaml' : 'json')
let s:buf = bufnr('')
call ale#Queue(0, '', s:buf)

function! s:Keys(items) abort
  return sort(a:items)
endfunction
let s:want = []
for s:d in s:expected.diagnostics
  let s:r = s:d.range
  call add(s:want, printf('%s@%d:%d-%d:%d/%s', s:d.code, s:r[0], s:r[1], s:r[2], s:r[3], s:d.severity == 1 ? 'E' : 'W'))
endfor
call sort(s:want)
" ALE's loclist is 1-based with an inclusive end column: map back to LSP's 0-based, exclusive end.
function! s:Actual() abort
  let l:keys = []
  for l:d in ale#engine#GetLoclist(s:buf)
    call add(l:keys, printf('%s@%d:%d-%d:%d/%s', get(l:d, 'code', ''), l:d.lnum - 1, l:d.col - 1,
    \ get(l:d, 'end_lnum', 0) - 1, get(l:d, 'end_col', 0), l:d.type))
  endfor
  return sort(l:keys)
endfunction

let s:deadline = reltimefloat(reltime()) + s:timeout
while s:Actual() != s:want && reltimefloat(reltime()) < s:deadline
  sleep 50m
endwhile
call s:Out('diagnostics: ' . string(s:Actual()))
call s:Check(s:Actual() == s:want, 'diagnostics equal ' . string(s:want))

" Hover through ALE's own connection to the server.
let s:hover = v:null
function! s:OnHover(response) abort
  let s:hover = a:response
endfunction
let s:h = s:expected.hover
call ale#lsp_linter#SendRequest(s:buf, 'toolwright',
\ ale#lsp#message#Hover(s:buf, s:h.line + 1, s:h.character + 1), function('s:OnHover'))
let s:deadline = reltimefloat(reltime()) + s:timeout
while s:hover is v:null && reltimefloat(reltime()) < s:deadline
  sleep 50m
endwhile
let s:contents = type(s:hover) == v:t_dict ? get(get(s:hover, 'result', {}), 'contents', v:null) : v:null
call s:Out('hover: ' . string(s:contents))
call s:Check(type(s:contents) == v:t_dict && get(s:contents, 'kind', '') is# 'plaintext',
\ 'hover is plaintext MarkupContent (ALE offers plaintext only)')
let s:lines = type(s:contents) == v:t_dict ? ale#hover#ParseLSPResult(s:contents)[1] : []
for s:word in s:h.contains
  call s:Check(stridx(join(s:lines, "\n"), s:word) >= 0, 'hover mentions ' . s:word)
endfor

" Quick fix through ALE's own code-action path (what :ALECodeAction runs): request actions at
" the diagnostic, take the menu ALE would show, apply the first edit with ALE's applier.
let s:fix_code = s:expected.codeAction.code
let s:target = filter(copy(ale#engine#GetLoclist(s:buf)), {_, d -> get(d, 'code', '') is# s:fix_code})
call s:Check(!empty(s:target), 'found a ' . s:fix_code . ' diagnostic')
if !empty(s:target)
  let s:menu = v:null
  function! s:OnMenu(data, items) abort
    let s:menu = [a:data, a:items]
  endfunction
  call cursor(s:target[0].lnum, s:target[0].col)
  call ale#codefix#Execute(0, function('s:OnMenu'))
  let s:deadline = reltimefloat(reltime()) + s:timeout
  while s:menu is v:null && reltimefloat(reltime()) < s:deadline
    sleep 50m
  endwhile
  let s:items = s:menu is v:null ? [] : filter(copy(s:menu[1]), {_, i -> has_key(i[1], 'edit')})
  for s:i in (s:menu is v:null ? [] : s:menu[1])
    call s:Out('code action: ' . get(s:i[1], 'title', '') . ' kind=' . get(s:i[1], 'kind', ''))
  endfor
  call s:Check(!empty(s:items), 'code action with a WorkspaceEdit')
  if !empty(s:items)
    call ale#codefix#ApplyLSPCodeAction(s:menu[0], s:items[0][1])
    call s:Check(getline(1, '$') ==# readfile($TW_FIXED), 'buffer equals the fixed fixture')
    " ALE lints again on TextChanged, which -es never fires: queue it as the autocmd would.
    call ale#Queue(0, '', s:buf)
    let s:want = filter(copy(s:want), {_, k -> k !~# '^' . s:fix_code . '@'})
    let s:deadline = reltimefloat(reltime()) + s:timeout
    while s:Actual() != s:want && reltimefloat(reltime()) < s:deadline
      sleep 50m
      call ale#Queue(0, '', s:buf)
    endwhile
    call s:Out('diagnostics after fix: ' . string(s:Actual()))
    call s:Check(s:Actual() == s:want, 'after the fix, diagnostics equal ' . string(s:want))
  endif
endif

call s:Finish()
