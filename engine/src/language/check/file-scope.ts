import { basename } from "node:path";
import type { CommandSignature } from "../../commands/command";
import type { Name, Range } from "../ast";
import type {
  CommandSymbol,
  FileScope,
  ParsedDocument,
  TestSymbol,
  WorkflowSymbol,
} from "../scope";
import { JS_ACTION } from "./action-check";
import type { DiagnosticSink } from "./diagnostic-sink";
import { reportDuplicate } from "./duplicate-names";
import type { ImportClosure } from "./import-graph";

/** Where a file-level name is declared: undefined for the registry's commands. */
type Origin = { path: string; name: Name } | undefined;

function originOf(symbol: CommandSymbol | WorkflowSymbol | TestSymbol): Origin {
  if ("kind" in symbol && symbol.kind === "builtin") return undefined;
  return { path: symbol.path, name: symbol.decl.name };
}

/**
 * The file-level names of `document`: its own commands, workflows and tests,
 * the commands and workflows of every file it imports (directly or through
 * other imports), and the registry's commands. Reports MF004 for a name
 * declared twice in the file, for one of the file's names that an import or
 * a built-in command already has, and (on the import) for two imported files
 * that declare the same name. The file's own declaration wins over the others.
 */
export function buildFileScope(
  document: ParsedDocument,
  imports: ImportClosure,
  builtins: readonly CommandSignature[],
  sink: DiagnosticSink,
): FileScope {
  const path = document.path;
  const file = document.file;
  const commands = new Map<string, CommandSymbol>();
  const workflows = new Map<string, WorkflowSymbol>();
  const tests = new Map<string, TestSymbol>();

  for (const decl of file.commands ?? []) {
    const name = decl?.name;
    if (name?.text)
      declareOwn(
        commands,
        { kind: "declared", name: name.text, decl, path },
        name,
        "command",
        sink,
      );
  }
  for (const decl of file.workflows ?? []) {
    const name = decl?.name;
    if (name?.text) declareOwn(workflows, { name: name.text, decl, path }, name, "workflow", sink);
  }
  for (const decl of file.tests ?? []) {
    const name = decl?.name;
    if (name?.text) declareOwn(tests, { name: name.text, decl, path }, name, "test", sink);
  }

  for (const { document: imported, via } of imports.files) {
    const from = imported.path;
    const clash = { ownPath: path, importRange: via.pathRange, sink };
    for (const decl of imported.file.commands ?? []) {
      const name = decl?.name;
      if (name?.text)
        declareImported(
          commands,
          { kind: "declared", name: name.text, decl, path: from },
          name,
          "command",
          clash,
        );
    }
    for (const decl of imported.file.workflows ?? []) {
      const name = decl?.name;
      if (name?.text)
        declareImported(workflows, { name: name.text, decl, path: from }, name, "workflow", clash);
    }
  }

  for (const signature of builtins) {
    const taken = commands.get(signature.name);
    if (!taken) commands.set(signature.name, { kind: "builtin", name: signature.name, signature });
    else if (taken.kind === "declared" && taken.path === path) {
      sink.report(
        "MF004",
        taken.decl.name.range,
        `"${signature.name}" is a built-in command already: choose another name`,
      );
    }
  }
  const js = commands.get(JS_ACTION);
  if (js?.kind === "declared" && js.path === path) {
    sink.report(
      "MF004",
      js.decl.name.range,
      `"${JS_ACTION}" is reserved for JavaScript actions: js("./module.mjs", "export")`,
    );
  }
  return { path, commands, workflows, tests, imports: imports.direct };
}

function declareOwn<T extends CommandSymbol | WorkflowSymbol | TestSymbol>(
  into: Map<string, T>,
  symbol: T,
  name: Name,
  what: string,
  sink: DiagnosticSink,
): void {
  const first = into.get(name.text);
  if (first) reportDuplicate(name, what, "", originOf(first), sink);
  else into.set(name.text, symbol);
}

/** How to report a name an imported file shares with another file. */
interface Clash {
  ownPath: string;
  importRange: Range;
  sink: DiagnosticSink;
}

function declareImported<T extends CommandSymbol | WorkflowSymbol>(
  into: Map<string, T>,
  symbol: T & { path: string },
  name: Name,
  what: string,
  { ownPath, importRange, sink }: Clash,
): void {
  const existing = into.get(name.text);
  if (!existing) {
    into.set(name.text, symbol);
    return;
  }
  const taken = originOf(existing);
  if (!taken) return;
  const theirs = {
    path: symbol.path,
    range: name.range,
    message: `the ${what} "${name.text}" of ${basename(symbol.path)}`,
  };
  if (taken.path === ownPath) {
    sink.report(
      "MF004",
      taken.name.range,
      `${what} "${name.text}" is also declared in ${basename(symbol.path)}, which this file imports`,
      { related: [theirs] },
    );
    return;
  }
  sink.report(
    "MF004",
    importRange,
    `${what} "${name.text}" is declared both in ${basename(taken.path)} and in ${basename(symbol.path)}, which this import brings in`,
    {
      related: [
        {
          path: taken.path,
          range: taken.name.range,
          message: `the ${what} "${name.text}" of ${basename(taken.path)}`,
        },
        theirs,
      ],
    },
  );
}
