;;; toolwright-eglot.el --- Toolwright language server for Eglot -*- lexical-binding: t -*-
;; Load from init.el:  (load "/path/to/editors/emacs-eglot/toolwright-eglot.el")
;; then M-x eglot in a tool file, or (add-hook 'js-mode-hook #'eglot-ensure) etc.
;; Tested headless with Emacs 28.2 + eglot 1.9 by Tests/clients/eglot_check.el.

(require 'eglot)

(defvar toolwright-program (or (getenv "TOOLWRIGHT_BIN") "toolwright")
  "The toolwright executable (a name on `exec-path' or an absolute path).")

(defvar toolwright-initialization-options nil
  "Plist sent as LSP initializationOptions, e.g. (:targets [\"openai\" \"mcp\"] :debounceMs 150).
nil sends {} and lets the server pick targets from each file's dialect.")

;; Emacs 28 opens *.json in js-mode (eglot then says languageId "js"; Toolwright ignores
;; languageId and looks at the file name and content).  Emacs 29+ uses js-json-mode or
;; json-ts-mode.  Eglot runs one server per major mode: this entry replaces any other JSON/YAML
;; server for these modes.  To keep another one for ordinary JSON, enable this entry only in
;; tool-file directories (see README.md).
(add-to-list 'eglot-server-programs
             `((js-mode js-json-mode json-mode json-ts-mode jsonian-mode yaml-mode yaml-ts-mode)
               . (,toolwright-program "lsp"
                  :initializationOptions ,(lambda (_server) (or toolwright-initialization-options
                                                                 eglot--{})))))

(provide 'toolwright-eglot)
;;; toolwright-eglot.el ends here
