/**
 * The line of a document where a failed bash script stopped, as the step's
 * error names it (`… at line 2 of the script (w.momoflow:25), \`false\``),
 * so that the editor can mark that line and link to it. No `vscode` import here.
 */
import { existsSync } from "node:fs";
import { dirname, isAbsolute, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { RunResultFile } from "@momoflow/record";
import type { OutlineRange } from "../outline/document-outline";
import { markdownText } from "./markdown-text";

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

/** Where an error says its script stopped: the file found, the line (1-based), and the place as written. */
export interface FailingScriptPlace {
  file: string;
  line: number;
  named: string;
}

/**
 * The file and line that `error` names as where its script stopped, the
 * file found where the CLI may have named it from: as written when
 * absolute, else from the run's folder (the folder a run from the editor
 * runs in), else beside the workflow's file. Undefined when the error names
 * no place or the file is not there.
 */
export function failingScriptPlace(
  error: string,
  run: Pick<RunResultFile, "workdir" | "source">,
): FailingScriptPlace | undefined {
  const found = SCRIPT_FILE_LINE.exec(error);
  if (!found) return undefined;
  const path = found[2]!;
  const line = Number(found[3]);
  const bases = isAbsolute(path)
    ? [""]
    : [run.workdir, ...(run.source ? [dirname(run.source)] : [])];
  for (const base of bases) {
    const file = resolve(base, path);
    if (existsSync(file)) return { file, line, named: `${path}:${line}` };
  }
  return undefined;
}

/** A Markdown link that opens `place` at its line (`[lib/release.momoflow:12](file:…#L12)`). */
export function failingScriptPlaceLink(place: FailingScriptPlace): string {
  // Parentheses in the address would end the link.
  const href = pathToFileURL(place.file).href.replace(/\(/g, "%28").replace(/\)/g, "%29");
  return `[${markdownText(place.named)}](${href}#L${place.line} "Where the script stopped")`;
}
