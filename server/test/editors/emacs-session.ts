/**
 * Emacs in batch mode with the README's eglot configuration, a `.momoflow`
 * file open and `emacs-probe.el` asking the language server through eglot.
 */
import { spawnSync, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  editorUnavailable,
  runEditorProbe,
  type EditorSession,
  type ProbeAnswers,
  type ProbeSpec,
} from "./editor-probe";
import { readmeBlock } from "./readme-block";

const PROBE = resolve(__dirname, "emacs-probe.el");

/** What Emacs shows: flymake's diagnostics, the completion candidates, eldoc's hover text. */
export interface EmacsAnswers extends ProbeAnswers {
  /** Where eglot was loaded from (it is not built into Emacs before 29). */
  readonly eglot: string;
  readonly mode: string;
  /** The project root eglot serves (with a trailing slash). */
  readonly root: string;
  /** 0-based line and column. */
  readonly diagnostics: {
    readonly line: number;
    readonly column: number;
    readonly length: number;
    readonly type: string;
    readonly text: string;
  }[];
  readonly completion: string[];
  readonly hover: string;
}

/**
 * Why the Emacs test cannot run here, or undefined. Batch Emacs must load
 * eglot: built in from Emacs 29, a package before (Debian 12: `elpa-eglot`).
 */
export function emacsUnavailable(): string | undefined {
  const missing = editorUnavailable("emacs", "apt-get install emacs-nox elpa-eglot");
  if (missing) return missing;
  const loaded = spawnSync("emacs", ["--batch", "--eval", "(require 'eglot)"], { stdio: "ignore" });
  return loaded.status === 0
    ? undefined
    : "this Emacs has no eglot (Emacs 29+, or apt-get install elpa-eglot)";
}

/**
 * `emacs --batch` (no user init; the site's startup files load, as they
 * find Debian's elpa-eglot) with the README's Emacs Lisp block, resolved
 * with the probe's answers.
 */
export function openInEmacs(
  dir: string,
  file: string,
  spec: ProbeSpec,
  timeoutMs: number,
  started: (emacs: ChildProcess) => void,
): Promise<EditorSession<EmacsAnswers>> {
  const init = join(dir, "init.el");
  writeFileSync(init, readmeBlock("elisp", "eglot-server-programs"));
  const args = ["--batch", "-l", init, "-l", PROBE];
  return runEditorProbe<EmacsAnswers>("emacs", args, dir, { ...spec, file }, timeoutMs, started);
}
