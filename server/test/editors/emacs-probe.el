;;; emacs-probe.el --- asks eglot what a user would see -*- lexical-binding: t -*-

;; Loaded by `emacs --batch' after the README's configuration: opens the file
;; under test, waits for eglot's server, collects the diagnostics (flymake),
;; completion (eglot's capf) and hover (its eldoc function), and writes them
;; as JSON for the mocha test.  The spec comes in $MOMOFLOW_PROBE.

(require 'json)
(require 'cl-lib)

(defvar momoflow-probe-spec (json-read-from-string (getenv "MOMOFLOW_PROBE"))
  "What to open, where to ask, where to write (an alist).")

(defun momoflow-probe--get (&rest keys)
  "The value at KEYS in the spec."
  (let ((value momoflow-probe-spec))
    (dolist (key keys value)
      (setq value (alist-get key value)))))

(defun momoflow-probe--wait (what ready)
  "Wait for READY to return non-nil; signal an error naming WHAT when it does not in time."
  (let* ((ms (momoflow-probe--get 'timeoutMs))
         (deadline (+ (float-time) (/ ms 1000.0))))
    (while (not (funcall ready))
      (when (> (float-time) deadline)
        (error "%s did not arrive within %d ms" what ms))
      (accept-process-output nil 0.02))))

(defun momoflow-probe--goto (key)
  "Move to the LSP position at KEY of the spec (the test's text is ASCII)."
  (goto-char (point-min))
  (forward-line (momoflow-probe--get key 'line))
  (forward-char (momoflow-probe--get key 'character)))

(defun momoflow-probe--children ()
  "Emacs's child processes: the language server."
  (cl-loop for pid in (list-system-processes)
           for attributes = (process-attributes pid)
           when (eql (alist-get 'ppid attributes) (emacs-pid))
           collect `((pid . ,pid) (command . ,(alist-get 'args attributes)))))

(defun momoflow-probe--diagnostic (diagnostic)
  "DIAGNOSTIC as flymake holds it, with 0-based line and column."
  (save-excursion
    (goto-char (flymake-diagnostic-beg diagnostic))
    `((line . ,(1- (line-number-at-pos)))
      (column . ,(current-column))
      (length . ,(- (flymake-diagnostic-end diagnostic) (flymake-diagnostic-beg diagnostic)))
      (type . ,(symbol-name (flymake-diagnostic-type diagnostic)))
      (text . ,(flymake-diagnostic-text diagnostic)))))

(defun momoflow-probe--run ()
  "Open the file and collect the answers (an alist)."
  (let (result)
    (find-file (momoflow-probe--get 'file))
    (push `(mode . ,(symbol-name major-mode)) result)
    ;; eglot-ensure connects when the command that opened the file ends; batch
    ;; Emacs has no command loop, so that end is run here.
    (run-hooks 'post-command-hook)
    (momoflow-probe--wait "an eglot server" #'eglot-current-server)
    (push `(root . ,(expand-file-name (project-root (project-current)))) result)
    (push `(children . ,(vconcat (momoflow-probe--children))) result)
    (flymake-start)
    (momoflow-probe--wait "diagnostics" #'flymake-diagnostics)
    (push `(diagnostics . ,(vconcat (mapcar #'momoflow-probe--diagnostic (flymake-diagnostics))))
          result)
    (momoflow-probe--goto 'completion)
    (let ((capf (eglot-completion-at-point)))
      (push `(completion . ,(vconcat (all-completions "" (nth 2 capf)))) result))
    (momoflow-probe--goto 'hover)
    (let (hover)
      (eglot-hover-eldoc-function (lambda (info &rest _) (setq hover (or info ""))))
      (momoflow-probe--wait "hover" (lambda () hover))
      (push `(hover . ,(substring-no-properties hover)) result))
    result))

(let* ((out (momoflow-probe--get 'out))
       (result (condition-case err
                   (momoflow-probe--run)
                 (error `((error . ,(error-message-string err)))))))
  (push `(version . ,emacs-version) result)
  (push `(eglot . ,(or (locate-library "eglot") "")) result)
  (push `(emacsPid . ,(emacs-pid)) result)
  ;; Written whole, then renamed: the test never reads half a file.
  (with-temp-file (concat out ".part")
    (insert (json-encode result)))
  (rename-file (concat out ".part") out)
  (if (eq (momoflow-probe--get 'stay) t)
      (while t (sleep-for 1))
    (kill-emacs 0)))

;;; emacs-probe.el ends here
