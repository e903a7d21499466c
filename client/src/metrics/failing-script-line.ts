/**
 * The line of a document where a failed bash script stopped, as the step's
 * error names it (`… at line 2 of the script (w.momoflow:25), \`false\``),
 * so that the editor can mark that line. No `vscode` import here.
 */
import { sep } from "node:path";
import type { OutlineRange } from "../outline/document-outline";

/** `at line 2 of the script (PATH:LINE), ` in an error: groups the script's line, PATH and LINE (1-based). */
const SCRIPT_FILE_LINE = / at line (\d+) of the script \((.+?):(\d+)\), `/;

/** The line that opens a step's `run: """` script (the script starts on the next line). */
const SCRIPT_OPENER = /^\s*run:\s*"""\s*$/;

/**
 * The line (0-based) of the document where `error` says its script stopped,
 * when the error names `documentPath` (matched by its end: the CLI names the
 * file relative to the folder it ran in) and `step` (the failed step's range
 * now) holds a `run: """` script: that script's line, counted from where
 * the script opens now, so that lines added above the step since the run
 * do not move the mark off it. Undefined otherwise.
 */
export function failingScriptLine(
  error: string,
  documentPath: string,
  step: OutlineRange,
  lineText: (line: number) => string,
): number | undefined {
  const found = SCRIPT_FILE_LINE.exec(error);
  if (!found) return undefined;
  const named = found[2]!.split(/[\\/]/).join(sep);
  const document = documentPath.split(/[\\/]/).join(sep);
  if (document !== named && !document.endsWith(`${sep}${named}`)) return undefined;
  for (let line = step.start.line + 1; line < step.end.line; line++) {
    if (!SCRIPT_OPENER.test(lineText(line))) continue;
    const failing = line + Number(found[1]);
    return failing < step.end.line ? failing : undefined;
  }
  return undefined;
}
