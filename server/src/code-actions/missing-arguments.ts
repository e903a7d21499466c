import type { TextDocument } from "vscode-languageserver-textdocument";
import type { TextEdit } from "vscode-languageserver/node";
import {
  type Position,
  type Property,
  type Range,
  commandParameters,
  declaredParameters,
  type ParameterInfo,
} from "@momoflow/language";
import type { QuickFix, QuickFixInput } from "./quick-fix";
import {
  endsLine,
  indentationOf,
  lineBreakOf,
  nextNonSpace,
  placeholderFor,
  startsLine,
} from "./document-text";
import { callAt, testMissingParamsAt } from "./syntax-search";

/**
 * "Add missing argument `destination`" for MF006 on a call that lacks
 * required arguments, and "Add missing param `who`" for a test whose `params`
 * lack the workflow's required params. Each is written as `name: <placeholder>`
 * (`""`, `0`, `false`, `1s`... by its type) in parameter order among the
 * arguments already given, with commas, and one per line when the call is
 * written one argument per line.
 */
export function missingArgumentFixes(input: QuickFixInput): QuickFix[] {
  const { diagnostic, result, document } = input;
  const names = diagnostic.data?.missingArguments;
  if (diagnostic.code !== "MF006" || !names?.length) return [];
  const file = result.document.file;

  const call = callAt(file, diagnostic.range);
  if (call) {
    const command = result.scope.commands.get(call.callee.text);
    if (!command) return [];
    const params = commandParameters(command);
    const items = (call.args ?? []).map((arg) => ({
      range: arg.range,
      index: arg.name?.text ? params.get(arg.name.text)?.index : undefined,
    }));
    const edits = insertNamed(document, items, call.argsRange, missing(names, params), "");
    return edits.length ? [fix("argument", names, edits)] : [];
  }

  const found = testMissingParamsAt(file, diagnostic.range);
  if (!found) return [];
  const workflowName = workflowOf(found.test.properties);
  const workflow = workflowName ? result.scope.workflows.get(workflowName) : undefined;
  if (!workflow) return [];
  const params = declaredParameters(workflow.decl.params);
  const wanted = missing(names, params);
  if (found.params) {
    const map = found.params.value;
    if (map?.kind !== "map") return [];
    const items = (map.entries ?? []).map((entry) => ({
      range: entry.range,
      index: entry.key?.text ? params.get(entry.key.text)?.index : undefined,
    }));
    const edits = insertNamed(document, items, map.range, wanted, " ");
    return edits.length ? [fix("param", names, edits)] : [];
  }
  const anchor = found.test.properties?.find((p) => p?.name?.text === "workflow");
  if (!anchor) return [];
  const property = `params: { ${wanted.map(entryText).join(", ")} }`;
  return [fix("param", names, [newPropertyAfter(document, anchor.range, property)])];
}

function fix(what: string, names: readonly string[], edits: TextEdit[]): QuickFix {
  const list = names.map((n) => `\`${n}\``).join(", ");
  return {
    title: `Add missing ${what}${names.length > 1 ? "s" : ""} ${list}`,
    edits,
    isPreferred: true,
  };
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

const entryText = (p: ParameterInfo): string => `${p.name}: ${placeholderFor(p.type)}`;

/** An item already written between the delimiters: its range and its parameter's position (if known). */
interface Item {
  range: Range;
  index: number | undefined;
}

/**
 * Inserts `name: value` items into a delimited list (`(...)` of a call,
 * `{...}` of a map) whose range is `delimited`, each where
 * {@link insertionIndex} puts it. `pad` goes inside the delimiters of
 * a list that was empty (`{ a: 1 }`, but `f(a: 1)`).
 */
function insertNamed(
  document: TextDocument,
  items: readonly Item[],
  delimited: Range,
  wanted: readonly ParameterInfo[],
  pad: string,
): TextEdit[] {
  if (wanted.length === 0) return [];
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
