/**
 * The symbols of `.momoflow` files: the outline (`textDocument/documentSymbol`)
 * — workflows with their params, vars and steps, commands and tests, each
 * with the LSP symbol kind of its kind of declaration — and the search over
 * every known file (`workspace/symbol`), which uses the same kinds.
 */
import {
  SymbolKind,
  type DocumentSymbol,
  type ServerCapabilities,
  type SymbolInformation,
} from "vscode-languageserver/node";
import {
  type CommandDeclaration,
  type Name,
  type ParamDeclaration,
  type Range,
  type SourceFile,
  type StepDeclaration,
  type TestDeclaration,
  type VarDeclaration,
  type WorkflowDeclaration,
  LineIndex,
  type Pausable,
  PauseCounter,
  runToEnd,
} from "@momoflow/language";
import { propertyText, sourceText, nameRangeWithin } from "../analysis/declaration-text";
import { documentVersion, type FeatureContext, guarded } from "../feature";
import { uriToPath } from "../session/workspace-files";
import { type DeclarationKind, unnamed } from "../analysis/unnamed-declaration";

/**
 * `textDocument/documentSymbol`: the outline, hierarchical. Workflows
 * (children: their params, vars and steps, in source order; a step's detail
 * is its description), commands (detail: their parameter list) and tests
 * (detail: the workflow they test). Each symbol's range is its whole
 * declaration, its selection range its name.
 */
export function registerDocumentSymbols({
  connection,
  session,
}: FeatureContext): ServerCapabilities {
  connection.onDocumentSymbol(
    guarded(
      connection,
      "documentSymbol",
      async (params, work): Promise<DocumentSymbol[] | null> => {
        const document = session.workspace.parse(uriToPath(params.textDocument.uri));
        if (!document) return null;
        return work.finish(outlineWork(document.file, document.text));
      },
      documentVersion(session),
    ),
  );
  return { documentSymbolProvider: { label: "momoflow" } };
}

/** The outline of a parsed file. */
export function outline(file: SourceFile, text: string): DocumentSymbol[] {
  return runToEnd(outlineWork(file, text));
}

/**
 * {@link outline} as pausable work: a safe point every `ITEMS_PER_PAUSE`
 * declarations and members, counted together (a workflow of 20,000 steps,
 * or thousands of small workflows).
 */
export function* outlineWork(file: SourceFile, text: string): Pausable<DocumentSymbol[]> {
  const lines = new LineIndex(text);
  const pauses = new PauseCounter();
  const symbols: DocumentSymbol[] = [];
  for (const decl of file.declarations ?? []) {
    if (pauses.due()) yield;
    let symbol: DocumentSymbol | undefined;
    if (decl?.kind === "workflow") symbol = yield* workflowSymbol(decl, text, lines, pauses);
    else if (decl?.kind === "command") symbol = commandSymbol(decl, text, lines);
    else if (decl?.kind === "test") symbol = testSymbol(decl);
    if (symbol) symbols.push(symbol);
  }
  return symbols;
}

function* workflowSymbol(
  decl: WorkflowDeclaration,
  text: string,
  lines: LineIndex,
  pauses: PauseCounter,
): Pausable<DocumentSymbol | undefined> {
  const children: DocumentSymbol[] = [];
  const members = decl.members ?? [
    ...(decl.params ?? []),
    ...(decl.vars ?? []),
    ...(decl.steps ?? []),
  ];
  for (const member of members) {
    if (pauses.due()) yield;
    let child: DocumentSymbol | undefined;
    if (member?.kind === "param") child = paramSymbol(member, text, lines);
    else if (member?.kind === "var") child = varSymbol(member);
    else if (member?.kind === "step") child = stepSymbol(member);
    if (child) children.push(child);
  }
  return symbol(
    decl.name,
    "workflow",
    decl.range,
    propertyText(decl.properties, "description"),
    children,
  );
}

/**
 * A param's detail is its type, and ` = default` as written when it has one:
 * for people to read (clients read params from protocol.ts's outline).
 */
function paramSymbol(
  decl: ParamDeclaration,
  text: string,
  lines: LineIndex,
): DocumentSymbol | undefined {
  const type = decl.type?.name?.text;
  const defaultText = decl.default?.range
    ? ` = ${sourceText(text, lines, decl.default.range)}`
    : "";
  return symbol(decl.name, "param", decl.range, type ? type + defaultText : undefined);
}

function varSymbol(decl: VarDeclaration): DocumentSymbol | undefined {
  return symbol(decl.name, "var", decl.range);
}

function stepSymbol(decl: StepDeclaration): DocumentSymbol | undefined {
  return symbol(decl.name, "step", decl.range, propertyText(decl.properties, "description"));
}

