/**
 * "Add `import "./lib/steps.momoflow"`" for an unknown command or workflow
 * (MF005, MF040) that another file of the workspace declares: the import
 * goes after the file's own imports (or at its top), its path written from
 * the file's folder as an import takes it.
 */
import { dirname, relative, sep } from "node:path";
import type { Position, Range, TextEdit } from "vscode-languageserver/node";
import type { CheckResult } from "@momoflow/language";
import { lineBreakOf, startOfNextLine } from "./edit-sites";
import type { QuickFix, QuickFixInput } from "./quick-fixes";

/** The import fixes of one diagnostic: one per file declaring the name, nearest path first. */
export function addImportFixes({
  diagnostic,
  result,
  document,
  otherFiles,
}: QuickFixInput): QuickFix[] {
  const wanted = diagnostic.data?.unknownDeclaration;
  if ((diagnostic.code !== "MF005" && diagnostic.code !== "MF040") || !wanted) return [];
  const here = result.document.path;
  const paths = (otherFiles?.() ?? [])
    .filter((other) => other.document.path !== here && declares(other, wanted))
    .filter((other) => !importsFile(other, here))
    .map((other) => importPath(here, other.document.path))
    .sort((a, b) => a.length - b.length || a.localeCompare(b));
  const line = lineBreakOf(document);
  const imports = result.document.file.imports ?? [];
  const last = imports[imports.length - 1];
  return paths.map((path) => {
    const edit: TextEdit = last
      ? {
          range: emptyAt(startOfNextLine(document, last.range.end.line)),
          newText: `import "${path}"${line}`,
        }
      : { range: emptyAt({ line: 0, character: 0 }), newText: `import "${path}"${line}${line}` };
    return { title: `Add \`import "${path}"\``, edits: [edit] };
  });
}

/** Whether `file` itself declares a command or workflow of that name. */
function declares(
  file: CheckResult,
  wanted: { kind: "command" | "workflow"; name: string },
): boolean {
  const declarations =
    wanted.kind === "command" ? file.document.file.commands : file.document.file.workflows;
  return (declarations ?? []).some((decl) => decl?.name?.text === wanted.name);
}

/** Whether `file` imports `path`, directly or through others: importing it back is a cycle. */
function importsFile(file: CheckResult, path: string): boolean {
  if (file.scope.imports.includes(path)) return true;
  for (const symbol of file.scope.commands.values())
    if (symbol.kind === "declared" && symbol.path === path) return true;
  for (const symbol of file.scope.workflows.values()) if (symbol.path === path) return true;
  return false;
}

/** `target` as `from`'s import writes it: relative to its folder, `/`-separated, `./` or `../` first. */
function importPath(from: string, target: string): string {
  const path = relative(dirname(from), target).split(sep).join("/");
  return path.startsWith("../") ? path : `./${path}`;
}

function emptyAt(position: Position): Range {
  return { start: position, end: position };
}
