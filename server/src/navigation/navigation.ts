/**
 * The occurrences of the symbol under the cursor, found by
 * analysis/locate.ts: moving to its definition, its references in every known
 * file and its highlights in the document; and renaming it everywhere in one
 * workspace edit, with the rules that refuse a rename (what the language
 * itself defines, a name that is no valid name or already taken) and a
 * message that says why.
 */
import { basename } from "node:path";
import {
  type Location,
  type ServerCapabilities,
  DocumentHighlightKind,
  type DocumentHighlight,
  LSPErrorCodes,
  ResponseError,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from "vscode-languageserver/node";
import {
  type CheckResult,
  type Position,
  LineIndex,
  type FileScope,
  keywordTokens,
} from "@momoflow/language";
import {
  UriMapper,
  checkKnownFiles,
  knownFileUris,
  type LanguageSession,
} from "../session/language-session";
import {
  fileOccurrencesWork,
  homePath,
  locateSymbol,
  findOccurrences,
  occurrencesByKeyWork,
  type SymbolOccurrence,
  type SymbolRef,
  unnamedCommandAt,
} from "../analysis/locate";
import { documentVersion, type FeatureContext, guarded } from "../feature";
import { pathToUri } from "../session/workspace-files";
import { hidingProblem } from "./hidden-names";
import { blocksAt, envSettings } from "../analysis/env-settings";

/**
 * `textDocument/definition`: from any occurrence of a declared symbol to its
 * declaration's name, across files (an imported command or workflow is
 * declared in the imported file); from an import path to the start of the
 * imported file; from `env.NAME` to the `env:` entry that sets it. What the
 * language itself defines (built-in commands, properties, statuses, types)
 * and the process's environment have no definition.
 */
export function registerDefinition({ connection, session }: FeatureContext): ServerCapabilities {
  connection.onDefinition(
    guarded(connection, "definition", (params): Location | Location[] | null => {
      const check = session.check(params.textDocument.uri);
      const hit = locateSymbol(check, params.position);
      if (!hit) return null;
      const symbol = hit.symbol;
      if (symbol.kind === "env") {
        // The `env:` entry of the step (or else its workflow) that sets it; none for the process's.
        const { workflow, step } = blocksAt(check.document.file, hit.range.start);
        const key = envSettings(workflow, step).get(symbol.name)?.entry.key;
        return key ? { uri: params.textDocument.uri, range: key.range } : null;
      }
      const home = homePath(symbol);
      if (home === undefined) return null;
      if (symbol.kind === "import") {
        if (session.workspace.getText(home) === undefined) return null;
        const start = { line: 0, character: 0 };
        return { uri: new UriMapper(session).uriOf(home), range: { start, end: start } };
      }
      const declarations = findOccurrences(symbol, [session.check(pathToUri(home))]).filter(
        (o) => o.isDeclaration,
      );
      if (declarations.length === 0) return null;
      const uris = new UriMapper(session);
      const locations = declarations.map((d) => ({ uri: uris.uriOf(d.path), range: d.range }));
      return locations.length === 1 ? locations[0]! : locations;
    }),
  );
  return { definitionProvider: true };
}

/**
 * `textDocument/references`: every occurrence of the symbol under the
 * cursor in every known `.momoflow` file (the workspace's and the open
 * ones), the declaration included when the client asks. Sorted by URI, then
 * position.
 */
export function registerReferences({ connection, session }: FeatureContext): ServerCapabilities {
  connection.onReferences(
    guarded(
      connection,
      "references",
      async (params, work): Promise<Location[] | null> => {
        const check = session.check(params.textDocument.uri);
        // The index of a long file takes a while the first time: built pausing.
        await work.finish(fileOccurrencesWork(check));
        const hit = locateSymbol(check, params.position);
        if (!hit) return null;
        const checks: CheckResult[] = [];
        for (const uri of knownFileUris(session, [check.document.path, homePath(hit.symbol)])) {
          const known = session.check(uri);
          await work.finish(occurrencesByKeyWork(known));
          checks.push(known);
        }
        return references(session, hit.symbol, checks, params.context?.includeDeclaration);
      },
      documentVersion(session),
    ),
  );
  return { referencesProvider: true };
}

/** The occurrences of `symbol` in `checks` as locations, sorted by URI, then position. */
function references(
  session: LanguageSession,
  symbol: SymbolRef,
  checks: readonly CheckResult[],
  declarations: boolean | undefined,
): Location[] {
  const includeDeclaration = declarations !== false;
  const uris = new UriMapper(session);
  return findOccurrences(symbol, checks)
    .filter((o) => includeDeclaration || !o.isDeclaration)
    .map((o) => ({ uri: uris.uriOf(o.path), range: o.range }))
    .sort(
      (a, b) =>
        (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0) ||
        a.range.start.line - b.range.start.line ||
        a.range.start.character - b.range.start.character,
    );
}

/**
 * `textDocument/documentHighlight`: the occurrences of the symbol under the
 * cursor in the same document; its declaration is a write, every use a read.
 */
export function registerDocumentHighlights({
  connection,
  session,
}: FeatureContext): ServerCapabilities {
  connection.onDocumentHighlight(
    guarded(connection, "documentHighlight", (params): DocumentHighlight[] | null => {
      const check = session.check(params.textDocument.uri);
      const hit = locateSymbol(check, params.position);
      if (!hit) return null;
      return findOccurrences(hit.symbol, [check]).map((o) => ({
        range: o.range,
        kind: o.isDeclaration ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
      }));
    }),
  );
  return { documentHighlightProvider: true };
}

// -------------------------------------------------------------------- rename

/**
 * `textDocument/prepareRename` and `textDocument/rename`. Steps, workflows,
 * declared commands, params, vars and command parameters can be renamed:
 * every occurrence in every known file changes (an imported command's calls
 * live in the importing files; a step's id also in tests' `fail` and
 * `expect step`). Keywords, property names, built-ins, statuses and types
 * are refused with a message saying why; a new name that is not an
 * identifier, or that its scope already has, is refused too.
 */
export function registerRename({ connection, session }: FeatureContext): ServerCapabilities {
  connection.onPrepareRename(
    guarded(
      connection,
      "prepareRename",
      (params): { range: Range; placeholder: string } | ResponseError<void> | null => {
        const check = session.check(params.textDocument.uri);
        const target = renameTarget(check, params.position);
        if (target instanceof ResponseError || target === null) return target;
        return {
          range: target.range,
          placeholder: "name" in target.symbol ? target.symbol.name : "",
        };
      },
    ),
  );
  connection.onRenameRequest(
    guarded(connection, "rename", (params): WorkspaceEdit | ResponseError<void> | null => {
      const check = session.check(params.textDocument.uri);
      const target = renameTarget(check, params.position);
      if (target instanceof ResponseError || target === null) return target;
      return renameEdit(session, check, target, params.newName);
    }),
  );
  return { renameProvider: { prepareProvider: true } };
}

/** The renameable occurrence at `position`, or why there is none (null: not on a word). */
function renameTarget(
  check: CheckResult,
  position: { line: number; character: number },
): SymbolOccurrence | ResponseError<void> | null {
  const hit = locateSymbol(check, position);
  if (!hit) {
    const why = refusalWithoutSymbol(check.document.text, position);
    return why === undefined ? null : refused(why);
  }
  const why = renameRefusal(hit.symbol);
  return why === undefined ? hit : refused(why);
}

function renameEdit(
  session: LanguageSession,
  check: CheckResult,
  target: SymbolOccurrence,
  newName: string,
): WorkspaceEdit | ResponseError<void> {
  const checks = checkKnownFiles(session, [check.document.path, homePath(target.symbol)]);
  const problem = newNameProblem(target.symbol, newName, checks);
  if (problem !== undefined) return refused(problem);
  const uris = new UriMapper(session);
  const changes: Record<string, TextEdit[]> = {};
  for (const occurrence of findOccurrences(target.symbol, checks)) {
    const uri = uris.uriOf(occurrence.path);
    (changes[uri] ??= []).push({ range: occurrence.range, newText: newName });
  }
  return { changes };
}

function refused(message: string): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestFailed, message);
}

