/**
 * Call hierarchy: workflows and commands, and who calls whom. A workflow's
 * steps call commands (`run: push(...)`, `rollback: ...`) and workflows
 * (`run: workflow release(...)`); a command's `run` calls commands. Calls
 * are the occurrences the checker resolves (analysis/), so an imported
 * command or workflow is the one of the imported file, and incoming calls
 * are searched in every file the workspace knows. A test that runs a
 * workflow is no caller; built-in commands (`copy_file`) have no file and
 * are left out.
 */
import { basename } from "node:path";
import type {
  CallHierarchyIncomingCall,
  CallHierarchyItem,
  CallHierarchyOutgoingCall,
  Range,
  ServerCapabilities,
} from "vscode-languageserver/node";
import type { CheckResult } from "@momoflow/language";
import { documentVersion, type FeatureContext, guarded } from "../feature";
import {
  type CommandSymbolRef,
  type SymbolOccurrence,
  type WorkflowSymbolRef,
  fileOccurrencesWork,
  findOccurrences,
  homePath,
  locateSymbol,
  occurrencesByKeyWork,
  symbolKey,
} from "../analysis/locate";
import { contains as rangeContains } from "../analysis/range-contains";
import { type LanguageSession, UriMapper, knownFileUris } from "../session/language-session";
import { pathToUri } from "../session/workspace-files";
import { DECLARATION_KINDS } from "../symbols/symbols";
import type { RequestWork } from "../request-work";

/** What calls and is called: a declared workflow or command. */
type Callable = WorkflowSymbolRef | (CommandSymbolRef & { path: string });

/** `textDocument/prepareCallHierarchy` and the incoming and outgoing calls of its items. */
export function registerCallHierarchy({ connection, session }: FeatureContext): ServerCapabilities {
  const calls = connection.languages.callHierarchy;
  calls.onPrepare(
    guarded(
      connection,
      "prepareCallHierarchy",
      (params): CallHierarchyItem[] | null => {
        const hit = locateSymbol(session.check(params.textDocument.uri), params.position);
        const callable = hit && callableOf(hit.symbol);
        const item = callable && itemOf(session, callable);
        return item ? [item] : null;
      },
      documentVersion(session),
    ),
  );
  calls.onIncomingCalls(
    guarded(connection, "incomingCalls", async (params, work) => {
      const callee = callableOfItem(session, params.item);
      return callee ? incomingCalls(session, callee, work) : null;
    }),
  );
  calls.onOutgoingCalls(
    guarded(connection, "outgoingCalls", async (params, work) => {
      const caller = callableOfItem(session, params.item);
      return caller ? outgoingCalls(session, caller, work) : null;
    }),
  );
  return { callHierarchyProvider: true };
}

/** Every call of `callee` in the known files, grouped by the workflow or command it is in. */
async function incomingCalls(
  session: LanguageSession,
  callee: Callable,
  work: RequestWork,
): Promise<CallHierarchyIncomingCall[]> {
  const key = symbolKey(callee);
  const result: CallHierarchyIncomingCall[] = [];
  const uris = knownFileUris(session, [callee.path]).sort();
  for (const uri of uris) {
    const check = session.check(uri);
    const byKey = await work.finish(occurrencesByKeyWork(check));
    const sites = (byKey.get(key) ?? []).filter((o) => !o.isDeclaration);
    if (sites.length === 0) continue;
    const callers = callablesOf(await work.finish(fileOccurrencesWork(check)));
    const byCaller = new Map<SymbolOccurrence, Range[]>();
    for (const site of sites) {
      const caller = callers.find((c) => rangeContains(c.extent!, site.range.start));
      if (!caller) continue; // A test's `workflow:`: no call.
      byCaller.set(caller, [...(byCaller.get(caller) ?? []), site.range]);
    }
    for (const [caller, fromRanges] of byCaller) {
      const from = itemAt(session, callableOf(caller.symbol)!, check.document.path, caller);
      result.push({ from, fromRanges });
    }
  }
  return result;
}

/** The declared workflows and commands `caller` calls, each with its call sites, in order. */
async function outgoingCalls(
  session: LanguageSession,
  caller: Callable,
  work: RequestWork,
): Promise<CallHierarchyOutgoingCall[]> {
  const check = session.check(new UriMapper(session).uriOf(caller.path));
  const occurrences = await work.finish(fileOccurrencesWork(check));
  const declaration = declarationIn(check, caller);
  if (!declaration?.extent) return [];
  const byCallee = new Map<string, { callee: Callable; fromRanges: Range[] }>();
  for (const occurrence of occurrences) {
    if (occurrence.isDeclaration || !rangeContains(declaration.extent, occurrence.range.start))
      continue;
    const callee = callableOf(occurrence.symbol);
    if (!callee) continue;
    const key = symbolKey(callee);
    const entry = byCallee.get(key) ?? { callee, fromRanges: [] };
    entry.fromRanges.push(occurrence.range);
    byCallee.set(key, entry);
  }
  const result: CallHierarchyOutgoingCall[] = [];
  for (const { callee, fromRanges } of byCallee.values()) {
    await work.pause();
    const to = itemOf(session, callee);
    if (to) result.push({ to, fromRanges });
  }
  return result;
}

/** The symbol when it is a declared workflow or command (not a built-in one). */
function callableOf(symbol: SymbolOccurrence["symbol"]): Callable | undefined {
  if (symbol.kind === "workflow") return symbol;
  if (symbol.kind === "command" && symbol.path !== undefined)
    return { ...symbol, path: symbol.path };
  return undefined;
}

/**
 * The workflow or command of an item this server made: kept in its `data`;
 * for a client that does not send it back, found again at its name.
 */
function callableOfItem(session: LanguageSession, item: CallHierarchyItem): Callable | undefined {
  const data = item.data as Partial<Callable> | undefined;
  if (
    (data?.kind === "workflow" || data?.kind === "command") &&
    typeof data.name === "string" &&
    typeof data.path === "string"
  )
    return { kind: data.kind, name: data.name, path: data.path };
  const hit = locateSymbol(session.check(item.uri), item.selectionRange.start);
  return hit && callableOf(hit.symbol);
}

/** The item of a workflow or command, at its declaration; undefined when it has none. */
function itemOf(session: LanguageSession, callable: Callable): CallHierarchyItem | undefined {
  const home = homePath(callable);
  if (home === undefined) return undefined;
  const declaration = declarationIn(session.check(pathToUri(home)), callable);
  return declaration && itemAt(session, callable, home, declaration);
}

function itemAt(
  session: LanguageSession,
  callable: Callable,
  path: string,
  declaration: Pick<SymbolOccurrence, "range" | "extent">,
): CallHierarchyItem {
  return {
    name: callable.name,
    kind: DECLARATION_KINDS[callable.kind],
    detail: `${callable.kind} · ${basename(path)}`,
    uri: new UriMapper(session).uriOf(path),
    range: declaration.extent ?? declaration.range,
    selectionRange: declaration.range,
    data: callable,
  };
}

/** The declaration of `callable` in `check`, its file. */
function declarationIn(check: CheckResult, callable: Callable): SymbolOccurrence | undefined {
  const found = findOccurrences(callable, [check]).find((o) => o.isDeclaration);
  return found && { symbol: callable, ...found };
}

/** The declarations of a file's workflows and commands, with their extents. */
function callablesOf(occurrences: readonly SymbolOccurrence[]): SymbolOccurrence[] {
  return occurrences.filter(
    (o) => o.isDeclaration && o.extent && callableOf(o.symbol) !== undefined,
  );
}
