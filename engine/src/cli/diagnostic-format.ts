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
  const where = `${shownPath(cwd, d.path)}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
  const severity = style
    ? style.status(
        d.severity === "error" ? "failed" : d.severity === "warning" ? "cancelled" : "skipped",
        d.severity,
      )
    : d.severity;
  return `${where}: ${severity} ${d.code}: ${d.message}`;
}

/** The last path shown: a file's diagnostics come together, 20,000 of them at times. */
let shown = { cwd: "", path: "", text: "" };

/** `path` relative to `cwd` (itself when that is empty). */
function shownPath(cwd: string, path: string): string {
  if (shown.cwd !== cwd || shown.path !== path)
    shown = { cwd, path, text: relative(cwd, path) || path };
  return shown.text;
}

export function toJsonDiagnostic(d: Diagnostic): JsonDiagnostic {
  return { file: d.path, range: d.range, severity: d.severity, code: d.code, message: d.message };
}

/** `2 errors, 1 warning` (empty when there is nothing). */
export function countSummary(diagnostics: readonly Diagnostic[]): string {
  const count = (severity: Diagnostic["severity"], word: string): string | undefined => {
    const n = diagnostics.filter((d) => d.severity === severity).length;
    return n ? `${n} ${word}${n === 1 ? "" : "s"}` : undefined;
  };
  return [
    count("error", "error"),
    count("warning", "warning"),
    count("information", "note"),
    count("hint", "hint"),
  ]
    .filter(Boolean)
    .join(", ");
}