/** The words of the language (`workflow`, `step`, `expect`, `true`, ...). */
const KEYWORDS: ReadonlySet<string> = new Set(
  keywordTokens.map((t) => (t.PATTERN instanceof RegExp ? t.PATTERN.source : String(t.PATTERN))),
);

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The name js actions use (language.md §5): no command may take it. */
const JS_ACTION = "js";

/**
 * Why `symbol` cannot be renamed, or undefined when it can: steps,
 * workflows, declared commands, params, vars and command parameters of
 * declared commands can; what the language defines cannot.
 */
export function renameRefusal(symbol: SymbolRef): string | undefined {
  switch (symbol.kind) {
    case "command":
      return symbol.path === undefined ? "built-in commands cannot be renamed" : undefined;
    case "command-param":
      return symbol.path === undefined
        ? "parameters of built-in commands cannot be renamed"
        : undefined;
    case "property":
      return "property names are part of the language and cannot be renamed";
    case "status":
      return "statuses are part of the language and cannot be renamed";
    case "type":
      return "types are part of the language and cannot be renamed";
    case "env":
      return "environment variables cannot be renamed here";
    case "import":
      return "an import path is not a name: rename or move the file instead";
    case "test":
      return "a test's name is a string: edit it in place";
    default:
      return undefined;
  }
}

