;;; lspmode_check.el --- Emacs 28 + lsp-mode 8 headless check of Toolwright's server -*- lexical-binding: t -*-
;; TOOLWRIGHT_BIN=/path/toolwright TW_REPO=<repo> TW_FILE=... TW_EXPECTED=... TW_FIXED=... \
;;   emacs --batch -l lspmode_check.el
;; Loads the shipped editors/emacs-lsp-mode/toolwright-lsp-mode.el (lsp-register-client), opens TW_FILE, waits until lsp-mode's
;; diagnostic store holds exactly the expected diagnostics, hovers a tool name, executes the
;; quick fix with lsp-execute-code-action, compares the buffer with TW_FIXED and waits for the
;; re-lint.  Exit 0 = PASS.

(require 'package)
(package-initialize)
(require 'lsp-mode)
(require 'cl-lib)

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
  (with-temp-buffer (insert-file-contents path) (buffer-string)))

(defvar tw-file (expand-file-name (getenv "TW_FILE")))
(defvar tw-dir (file-name-directory tw-file))
(defvar tw-expected (json-parse-string (tw-read (getenv "TW_EXPECTED")) :object-type 'plist :array-type 'list))
(defvar tw-fixed (tw-read (getenv "TW_FIXED")))
(defvar tw-timeout (string-to-number (or (getenv "TW_TIMEOUT_S") "20")))

;; Keep lsp-mode from prompting or writing outside the scratch directory.
(setq lsp-session-file (expand-file-name ".lsp-session-v1" tw-dir)
      lsp-server-install-dir (expand-file-name ".lsp-servers" tw-dir)
      lsp-auto-guess-root nil
      lsp-restart 'ignore
      lsp-enable-file-watchers nil
      lsp-keep-workspace-alive nil
      lsp-headerline-breadcrumb-enable nil
      lsp-modeline-code-actions-enable nil
      lsp-modeline-diagnostics-enable nil
      lsp-diagnostics-provider :none       ; read lsp-mode's own store
      lsp-enable-snippet nil
      lsp-log-io nil)

(load (expand-file-name "editors/emacs-lsp-mode/toolwright-lsp-mode.el" (getenv "TW_REPO")) nil t)
(setf (lsp-session-folders (lsp-session)) (list (directory-file-name tw-dir)))

(defun tw-expected-keys (&optional skip-code)
  (sort (cl-loop for d in (plist-get tw-expected :diagnostics)
                 for r = (plist-get d :range)
                 unless (equal (plist-get d :code) skip-code)
                 collect (format "%s@%d:%d-%d:%d/%d" (plist-get d :code)
                                 (nth 0 r) (nth 1 r) (nth 2 r) (nth 3 r) (plist-get d :severity)))
        #'string<))

(defun tw-diags () (gethash tw-file (lsp-diagnostics t)))
(defun tw-actual-keys ()
  ;; lsp-mode 8 keeps JSON objects as hash tables (lsp-use-plists is nil).
  (sort (cl-loop for d in (tw-diags)
                 for r = (gethash "range" d)
                 for s = (gethash "start" r)
                 for e = (gethash "end" r)
                 collect (format "%s@%d:%d-%d:%d/%s" (gethash "code" d)
                                 (gethash "line" s) (gethash "character" s)
                                 (gethash "line" e) (gethash "character" e)
                                 (gethash "severity" d)))
        #'string<))

(find-file tw-file)
(tw-out "major-mode=%s" major-mode)
(lsp)
(tw-check (lsp-workspaces) "lsp-mode started a workspace")

;; 1. Diagnostics.
(let ((want (tw-expected-keys)))
  (tw-wait (lambda () (equal (tw-actual-keys) want)) tw-timeout)
  (tw-out "diagnostics: %S" (tw-actual-keys))
  (tw-check (equal (tw-actual-keys) want) (format "diagnostics equal %S" want))
  (tw-check (and (tw-diags)
                 (cl-every (lambda (d) (equal (gethash "source" d) (plist-get tw-expected :source))) (tw-diags)))
            "every diagnostic has source toolwright"))

;; 2. Hover on a tool name.
(let* ((h (plist-get tw-expected :hover))
       (res (ignore-errors
              (lsp-request "textDocument/hover"
                           (list :textDocument (lsp--text-document-identifier)
                                 :position (list :line (plist-get h :line)
                                                 :character (plist-get h :character))))))
       (contents (and res (gethash "contents" res)))
       (text (cond ((stringp contents) contents)
                   ((hash-table-p contents) (gethash "value" contents)))))
  (tw-out "hover kind=%s text=%S" (and (hash-table-p contents) (gethash "kind" contents)) text)
  (dolist (word (plist-get h :contains))
    (tw-check (and text (string-search word text)) (format "hover mentions %s" word))))

;; 3. Quick fix: put point on the diagnostic and let lsp-mode collect the line's diagnostics.
(let* ((code (plist-get (plist-get tw-expected :codeAction) :code))
       (diag (cl-find-if (lambda (d) (equal (gethash "code" d) code)) (tw-diags))))
  (when (tw-check diag (format "found a %s diagnostic" code))
    (goto-char (lsp--position-to-point (gethash "start" (gethash "range" diag))))
    (let* ((actions (append (lsp-code-actions-at-point) nil))
           (action (cl-find-if (lambda (a) (gethash "edit" a)) actions)))
      (dolist (a actions) (tw-out "code action: %s kind=%s" (gethash "title" a) (gethash "kind" a)))
      (when (tw-check action "code action with a WorkspaceEdit")
        (lsp-execute-code-action action)
        (tw-check (equal (buffer-substring-no-properties (point-min) (point-max)) tw-fixed)
                  "buffer equals the fixed fixture")
        (let ((want (tw-expected-keys code)))
          (tw-wait (lambda () (equal (tw-actual-keys) want)) tw-timeout)
          (tw-out "diagnostics after fix: %S" (tw-actual-keys))
          (tw-check (equal (tw-actual-keys) want) (format "after the fix, diagnostics equal %S" want)))))))

(ignore-errors (lsp-workspace-shutdown (car (lsp-workspaces))))
(if (zerop tw-failures)
    (progn (tw-out "PASS %s" (lsp-version)) (kill-emacs 0))
  (tw-out "FAIL emacs+lsp-mode: %d check(s) failed" tw-failures)
  (kill-emacs 1))
