;;; eglot_check.el --- Emacs 28 + eglot 1.9 headless check of Toolwright's server -*- lexical-binding: t -*-
;; TOOLWRIGHT_BIN=/path/toolwright TW_REPO=<repo> TW_FILE=... TW_EXPECTED=... TW_FIXED=... \
;;   emacs --batch -l eglot_check.el
;; Loads the shipped editors/emacs-eglot/toolwright-eglot.el, opens TW_FILE (js-mode on Emacs 28; eglot sends languageId "js"), waits until Flymake holds
;; exactly the expected diagnostics (rule id, severity, range as Flymake converted it), hovers a
;; tool name, runs the quick fix through eglot's own code-action path, compares the buffer
;; with TW_FIXED and waits for the re-lint.  Exit 0 = PASS.

(require 'package)
(package-initialize)                    ; activates Debian's elpa-* packages in batch mode
(require 'eglot)
(require 'flymake)
(require 'cl-lib)
(require 'json)

(defvar tw-t0 (float-time))
(defvar tw-failures 0)
(defun tw-out (fmt &rest args)
  (princ (format "[%5.2fs] %s\n" (- (float-time) tw-t0) (apply #'format fmt args))))
(defun tw-check (ok what)
  (tw-out "%s %s" (if ok "ok  " "FAIL") what)
  (unless ok (cl-incf tw-failures))
  ok)
(defun tw-wait (pred secs)
  (let ((deadline (+ (float-time) secs)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (funcall pred)))
(defun tw-read (path)
  (with-temp-buffer (insert-file-contents-literally path) (decode-coding-region (point-min) (point-max) 'utf-8) (buffer-string)))

(defvar tw-file (expand-file-name (getenv "TW_FILE")))
(defvar tw-expected (json-parse-string (tw-read (getenv "TW_EXPECTED")) :object-type 'plist :array-type 'list))
(defvar tw-fixed (tw-read (getenv "TW_FIXED")))
(defvar tw-timeout (string-to-number (or (getenv "TW_TIMEOUT_S") "20")))
(defvar tw-published nil "Params of the last publishDiagnostics.")

(cl-defmethod eglot-handle-notification :before
  (_server (_method (eql textDocument/publishDiagnostics)) &rest params)
  (setq tw-published params))

(defun tw-expected-keys (&optional skip-code)
  (sort (cl-loop for d in (plist-get tw-expected :diagnostics)
                 for r = (plist-get d :range)
                 unless (equal (plist-get d :code) skip-code)
                 collect (format "%s@%d:%d-%d:%d/%d" (plist-get d :code)
                                 (nth 0 r) (nth 1 r) (nth 2 r) (nth 3 r) (plist-get d :severity)))
        #'string<))

(defun tw-lsp-pos (pos)
  "0-based line and column of POS (ASCII fixture: columns equal UTF-16 units)."
  (save-excursion (goto-char pos)
                  (format "%d:%d" (1- (line-number-at-pos)) (current-column))))

(defun tw-flymake-keys ()
  "Flymake's diagnostics in this buffer, with the rule id and severity eglot kept."
  (sort (cl-loop for d in (flymake-diagnostics)
                 for lsp = (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data d)))
                 collect (format "%s@%s-%s/%s" (plist-get lsp :code)
                                 (tw-lsp-pos (flymake-diagnostic-beg d))
                                 (tw-lsp-pos (flymake-diagnostic-end d))
                                 (plist-get lsp :severity)))
        #'string<))

(load (expand-file-name "editors/emacs-eglot/toolwright-eglot.el" (getenv "TW_REPO")) nil t)
(setq eglot-sync-connect t eglot-connect-timeout tw-timeout)

(find-file tw-file)
(tw-out "major-mode=%s" major-mode)
(apply #'eglot (eglot--guess-contact))
(tw-check (eglot-managed-p) "eglot manages the buffer")

;; 1. Diagnostics as Flymake holds them.
(let ((want (tw-expected-keys)))
  (tw-wait (lambda () (flymake-start) (equal (tw-flymake-keys) want)) tw-timeout)
  (tw-out "diagnostics: %S" (tw-flymake-keys))
  (tw-check (equal (tw-flymake-keys) want) (format "diagnostics equal %S" want))
  (tw-check (and tw-published
                 (cl-every (lambda (d) (equal (plist-get d :source) (plist-get tw-expected :source)))
                           (plist-get tw-published :diagnostics)))
            "every published diagnostic has source toolwright"))

;; 2. Hover on a tool name.
(let* ((h (plist-get tw-expected :hover))
       (res (ignore-errors
              (jsonrpc-request (eglot--current-server-or-lose) :textDocument/hover
                               (list :textDocument (eglot--TextDocumentIdentifier)
                                     :position (list :line (plist-get h :line)
                                                     :character (plist-get h :character))))))
       (contents (plist-get res :contents))
       (text (if (stringp contents) contents (plist-get contents :value))))
  (tw-out "hover kind=%s text=%S" (plist-get contents :kind) text)
  (dolist (word (plist-get h :contains))
    (tw-check (and text (string-search word text)) (format "hover mentions %s" word))))

;; 3. Quick fix through eglot: request actions for the diagnostic's region (eglot puts the
;; Flymake diagnostics of that region into the context) and apply the edit as eglot does.
(let* ((code (plist-get (plist-get tw-expected :codeAction) :code))
       (diag (cl-find-if (lambda (d) (equal (plist-get (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data d))) :code) code))
                         (flymake-diagnostics)))
       (actions (and diag (eglot-code-actions (flymake-diagnostic-beg diag) (flymake-diagnostic-end diag))))
       (action (cl-find-if (lambda (a) (plist-get a :edit)) actions)))
  (tw-check diag (format "found a %s diagnostic" code))
  (dolist (a actions) (tw-out "code action: %s kind=%s" (plist-get a :title) (plist-get a :kind)))
  (when (tw-check action "code action with a WorkspaceEdit")
    (eglot--apply-workspace-edit (plist-get action :edit))
    (tw-check (equal (buffer-substring-no-properties (point-min) (point-max)) tw-fixed)
              "buffer equals the fixed fixture")
    ;; eglot sends didChange from an idle timer, and idle timers never fire in --batch:
    ;; flush it the way the timer would.
    (eglot--signal-textDocument/didChange)
    (let ((want (tw-expected-keys code)))
      (tw-wait (lambda () (flymake-start) (equal (tw-flymake-keys) want)) tw-timeout)
      (tw-out "diagnostics after fix: %S" (tw-flymake-keys))
      (tw-check (equal (tw-flymake-keys) want) (format "after the fix, diagnostics equal %S" want)))))

(let ((server (ignore-errors (eglot--current-server-or-lose))))
  (when server (ignore-errors (eglot-shutdown server))))
(if (zerop tw-failures)
    (progn (tw-out "PASS emacs %s + eglot" emacs-version) (kill-emacs 0))
  (tw-out "FAIL emacs+eglot: %d check(s) failed" tw-failures)
  (kill-emacs 1))
