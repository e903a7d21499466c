/**
 * Call hierarchy: workflows, commands and tests, and who calls whom. A
 * workflow's steps call commands (`run: push(...)`, `rollback: ...`) and
 * workflows (`run: workflow release(...)`); a command's `run` calls
 * commands; a test calls the workflow it runs (`workflow: ship`). Calls are
 * the occurrences the checker resolves (analysis/), so an imported command
 * or workflow is the one of the imported file, and incoming calls are
 * searched in every file the workspace knows.
 *
 * A built-in command (`copy_file`) is called, calls nothing, and is declared
 * in no file (definition has none either; hover shows its signature). An
 * item needs a location all the same: servers show a library function at
 * the source they have of it (tsserver at `lib.d.ts`, rust-analyzer at the
 * standard library's sources, gopls at `builtin.go`); momoflow's built-ins
 * have no such source, so the item of a built-in is the call the hierarchy
 * met it at: the name under the cursor when it is prepared there, the
 * caller's first call of it among outgoing calls. Its detail says
 * "built-in command", and opening it shows that call, not an empty file or a
 * document the editor cannot open.
 */
import { basename } from "node:path";
import {
  type CallHierarchyIncomingCall,
  type CallHierarchyItem,
  type CallHierarchyOutgoingCall,
  type Range,
  type ServerCapabilities,
  SymbolKind,
} from "vscode-languageserver/node";
import type { CheckResult } from "@momoflow/language";
import { documentVersion, type FeatureContext, guarded } from "../feature";
import {
  type CommandSymbolRef,
  type SymbolOccurrence,
  type TestSymbolRef,
  type WorkflowSymbolRef,
  fileOccurrencesWork,
  findOccurrences,
  locateSymbol,
  occurrencesByKeyWork,
  symbolKey,
} from "../analysis/locate";
import { contains as rangeContains } from "../analysis/range-contains";
import { type LanguageSession, UriMapper, knownFileUris } from "../session/language-session";
import { pathToUri } from "../session/workspace-files";
import { DECLARATION_KINDS } from "../symbols/symbols";
import type { RequestWork } from "../request-work";

/** A workflow or command declared in a file: it calls, and is called. */
type Declared = WorkflowSymbolRef | (CommandSymbolRef & { path: string });

/** A built-in command: called, calling nothing, declared in no file. */
interface BuiltinRef {
  kind: "builtin";
  name: string;
}

/** What an item of the hierarchy stands for; a test calls its workflow and is called by none. */
type Node = Declared | TestSymbolRef | BuiltinRef;

/** What calls something: a declared workflow or command, or a test. */
type Caller = Declared | TestSymbolRef;

/** The detail of a built-in's item, where a declared one names its file. */
const BUILTIN_DETAIL = "built-in command";

/** `textDocument/prepareCallHierarchy` and the incoming and outgoing calls of its items. */
export function registerCallHierarchy({ connection, session }: FeatureContext): ServerCapabilities {
  const calls = connection.languages.callHierarchy;
  calls.onPrepare(
    guarded(
      connection,
      "prepareCallHierarchy",
      (params): CallHierarchyItem[] | null => {
        const check = session.check(params.textDocument.uri);
        const hit = locateSymbol(check, params.position);
        const node = hit && nodeOf(hit.symbol);
        if (!node) return null;
        const item =
          node.kind === "builtin"
            ? builtinItem(session, node, check.document.path, hit.range)
            : itemOf(session, node);
        return item ? [item] : null;
      },
      documentVersion(session),
    ),
  );
  calls.onIncomingCalls(
    guarded(connection, "incomingCalls", async (params, work) => {
      const callee = nodeOfItem(session, params.item);
      return callee ? incomingCalls(session, callee, work) : null;
    }),
  );
  calls.onOutgoingCalls(
    guarded(connection, "outgoingCalls", async (params, work) => {
      const caller = nodeOfItem(session, params.item);
      if (!caller) return null;
      return caller.kind === "builtin" ? [] : outgoingCalls(session, caller, work);
    }),
  );
  return { callHierarchyProvider: true };
}

/**
 * Every call of `callee` in the known files (a test's `workflow:` among
 * them), grouped by the workflow, command or test it is in.
 */
async function incomingCalls(
  session: LanguageSession,
  callee: Node,
  work: RequestWork,
): Promise<CallHierarchyIncomingCall[]> {
  const key = keyOf(callee);
  const result: CallHierarchyIncomingCall[] = [];
  const home = callee.kind === "builtin" ? undefined : callee.path;
  const uris = knownFileUris(session, [home]).sort();
  for (const uri of uris) {
    const check = session.check(uri);
    const byKey = await work.finish(occurrencesByKeyWork(check));
    const sites = (byKey.get(key) ?? []).filter((o) => !o.isDeclaration);
    if (sites.length === 0) continue;
    const callers = callersOf(await work.finish(fileOccurrencesWork(check)));
    const byCaller = new Map<SymbolOccurrence, Range[]>();
    for (const site of sites) {
      const caller = callers.find((c) => rangeContains(c.extent!, site.range.start));
      if (!caller) continue;
      byCaller.set(caller, [...(byCaller.get(caller) ?? []), site.range]);
    }
    for (const [caller, fromRanges] of byCaller) {
      const from = itemAt(session, callerOf(caller.symbol)!, check.document.path, caller);
      result.push({ from, fromRanges });
    }
  }
  return result;
}

