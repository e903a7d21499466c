/**
 * The quick fixes: what a fix is computed from and what it is, and every fix
 * the server offers — "Change to `build`" for an unknown name's suggestions,
 * "Create step" for a step that is needed but not declared (create-step-fix.ts), "Remove" for a
 * declaration nothing uses, "Add missing argument/param" for a call or a
 * test that lacks required ones, "Add to the needs" (add-need-fix.ts),
 * "Read from the environment" (secret-default-fix.ts), "Add import" of
 * the file declaring an unknown name (add-import-fix.ts), "Declare
 * `output: json`" on a step read as JSON (declare-json-fix.ts) and "Set the
 * workflow's `concurrency`" to a step's `max_parallel` (raise-concurrency-fix.ts)
 * and "Rename `release__key` to `release_key`" for a secret whose variable
 * a called workflow's secret has too (rename-secret-fix.ts), "Rename
 * `my-name` to `my_name`" for a name declared with dashes
 * (rename-dashed-fix.ts), and "Move
 * `param q` above the step" for a workflow's member written inside a step
 * (move-out-of-step-fix.ts), and "Add the braces of this block" (or of
 * every block of the file) for a block written without them (add-braces-fix.ts).
 */
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { TextEdit } from "vscode-languageserver/node";
import {
  type CheckResult,
  type Diagnostic,
  type DiagnosticCode,
  type ParameterInfo,
  type Position,
  type Property,
  type Range,
  commandParameters,
  declaredParameters,
} from "@momoflow/language";
import {
  endsLine,
  firstLineWithDoc,
  indentationOf,
  isBlankLine,
  lineBreakOf,
  lineText,
  nextNonSpace,
  startOfNextLine,
  startsLine,
  callAt,
  testMissingParamsAt,
  valueDeclarationAt,
} from "./edit-sites";
import { addNeedFixes } from "./add-need-fix";
import { addBracesFixes } from "./add-braces-fix";
import { createStepFixes } from "./create-step-fix";
import { withNeedOfRead } from "./read-step-rename";
import { addImportFixes } from "./add-import-fix";
import { cookedEscapeFixes } from "./cooked-escape-fix";
import { moveOutOfStepFixes } from "./move-out-of-step-fix";
import { declareJsonFixes } from "./declare-json-fix";
import { raiseConcurrencyFixes } from "./raise-concurrency-fix";
import { renameDashedFixes } from "./rename-dashed-fix";
import { renameSecretFixes } from "./rename-secret-fix";
import { secretDefaultFixes } from "./secret-default-fix";
import { givenValueDeletions } from "./given-param-values";
import { escapeSnippet, placeholderFor, placeholderSnippet } from "./type-placeholder";

/**
 * What a quick fix is computed from: the current text of the document, its
 * current check result, and one of that result's diagnostics (never a stale
 * one from the client: its data and ranges are those of the current text).
 */
export interface QuickFixInput {
  document: TextDocument;
  result: CheckResult;
  diagnostic: Diagnostic;
  /**
   * The checks of the workspace's other files, for a fix that edits the
   * files importing this one too (computed when a fix asks).
   */
  otherFiles?: () => readonly CheckResult[];
}

/** One fix: the title shown in the editor and the edits to the document. */
export interface QuickFix {
  title: string;
  edits: TextEdit[];
  /**
   * The same edits with their text as snippets, a tab stop on each value to
   * fill in: for editors that take snippet edits (`edits` for the others).
   */
  snippetEdits?: TextEdit[];
  /** The fix the editor applies on "auto fix" (the nearest suggestion). */
  isPreferred?: boolean;
  /** Edits of other files, by path (a file importing the document). */
  elsewhere?: { path: string; edits: TextEdit[] }[];
}

/** Every quick fix, in the order the editor lists them. */
export const QUICK_FIXES: readonly ((input: QuickFixInput) => QuickFix[])[] = [
  renameFixes,
  missingArgumentFixes,
  createStepFixes,
  removeUnusedFixes,
  addNeedFixes,
  secretDefaultFixes,
  addImportFixes,
  declareJsonFixes,
  raiseConcurrencyFixes,
  renameSecretFixes,
  renameDashedFixes,
  cookedEscapeFixes,
  moveOutOfStepFixes,
  addBracesFixes,
];

