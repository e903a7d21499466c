/**
 * A read of a name declared with dashes is no error of its own: the
 * declaration's MF001 and its rename, which renames the reads in the files
 * importing it too, cover it (dashed-name.ts says so within one file). A
 * file knows only its own declarations when it is parsed; here, with its
 * imports known, the MF001 of a call whose workflow or command an import
 * declares with dashes (`run: workflow do-thing(…)` of `workflow do-thing`)
 * is left out: that file's MF001, and MF013 at the import, say it.
 */
import type { Name, Position, SourceFile } from "../ast";
import type { Diagnostic } from "../diagnostic";
import type { ParsedDocument } from "../scope";

/** `syntax` (the file's MF001s) without those of calls of imported names declared with dashes. */
export function withoutImportedDashedCalls(
  file: SourceFile,
  syntax: Diagnostic[],
  imported: readonly ParsedDocument[],
): Diagnostic[] {
  const reads = syntax.filter(isDashedRead);
  if (reads.length === 0 || imported.length === 0) return syntax;
  const declared = dashedDeclarations(imported);
  if (declared.size === 0) return syntax;
  const calls = new Set<string>();
  for (const callee of callees(file))
    if (declared.has(callee.text)) calls.add(key(callee.range.start));
  if (calls.size === 0) return syntax;
  return syntax.filter((d) => !(isDashedRead(d) && calls.has(key(d.range.start))));
}

/** A name read with dashes (not declared so), whose fix writes it with `_` (dashed-name.ts). */
function isDashedRead(diagnostic: Diagnostic): boolean {
  return (
    diagnostic.code === "MF001" &&
    diagnostic.data?.suggestions?.length === 1 &&
    diagnostic.data.renameDashed === undefined &&
    diagnostic.message.startsWith("a name holds letters, digits and `_`, not `-`")
  );
}

/** The workflows and commands the imported files declare with dashes (their MF001 renames them). */
function dashedDeclarations(imported: readonly ParsedDocument[]): Set<string> {
  const names = new Set<string>();
  for (const document of imported) {
    const renamed = new Set<string>();
    for (const d of document.syntaxDiagnostics)
      if (d.data?.renameDashed !== undefined) renamed.add(key(d.range.start));
    if (renamed.size === 0) continue;
    const file = document.file;
    for (const decl of [...(file.workflows ?? []), ...(file.commands ?? [])]) {
      const name = decl?.name;
      if (name?.text && renamed.has(key(name.range.start))) names.add(name.text);
    }
  }
  return names;
}

/** The names called by the steps' `run` and `rollback`: workflow calls, command calls. */
function* callees(file: SourceFile): Generator<Name> {
  for (const workflow of file.workflows ?? [])
    for (const step of workflow?.steps ?? [])
      for (const property of step?.properties ?? []) {
        const value = property?.value;
        const action = property?.name?.text;
        if ((action === "run" || action === "rollback") && value?.kind === "call" && value.callee)
          yield value.callee;
      }
}

function key(position: Position): string {
  return `${position.line}:${position.character}`;
}