/**
 * What `caller` calls, each with its call sites, in the order of the first
 * call: declared commands and workflows, built-in commands; for a test, the
 * workflow it runs.
 */
async function outgoingCalls(
  session: LanguageSession,
  caller: Caller,
  work: RequestWork,
): Promise<CallHierarchyOutgoingCall[]> {
  const check = session.check(new UriMapper(session).uriOf(caller.path));
  const occurrences = await work.finish(fileOccurrencesWork(check));
  const declaration = declarationIn(check, caller);
  if (!declaration?.extent) return [];
  const byCallee = new Map<string, { callee: Declared | BuiltinRef; fromRanges: Range[] }>();
  for (const occurrence of occurrences) {
    if (occurrence.isDeclaration || !rangeContains(declaration.extent, occurrence.range.start))
      continue;
    const callee = nodeOf(occurrence.symbol);
    if (!callee || callee.kind === "test") continue;
    const key = keyOf(callee);
    const entry = byCallee.get(key) ?? { callee, fromRanges: [] };
    entry.fromRanges.push(occurrence.range);
    byCallee.set(key, entry);
  }
  const result: CallHierarchyOutgoingCall[] = [];
  for (const { callee, fromRanges } of byCallee.values()) {
    await work.pause();
    const to =
      callee.kind === "builtin"
        ? builtinItem(session, callee, check.document.path, fromRanges[0]!)
        : itemOf(session, callee);
    if (to) result.push({ to, fromRanges });
  }
  return result;
}

/** What a symbol stands for in the hierarchy: a declared or built-in command, a workflow, a test. */
function nodeOf(symbol: SymbolOccurrence["symbol"]): Node | undefined {
  if (symbol.kind === "workflow" || symbol.kind === "test") return symbol;
  if (symbol.kind === "command")
    return symbol.path === undefined
      ? { kind: "builtin", name: symbol.name }
      : { ...symbol, path: symbol.path };
  return undefined;
}

/** What a symbol stands for when it can call: a declared workflow or command, a test. */
function callerOf(symbol: SymbolOccurrence["symbol"]): Caller | undefined {
  const node = nodeOf(symbol);
  return node?.kind === "builtin" ? undefined : node;
}

/** The key of the node's occurrences (a built-in's are those of a command without a file). */
function keyOf(node: Node): string {
  return symbolKey(
    node.kind === "builtin" ? { kind: "command", name: node.name, path: undefined } : node,
  );
}

/**
 * What an item this server made stands for: kept in its `data`; for a
 * client that does not send it back, found again at its name (a built-in's
 * item is one of its calls).
 */
function nodeOfItem(session: LanguageSession, item: CallHierarchyItem): Node | undefined {
  const data = item.data as Partial<Node> | undefined;
  if (data?.kind === "builtin" && typeof data.name === "string")
    return { kind: "builtin", name: data.name };
  if (
    (data?.kind === "workflow" || data?.kind === "command" || data?.kind === "test") &&
    typeof data.name === "string" &&
    typeof data.path === "string"
  )
    return { kind: data.kind, name: data.name, path: data.path };
  const hit = locateSymbol(session.check(item.uri), item.selectionRange.start);
  return hit && nodeOf(hit.symbol);
}

/** The item of a workflow, command or test, at its declaration; undefined when it has none. */
function itemOf(session: LanguageSession, caller: Caller): CallHierarchyItem | undefined {
  const declaration = declarationIn(session.check(pathToUri(caller.path)), caller);
  return declaration && itemAt(session, caller, caller.path, declaration);
}

function itemAt(
  session: LanguageSession,
  caller: Caller,
  path: string,
  declaration: Pick<SymbolOccurrence, "range" | "extent">,
): CallHierarchyItem {
  return {
    name: caller.name,
    kind: DECLARATION_KINDS[caller.kind],
    detail: `${caller.kind} · ${basename(path)}`,
    uri: new UriMapper(session).uriOf(path),
    range: declaration.extent ?? declaration.range,
    selectionRange: declaration.range,
    data: caller,
  };
}

/** The item of a built-in command, at `range` of `path`: one of its calls (see the file's comment). */
function builtinItem(
  session: LanguageSession,
  builtin: BuiltinRef,
  path: string,
  range: Range,
): CallHierarchyItem {
  return {
    name: builtin.name,
    kind: SymbolKind.Function,
    detail: BUILTIN_DETAIL,
    uri: new UriMapper(session).uriOf(path),
    range,
    selectionRange: range,
    data: builtin,
  };
}

/** The declaration of `caller` in `check`, its file. */
function declarationIn(check: CheckResult, caller: Caller): SymbolOccurrence | undefined {
  const found = findOccurrences(caller, [check]).find((o) => o.isDeclaration);
  return found && { symbol: caller, ...found };
}

/** The declarations of a file's workflows, commands and tests, with their extents. */
function callersOf(occurrences: readonly SymbolOccurrence[]): SymbolOccurrence[] {
  return occurrences.filter((o) => o.isDeclaration && o.extent && callerOf(o.symbol) !== undefined);
}