/**
 * The codes whose data carries "did you mean" suggestions (language.md,
 * Diagnostics); MF007's are those of a type name, a status or an output format.
 */
const CODES: ReadonlySet<DiagnosticCode> = new Set([
  // A syntax error with what to write instead: `&&` for `and`.
  "MF001",
  "MF002",
  "MF005",
  "MF006",
  "MF007",
  "MF008",
  "MF009",
  "MF021",
  "MF040",
]);

/**
 * {@link didYouMeanFixes}, each of a misspelt step id in a read of another
 * step also making the reader need that step (read-step-rename.ts).
 */
function renameFixes(input: QuickFixInput): QuickFix[] {
  return didYouMeanFixes(input).map((fix) => withNeedOfRead(input, fix, fix.edits[0]!.newText));
}

/**
 * "Change to `build`" for each suggestion of an unknown name, nearest first
 * (the nearest is preferred): replaces the name the diagnostic is on.
 */
export function didYouMeanFixes({ diagnostic, document }: QuickFixInput): QuickFix[] {
  const { suggestions, replaceRange } = diagnostic.data ?? {};
  if (!CODES.has(diagnostic.code) || !suggestions?.length || !replaceRange) return [];
  const current = document.getText(replaceRange);
  return suggestions
    .filter((name) => name !== current)
    .map((name, index) => ({
      title: diagnostic.data?.fixTitle ?? `Change to \`${name}\``,
      edits: [{ range: replaceRange, newText: name }],
      isPreferred: index === 0,
    }));
}

/**
 * "Remove unused param `x`" / "Remove unused var `x`" for MF012: deletes the
 * declaration with its `///` doc and a comment that ends its line, as whole
 * lines when it has its lines to itself (and one blank line, when removing it
 * would leave two in a row, one right after `{` or one right before `}`); a
 * param's values given by the file's tests and workflow calls go with it.
 */
export function removeUnusedFixes({
  diagnostic,
  result,
  document,
  otherFiles,
}: QuickFixInput): QuickFix[] {
  const range = diagnostic.data?.unusedDeclaration;
  if (diagnostic.code !== "MF012" || !range) return [];
  const found = valueDeclarationAt(result.document.file, range);
  if (!found?.decl?.name?.text) return [];
  const { decl, workflow } = found;
  const name = decl.name.text;
  const edits = [{ range: deletion(document, range), newText: "" }];
  if (decl.kind !== "param" || !workflow.name?.text)
    return [{ title: `Remove unused var \`${name}\``, edits }];
  // The values tests and calls give it go too (else MF006 there), also in the files importing it.
  const path = result.document.path;
  const param = { kind: "param", name, workflow: workflow.name.text, path } as const;
  const elsewhere = (otherFiles?.() ?? [])
    .filter((other) => other.document.path !== path)
    .map((other) => ({ path: other.document.path, edits: givenValueDeletions(other, param) }))
    .filter((other) => other.edits.length > 0);
  return [
    {
      title: `Remove unused param \`${name}\``,
      edits: [...edits, ...givenValueDeletions(result, param)],
      ...(elsewhere.length > 0 ? { elsewhere } : {}),
    },
  ];
}

