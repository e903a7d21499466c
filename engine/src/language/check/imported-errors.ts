import { basename, dirname, relative } from "node:path";
import type { Range } from "../ast";
import type { Diagnostic } from "../diagnostic";
import type { ParsedDocument } from "../scope";
import type { DiagnosticSink } from "./diagnostic-sink";
import { type ImportClosure, resolveImport } from "./import-graph";

/** The errors of an imported file's own check; empty for a file being checked already (a cycle). */
export type ImportedErrors = (path: string) => readonly Diagnostic[];

/**
 * MF013 on each of `root`'s own imports whose file has errors. Its commands
 * and workflows are in scope, so the importing file would otherwise check
 * clean and run them — a misspelt `retires: 3` dropped, a step that fails
 * on an undefined name half-way through the run — although `momoflow run`
 * never runs a file with errors. A file the import reaches through others
 * needs no report here: the file that imports it has the error, so the import
 * of that file does. An import that has its MF013 already (a cycle) gets no
 * second one.
 */
export function reportImportedErrors(
  root: ParsedDocument,
  imports: ImportClosure,
  errorsOf: ImportedErrors,
  sink: DiagnosticSink,
): void {
  for (const { document, via } of imports.files) {
    if (typeof via.path !== "string" || resolveImport(root.path, via.path) !== document.path)
      continue;
    if (hasImportProblem(sink, via.pathRange)) continue;
    const errors = errorsOf(document.path);
    const first = errors[0];
    if (!first) continue;
    const shown = relative(dirname(root.path), document.path) || basename(document.path);
    const at = `${first.range.start.line + 1}:${first.range.start.character + 1}`;
    const count = errors.length === 1 ? "an error" : `${errors.length} errors`;
    sink.report(
      "MF013",
      via.pathRange,
      `${shown} has ${count}, so nothing it declares can run (${at}: ${first.code} ${first.message}); fix it first`,
      { related: [{ path: document.path, range: first.range, message: first.message }] },
    );
  }
}

/** Whether an MF013 is on `range` already: an import cycle is told once, as a cycle. */
function hasImportProblem(sink: DiagnosticSink, range: Range): boolean {
  return sink.diagnostics.some(
    (d) =>
      d.code === "MF013" &&
      d.range.start.line === range.start.line &&
      d.range.start.character === range.start.character,
  );
}