/**
 * Why nothing can be renamed at `position` of `text` when no symbol is there:
 * a keyword, or no name at all. Undefined when the position is not on a word.
 */
export function refusalWithoutSymbol(text: string, position: Position): string | undefined {
  const word = wordAt(text, position);
  if (word === undefined) return undefined;
  if (KEYWORDS.has(word)) return "keywords cannot be renamed";
  if (word === "steps" || word === "env" || word === "run" || word === "output")
    return "built-in values cannot be renamed";
  return `"${word}" does not name a declared step, workflow, command, param or var: nothing to rename`;
}

/** The identifier at (or just before) `position`, if any. */
function wordAt(text: string, position: Position): string | undefined {
  const offset = new LineIndex(text).offsetAt(position);
  const isWord = (i: number): boolean => /[A-Za-z0-9_]/.test(text[i] ?? "");
  let start = offset;
  while (start > 0 && isWord(start - 1)) start--;
  let end = offset;
  while (end < text.length && isWord(end)) end++;
  if (start === end) return undefined;
  const word = text.slice(start, end);
  return IDENTIFIER.test(word) ? word : undefined;
}

/**
 * Why `newName` cannot be the new name of `symbol` (not an identifier, or a
 * name its scope already has, as MF004 would say), or undefined when it can.
 * `checks` are the files that may see the symbol (every known file).
 */
export function newNameProblem(
  symbol: SymbolRef,
  newName: string,
  checks: readonly CheckResult[],
): string | undefined {
  if (!IDENTIFIER.test(newName)) {
    return `"${newName}" is not a valid name: use letters, digits and _, not starting with a digit`;
  }
  if (newName === "true" || newName === "false") {
    return `"${newName}" is a boolean value, not a name`;
  }
  if ("name" in symbol && newName === symbol.name) return undefined;
  const home = checks.find((c) => c.document.path === ("path" in symbol ? symbol.path : ""));
  const hiding = hidingProblem(
    symbol,
    newName,
    "workflow" in symbol ? ownWorkflow(home?.scope, symbol.workflow, symbol.path) : undefined,
  );
  if (hiding) return hiding;
  switch (symbol.kind) {
    case "step": {
      const workflow = ownWorkflow(home?.scope, symbol.workflow, symbol.path);
      if (workflow?.steps?.some((s) => s?.name?.text === newName))
        return `a step named "${newName}" already exists in workflow "${symbol.workflow}"`;
      return undefined;
    }
    case "param":
    case "var": {
      const workflow = ownWorkflow(home?.scope, symbol.workflow, symbol.path);
      const clash = [...(workflow?.params ?? []), ...(workflow?.vars ?? [])].find(
        (m) => m?.name?.text === newName,
      );
      if (clash)
        return `a ${clash.kind} named "${newName}" already exists in workflow "${symbol.workflow}"`;
      return undefined;
    }
    case "command-param": {
      if (symbol.unnamedAt !== undefined) {
        // A command without a name (its header line deleted): found where it starts.
        const decl = home?.document.file.commands?.find(
          (c) => c !== undefined && unnamedCommandAt(c) === symbol.unnamedAt,
        );
        if (decl?.params?.some((p) => p?.name?.text === newName))
          return `the command already has a parameter named "${newName}"`;
        return undefined;
      }
      const command = home?.scope.commands.get(symbol.command);
      if (
        command?.kind === "declared" &&
        command.path === symbol.path &&
        command.decl.params?.some((p) => p?.name?.text === newName)
      )
        return `command "${symbol.command}" already has a parameter named "${newName}"`;
      return undefined;
    }
    case "workflow":
      for (const check of checks) {
        if (check.scope.workflows.get(symbol.name)?.path !== symbol.path) continue;
        const clash = check.scope.workflows.get(newName);
        if (clash)
          return `a workflow named "${newName}" already exists (in ${basename(clash.path)})`;
      }
      return undefined;
    case "command":
      if (newName === JS_ACTION) return `"js" is reserved for JavaScript actions`;
      for (const check of checks) {
        const current = check.scope.commands.get(symbol.name);
        if (current?.kind !== "declared" || current.path !== symbol.path) continue;
        const clash = check.scope.commands.get(newName);
        if (clash?.kind === "builtin") return `"${newName}" is a built-in command`;
        if (clash)
          return `a command named "${newName}" already exists (in ${basename(clash.path)})`;
      }
      return undefined;
    default:
      return undefined;
  }
}

function ownWorkflow(scope: FileScope | undefined, name: string, path: string) {
  const workflow = scope?.workflows.get(name);
  return workflow?.path === path ? workflow.decl : undefined;
}