function deletion(document: TextDocument, decl: Range): Range {
  if (startsLine(document, decl.start) && endsLine(document, decl.end)) {
    let first = firstLineWithDoc(document, decl.start.line);
    let last = decl.end.line;
    const previous = first - 1;
    const above = previous < 0 ? "" : lineText(document, previous).trim();
    const blankAbove = previous < 0 || above === "" || above.endsWith("{");
    if (blankAbove && last + 1 < document.lineCount - 1 && isBlankLine(document, last + 1)) last++;
    else if (
      previous >= 0 &&
      above === "" &&
      lineText(document, last + 1)
        .trim()
        .startsWith("}")
    )
      first = previous;
    return { start: { line: first, character: 0 }, end: startOfNextLine(document, last) };
  }
  if (endsLine(document, decl.end)) {
    // Last on a line after other text (`{ param x ...`): remove it with the
    // spaces before it and its comment, so the line keeps no trailing space.
    const line = lineText(document, decl.start.line).slice(0, decl.start.character);
    const start = { line: decl.start.line, character: line.trimEnd().length };
    const end = { line: decl.end.line, character: lineText(document, decl.end.line).length };
    return { start, end };
  }
  // Shares its line with what follows: remove it (with its doc lines above,
  // when it starts its line) and the spaces after it.
  const first = startsLine(document, decl.start)
    ? firstLineWithDoc(document, decl.start.line)
    : decl.start.line;
  const start =
    first === decl.start.line
      ? decl.start
      : { line: first, character: indentationOf(document, first).length };
  const after = nextNonSpace(document, document.offsetAt(decl.end));
  const sameLine = after && document.positionAt(after.offset).line === decl.end.line;
  return { start, end: sameLine ? document.positionAt(after.offset) : decl.end };
}

/**
 * "Add missing argument `destination`" for MF006 on a call that lacks
 * required arguments, and "Add missing param `who`" for a test whose `params`
 * lack the workflow's required params. Each is written as `name: <placeholder>`
 * (a value of its type: `""`, `"path"`, `0`, `false`, `1s`…, see
 * type-placeholder.ts) in parameter order among the arguments already given,
 * with commas, and one per line when the call is written one argument per
 * line; as snippets too, a tab stop on each placeholder. A missing name that
 * an unknown argument of the call is a typo of is not added: the fix is
 * "Change `sampel` to `sample`", the typo's own rename.
 */
export function missingArgumentFixes(input: QuickFixInput): QuickFix[] {
  const { diagnostic } = input;
  const names = diagnostic.data?.missingArguments;
  if (diagnostic.code !== "MF006" || !names?.length) return [];
  const typos = typosOfMissing(input, names);
  const renames = [...typos].map(([name, typo]) => ({
    title: `Change \`${input.document.getText(typo)}\` to \`${name}\``,
    edits: [{ range: typo, newText: name }],
    isPreferred: true,
  }));
  const rest = names.filter((name) => !typos.has(name));
  if (rest.length === 0) return renames;
  const plain = missingEntries(input, rest, PLAIN);
  if (!plain || plain.edits.length === 0) return renames;
  const snippets = missingEntries(input, rest, snippetWriter());
  const list = rest.map((n) => `\`${n}\``).join(", ");
  return [
    ...renames,
    {
      title: `Add missing ${plain.what}${rest.length > 1 ? "s" : ""} ${list}`,
      edits: plain.edits,
      ...(snippets ? { snippetEdits: snippets.edits } : {}),
      isPreferred: renames.length === 0,
    },
  ];
}

/**
 * The missing names that an unknown name written among the same arguments
 * (or test params) is a typo of — its nearest "did you mean" — with the
 * range of that typo: adding them would leave the typo beside them, so the
 * fix is the rename (`sampel: x` → `sample: x`).
 */
function typosOfMissing(
  { diagnostic, result }: QuickFixInput,
  names: readonly string[],
): Map<string, Range> {
  const file = result.document.file;
  const written =
    callAt(file, diagnostic.range)?.argsRange ??
    testMissingParamsAt(file, diagnostic.range)?.params?.value?.range;
  const typos = new Map<string, Range>();
  if (!written) return typos;
  for (const other of result.diagnostics) {
    const nearest = other.data?.suggestions?.[0];
    const range = other.data?.replaceRange;
    if (other.code !== "MF006" || !nearest || !range || typos.has(nearest)) continue;
    if (names.includes(nearest) && within(range, written)) typos.set(nearest, range);
  }
  return typos;
}