function commandSymbol(
  decl: CommandDeclaration,
  text: string,
  lines: LineIndex,
): DocumentSymbol | undefined {
  const params = (decl.params ?? []).filter((p) => p?.range);
  const signature = `(${params.map((p) => sourceText(text, lines, p.range)).join(", ")})`;
  return symbol(decl.name, "command", decl.range, signature);
}

function testSymbol(decl: TestDeclaration): DocumentSymbol | undefined {
  const workflow = decl.properties?.find((p) => p?.name?.text === "workflow")?.value;
  const detail =
    workflow?.kind === "ref" ? workflow.segments?.map((s) => s?.text).join(".") : undefined;
  return symbol(decl.name, "test", decl.range, detail);
}

/**
 * A document symbol of a declaration of kind `what`. One without a name yet
 * (`step  {`, being typed) is named so (see unnamed-declaration.ts): LSP clients refuse a
 * symbol with an empty name (VS Code then shows no outline at all), and
 * leaving it out hid its children and moved its neighbours' places.
 */
function symbol(
  name: Name | undefined,
  what: DeclarationKind,
  range: Range,
  detail?: string,
  children?: DocumentSymbol[],
): DocumentSymbol | undefined {
  if (!range) return undefined;
  const selectionRange = name ? nameRangeWithin(name, range) : range;
  const out: DocumentSymbol = {
    name: name?.text || unnamed(what),
    kind: DECLARATION_KINDS[what],
    range,
    selectionRange,
  };
  if (detail) out.detail = detail;
  if (children) out.children = children;
  return out;
}

/**
 * The LSP symbol kind of each kind of declaration, for display: the outline
 * and workspace symbols agree. Not a protocol: the client learns workflows,
 * params and tests from `momoflow/documentOutline` (protocol.ts), never from
 * these kinds.
 */
export const DECLARATION_KINDS: Record<DeclarationKind, SymbolKind> = {
  workflow: SymbolKind.Class,
  param: SymbolKind.Property,
  var: SymbolKind.Variable,
  step: SymbolKind.Method,
  command: SymbolKind.Function,
  test: SymbolKind.Event,
} as const;

/** At most this many answers: a client asks again as the user types. */
const LIMIT = 500;

/**
 * `workspace/symbol`: the workflows, steps (in their workflow), commands and
 * tests of every known `.momoflow` file whose name matches the query,
 * case-insensitively: exact names first, then prefixes, substrings, and
 * names holding the query's characters in order (`pbs` finds
 * `publish_site`). An empty query matches everything.
 */
export function registerWorkspaceSymbols({
  connection,
  session,
}: FeatureContext): ServerCapabilities {
  connection.onWorkspaceSymbol(
    guarded(connection, "workspaceSymbol", (params): SymbolInformation[] => {
      const query = params.query.toLowerCase();
      const found: { info: SymbolInformation; score: number }[] = [];
      const add = (
        uri: string,
        name: Name | undefined,
        range: Range | undefined,
        kind: SymbolKind,
        containerName?: string,
      ): void => {
        if (!name?.text || !range) return;
        const score = matchScore(name.text, query);
        if (score === undefined) return;
        const info: SymbolInformation = { name: name.text, kind, location: { uri, range } };
        if (containerName) info.containerName = containerName;
        found.push({ info, score });
      };
      session.readDiskAgain();
      for (const uri of session.knownUris()) {
        const file = session.workspace.parse(uriToPath(uri))?.file;
        if (!file) continue;
        for (const workflow of file.workflows ?? []) {
          add(uri, workflow?.name, workflow?.range, DECLARATION_KINDS.workflow);
          for (const step of workflow?.steps ?? [])
            add(uri, step?.name, step?.range, DECLARATION_KINDS.step, workflow.name?.text);
        }
        for (const command of file.commands ?? [])
          add(uri, command?.name, command?.range, DECLARATION_KINDS.command);
        for (const test of file.tests ?? [])
          add(uri, test?.name, test?.range, DECLARATION_KINDS.test);
      }
      return found
        .sort(
          (a, b) =>
            a.score - b.score ||
            compareText(a.info.name, b.info.name) ||
            compareText(a.info.location.uri, b.info.location.uri) ||
            a.info.location.range.start.line - b.info.location.range.start.line,
        )
        .slice(0, LIMIT)
        .map((f) => f.info);
    }),
  );
  return { workspaceSymbolProvider: true };
}

/**
 * How well `name` matches a lower-case `query`: 0 the same name, 1 a prefix,
 * 2 a substring, 3 the query's characters in order; undefined: no match.
 */
export function matchScore(name: string, query: string): number | undefined {
  if (query === "") return 2;
  const lower = name.toLowerCase();
  if (lower === query) return 0;
  if (lower.startsWith(query)) return 1;
  if (lower.includes(query)) return 2;
  let at = 0;
  for (const character of lower) {
    if (character === query[at]) at++;
    if (at === query.length) return 3;
  }
  return undefined;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
