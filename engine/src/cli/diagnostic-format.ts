import { relative } from "node:path";
import type { Diagnostic } from "../language/diagnostic";
import type { TerminalStyle } from "./terminal-style";

/** One diagnostic as `momoflow check --format json` prints it (0-based LSP positions). */
export interface JsonDiagnostic {
  file: string;
  range: Diagnostic["range"];
  severity: Diagnostic["severity"];
  code: string;
  message: string;
}

/** `path:line:col: error MF003: message`, 1-based like compilers (what the problem matcher reads). */
export function formatDiagnostic(
  d: Diagnostic,
  style?: TerminalStyle,
  cwd = process.cwd(),
): string {
  const start = d.range.start;
  return `${shownPath(d.path, cwd)}:${start.line + 1}:${start.character + 1}: ${severityText(d.severity, style)} ${d.code}: ${d.message}`;
}

/**
 * Every diagnostic as {@link formatDiagnostic} makes it, each followed by a
 * line break: one string for one write (20,000 problems would otherwise be
 * as many writes, or an array of as many lines joined again).
 */
export function formatDiagnostics(
  diagnostics: readonly Diagnostic[],
  style?: TerminalStyle,
  cwd = process.cwd(),
): string {
  let text = "";
  for (let i = 0; i < diagnostics.length; i++)
    text += formatDiagnostic(diagnostics[i]!, style, cwd) + "\n";
  return text;
}

/** `error`, in the colour of a failure on a terminal (a warning's is a cancellation's). */
function severityText(severity: Diagnostic["severity"], style: TerminalStyle | undefined): string {
  if (!style?.enabled) return severity;
  return style.status(
    severity === "error" ? "failed" : severity === "warning" ? "cancelled" : "skipped",
    severity,
  );
}

/** The last path shown: a file's diagnostics come together, 20,000 of them at times. */
let shown = { cwd: "", path: "", text: "" };

/**
 * `path` as `momoflow check` shows it: relative to `cwd` (itself when that is
 * empty). Every command shows a file of the user's so.
 */
export function shownPath(path: string, cwd = process.cwd()): string {
  if (shown.cwd !== cwd || shown.path !== path)
    shown = { cwd, path, text: relative(cwd, path) || path };
  return shown.text;
}

export function toJsonDiagnostic(d: Diagnostic): JsonDiagnostic {
  return { file: d.path, range: d.range, severity: d.severity, code: d.code, message: d.message };
}

/** `2 errors, 1 warning` (empty when there is nothing). */
export function countSummary(diagnostics: readonly Diagnostic[]): string {
  // One pass: a check may report 20,000 problems.
  const counts: Record<Diagnostic["severity"], number> = {
    error: 0,
    warning: 0,
    information: 0,
    hint: 0,
  };
  for (let i = 0; i < diagnostics.length; i++) counts[diagnostics[i]!.severity]++;
  const count = (n: number, word: string): string | undefined =>
    n ? `${n} ${word}${n === 1 ? "" : "s"}` : undefined;
  return [
    count(counts.error, "error"),
    count(counts.warning, "warning"),
    count(counts.information, "note"),
    count(counts.hint, "hint"),
  ]
    .filter(Boolean)
    .join(", ");
}
