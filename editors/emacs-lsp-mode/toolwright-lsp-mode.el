;;; toolwright-lsp-mode.el --- Toolwright language server for lsp-mode -*- lexical-binding: t -*-
;; Load from init.el:  (load "/path/to/editors/emacs-lsp-mode/toolwright-lsp-mode.el")
;; then M-x lsp in a tool file, or (add-hook 'js-mode-hook #'lsp-deferred) etc.
;; Tested headless with Emacs 28.2 + lsp-mode 8.0.0 by Tests/clients/lspmode_check.el.

(require 'lsp-mode)

(defgroup toolwright nil "Toolwright language server." :group 'lsp-mode)

(defcustom toolwright-program (or (getenv "TOOLWRIGHT_BIN") "toolwright")
  "The toolwright executable (a name on `exec-path' or an absolute path)."
  :type 'string :group 'toolwright)

(defcustom toolwright-file-regexp "\\.\\(json\\|jsonl\\|ya?ml\\)\\'"
  "Files Toolwright is started for.  The server itself sniffs the content, so files that
are not tool definitions get no findings; narrow this to e.g. \"\\\\.tools\\\\.\" if you like."
  :type 'regexp :group 'toolwright)

(defcustom toolwright-initialization-options nil
  "Plist sent as LSP initializationOptions, e.g. (:targets [\"openai\" \"mcp\"] :debounceMs 150).
nil sends {} and lets the server pick targets from each file's dialect."
  :type 'sexp :group 'toolwright)

;; Emacs 28 opens *.json in js-mode; tell lsp-mode it is JSON (Toolwright ignores languageId anyway).
(add-to-list 'lsp-language-id-configuration '(js-mode . "json") t)
(add-to-list 'lsp-language-id-configuration '("\\.jsonl\\'" . "json") t)

(lsp-register-client
 (make-lsp-client
  :new-connection (lsp-stdio-connection (lambda () (list toolwright-program "lsp")))
  :activation-fn (lambda (file-name _mode)
                   (and file-name (string-match-p toolwright-file-regexp file-name)))
  ;; add-on: runs next to another JSON/YAML server (json-ls, yaml-ls) instead of replacing it.
  :add-on? t
  :server-id 'toolwright
  :initialization-options (lambda () (or toolwright-initialization-options (make-hash-table)))))

(provide 'toolwright-lsp-mode)
;;; toolwright-lsp-mode.el ends here
