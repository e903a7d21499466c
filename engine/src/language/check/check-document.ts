import type { CommandSignature } from "../../commands/command";
import type { Diagnostic } from "../diagnostic";
import type { CheckResult, ParsedDocument } from "../scope";
import { checkCommand, headerBroken } from "./command-check";
import { DiagnosticSink } from "./diagnostic-sink";
import { buildFileScope } from "./file-scope";
import { collectImports } from "./import-graph";
import { withoutImportedDashedCalls } from "./imported-dashed-calls";
import { type ImportedErrors, reportImportedErrors } from "./imported-errors";
import { checkTest } from "./test-check";
import { checkWorkflow } from "./workflow-check";
import { editedWorkflow } from "./workflow-check-memo";

/** What checking a document needs besides the document. */
export interface CheckEnvironment {
  /** Parses the file at an absolute path; undefined when it does not exist. */
  load(path: string): ParsedDocument | undefined;
  /**
   * Why a file `load` found nothing at is there but cannot be read (`not
   * valid UTF-8 (byte offset 8)`, `a folder, not a file`), or undefined when
   * there is no file: an import of it says so instead of "not found".
   */
  unreadable?(path: string): string | undefined;
  /** The engine registry's commands (language.md §5), always in scope. */
  commands: readonly CommandSignature[];
  /**
   * False: no diagnostic carries `data` (the editor's quick fixes: "did you
   * mean" suggestions and the like), and none is made. For a check whose
   * diagnostics are only printed; the messages are the same. Default true.
   */
  quickFixData?: boolean;
  /**
   * The errors of an imported file's own check: each import of a file with
   * errors is MF013, as nothing of that file may run. Without it, imported
   * files are not looked into.
   */
  importedErrors?: ImportedErrors;
  /**
   * Set: what the check finds is kept for the next check of the file, and
   * the check of `previous` (the file's last checked version, its tree
   * re-parsed incrementally into this one's) is reused where it provably
   * holds: an edit inside one step of a workflow re-checks that step alone.
   * Unset: everything is checked, nothing kept (a check made once).
   */
  incremental?: { previous: ParsedDocument | undefined };
}

/**
 * Checks one parsed document: its imports (MF013), its file-level names
 * (MF004), then every command, workflow and test in it. Only the document's
 * own declarations are checked; imported files get their diagnostics when
 * they are checked themselves, and an import of one that has errors is MF013
 * here. The result holds the syntax diagnostics too, sorted by position.
 */
export function checkDocument(
  document: ParsedDocument,
  environment: CheckEnvironment,
): CheckResult {
  const sink = new DiagnosticSink(document.path, {
    quickFixData: environment.quickFixData,
    headerBrokenCommand: document.file.commands?.some((c) => c && headerBroken(c)) === true,
  });
  const imports = collectImports(
    document,
    (path) => environment.load(path),
    sink,
    (path) => environment.unreadable?.(path),
  );
  if (environment.importedErrors)
    reportImportedErrors(document, imports, environment.importedErrors, sink);
  const scope = buildFileScope(document, imports, environment.commands, sink);
  const file = document.file;
  for (const command of file.commands ?? [])
    if (command) checkCommand(command, scope.commands, sink);
  const incremental = environment.incremental;
  const edited = incremental && editedWorkflow(incremental.previous, document);
  for (const workflow of file.workflows ?? [])
    if (workflow)
      checkWorkflow(
        workflow,
        scope.commands,
        sink,
        scope.workflows,
        incremental && { previous: workflow === edited?.after ? edited.before : undefined },
      );
  for (const test of file.tests ?? []) if (test) checkTest(test, scope.workflows, sink);
  const ownSyntax = withoutImportedDashedCalls(
    file,
    document.syntaxDiagnostics,
    imports.files.map((f) => f.document),
  );
  const syntax = environment.quickFixData === false ? ownSyntax.map(withoutData) : ownSyntax;
  const diagnostics = [...syntax, ...sink.diagnostics].sort(byPosition);
  return { document, diagnostics, scope };
}

/** A diagnostic without its quick-fix data (`momoflow check` has no use for it). */
function withoutData({ data: _data, ...diagnostic }: Diagnostic): Diagnostic {
  return diagnostic;
}

function byPosition(a: Diagnostic, b: Diagnostic): number {
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    a.range.end.line - b.range.end.line ||
    a.range.end.character - b.range.end.character ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)
  );
}