function within(inner: Range, outer: Range): boolean {
  const before = (a: Position, b: Position): boolean =>
    a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

/** How the edits of {@link missingArgumentFixes} are written: as plain text, or as a snippet. */
interface EntryWriter {
  /** `name: <placeholder>` of a missing parameter. */
  entry(param: ParameterInfo): string;
  /** Text around the entries (commas, line breaks, `params: {`), as written. */
  literal(text: string): string;
}

const PLAIN: EntryWriter = {
  entry: (p) => `${p.name}: ${placeholderFor(p.type)}`,
  literal: (text) => text,
};

/** Writes snippets whose tab stops count up in the order the entries are written (document order). */
function snippetWriter(): EntryWriter {
  let tabStop = 0;
  return {
    entry: (p) => `${escapeSnippet(p.name)}: ${placeholderSnippet(p.type, ++tabStop)}`,
    literal: escapeSnippet,
  };
}

/** The edits that add the missing arguments or params, and which of the two they are. */
function missingEntries(
  { diagnostic, result, document }: QuickFixInput,
  names: readonly string[],
  writer: EntryWriter,
): { what: string; edits: TextEdit[] } | undefined {
  const file = result.document.file;

  const call = callAt(file, diagnostic.range);
  if (call) {
    const command = result.scope.commands.get(call.callee.text);
    if (!command) return undefined;
    const params = commandParameters(command);
    const items = (call.args ?? []).map((arg) => ({
      range: arg.range,
      index: arg.name?.text ? params.get(arg.name.text)?.index : undefined,
    }));
    const wanted = missing(names, params);
    return {
      what: "argument",
      edits: insertNamed(document, items, call.argsRange, wanted, "", writer),
    };
  }

  const found = testMissingParamsAt(file, diagnostic.range);
  if (!found) return undefined;
  const workflowName = workflowOf(found.test.properties);
  const workflow = workflowName ? result.scope.workflows.get(workflowName) : undefined;
  if (!workflow) return undefined;
  const params = declaredParameters(workflow.decl.params);
  const wanted = missing(names, params);
  if (found.params) {
    const map = found.params.value;
    if (map?.kind !== "map") return undefined;
    const items = (map.entries ?? []).map((entry) => ({
      range: entry.range,
      index: entry.key?.text ? params.get(entry.key.text)?.index : undefined,
    }));
    return { what: "param", edits: insertNamed(document, items, map.range, wanted, " ", writer) };
  }
  const anchor = found.test.properties?.find((p) => p?.name?.text === "workflow");
  if (!anchor) return undefined;
  const entries = wanted.map((p) => writer.entry(p)).join(writer.literal(", "));
  const property = `${writer.literal("params: { ")}${entries}${writer.literal(" }")}`;
  return { what: "param", edits: [newPropertyAfter(document, anchor.range, property)] };
}

/** The workflow a test names, as the checker reads `workflow: name`. */
function workflowOf(properties: readonly Property[] | undefined): string | undefined {
  const value = properties?.find((p) => p?.name?.text === "workflow")?.value;
  return value?.kind === "ref" && value.segments?.length === 1
    ? value.segments[0]?.text
    : undefined;
}

function missing(
  names: readonly string[],
  params: ReadonlyMap<string, ParameterInfo>,
): ParameterInfo[] {
  return names
    .map((name) => params.get(name))
    .filter((p): p is ParameterInfo => p !== undefined)
    .sort((a, b) => a.index - b.index);
}

/** An item already written between the delimiters: its range and its parameter's position (if known). */
interface Item {
  range: Range;
  index: number | undefined;
}

/**
 * Inserts `name: value` items into a delimited list (`(...)` of a call,
 * `{...}` of a map) whose range is `delimited`, each where
 * {@link insertionIndex} puts it. `pad` goes inside the delimiters of
 * a list that was empty (`{ a: 1 }`, but `f(a: 1)`). The text around the
 * entries is commas and whitespace only, which a snippet takes as it is.
 */
function insertNamed(
  document: TextDocument,
  items: readonly Item[],
  delimited: Range,
  wanted: readonly ParameterInfo[],
  pad: string,
  writer: EntryWriter,
): TextEdit[] {
  if (wanted.length === 0) return [];
  const entryText = (p: ParameterInfo): string => writer.entry(p);
  const eol = lineBreakOf(document);
  const before = new Map<Item, ParameterInfo[]>();
  const atEnd: ParameterInfo[] = [];
  for (const param of wanted) {
    const at = insertionIndex(items, param.index);
    const anchor = items[at];
    if (anchor) before.set(anchor, [...(before.get(anchor) ?? []), param]);
    else atEnd.push(param);
  }

  const edits: TextEdit[] = [];
  for (const [anchor, params] of before) {
    const separator = startsLine(document, anchor.range.start)
      ? `,${eol}${indentationOf(document, anchor.range.start.line)}`
      : ", ";
    const text = params.map(entryText).join(separator) + separator;
    edits.push({ range: { start: anchor.range.start, end: anchor.range.start }, newText: text });
  }
  if (atEnd.length === 0) return edits;

  const last = items[items.length - 1];
  if (!last) {
    edits.push(emptyListEdit(document, delimited, atEnd.map(entryText).join(", "), pad));
    return edits;
  }
  const afterLast = nextNonSpace(document, document.offsetAt(last.range.end));
  const trailingComma = afterLast?.char === ",";
  if (startsLine(document, last.range.start)) {
    const indent = indentationOf(document, last.range.start.line);
    const lines = atEnd.map((p) => `${eol}${indent}${entryText(p)}`).join(",");
    edits.push(
      trailingComma
        ? insertAt(document.positionAt(afterLast.offset + 1), `${lines},`)
        : insertAt(last.range.end, `,${lines}`),
    );
  } else {
    const text = atEnd.map(entryText).join(", ");
    edits.push(
      trailingComma
        ? insertAt(document.positionAt(afterLast.offset + 1), ` ${text}`)
        : insertAt(last.range.end, `, ${text}`),
    );
  }
  return edits;
}

/**
 * Where the argument of parameter `index` goes among the items: right after
 * the last one of an earlier parameter; before the first one of a known
 * parameter when all are of later ones; at the end (`items.length`) when no
 * item names a known parameter.
 */
function insertionIndex(items: readonly Item[], index: number): number {
  let after = -1;
  let firstKnown = -1;
  items.forEach((item, at) => {
    if (item.index === undefined) return;
    if (firstKnown < 0) firstKnown = at;
    if (item.index < index) after = at;
  });
  if (after >= 0) return after + 1;
  return firstKnown >= 0 ? firstKnown : items.length;
}

/** Fills `()` or `{}` that hold nothing but whitespace; right after the opening one otherwise. */
function emptyListEdit(
  document: TextDocument,
  delimited: Range,
  text: string,
  pad: string,
): TextEdit {
  const whole = document.getText(delimited);
  const open = document.positionAt(document.offsetAt(delimited.start) + 1);
  const closed = whole.length >= 2 && /[)}]$/.test(whole) && whole.slice(1, -1).trim() === "";
  if (closed) {
    const close = document.positionAt(document.offsetAt(delimited.end) - 1);
    return { range: { start: open, end: close }, newText: `${pad}${text}${pad}` };
  }
  return insertAt(open, `${pad}${text}`);
}

/** A new property after `anchor`: on its own line below when the anchor has a line to itself. */
function newPropertyAfter(document: TextDocument, anchor: Range, property: string): TextEdit {
  if (startsLine(document, anchor.start) && endsLine(document, anchor.end)) {
    const indent = indentationOf(document, anchor.start.line);
    const eol = lineBreakOf(document);
    const line = anchor.end.line;
    if (line + 1 < document.lineCount)
      return insertAt({ line: line + 1, character: 0 }, `${indent}${property}${eol}`);
    const end = document.positionAt(document.getText().length);
    return insertAt(end, `${eol}${indent}${property}`);
  }
  return insertAt(anchor.end, ` ${property}`);
}

function insertAt(position: Position, newText: string): TextEdit {
  return { range: { start: position, end: position }, newText };
}
