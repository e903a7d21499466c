/**
 * Where a quick fix's edits go: the nodes a diagnostic is about, found in the
 * current tree by the range the checker reported, and the text around them,
 * read so that fixes insert and delete whole lines, commas and indentation
 * the way a person would.
 */
import type { TextDocument } from "vscode-languageserver-textdocument";
import type {
  Position,
  CallExpression,
  Expression,
  ParamDeclaration,
  Property,
  Range,
  SourceFile,
  StepDeclaration,
  TestDeclaration,
  VarDeclaration,
  WorkflowDeclaration,
} from "@momoflow/language";

/**
 * Finds the nodes a diagnostic is about in the current tree, by the range the
 * checker reported. The tree may be partial (the parser recovers from syntax
 * errors), so every field is read as possibly missing.
 */

/** Every expression of the file, nested ones included, in source order. */
function* expressions(file: SourceFile): Generator<Expression> {
  const values: (Expression | undefined)[] = [];
  const fromProperties = (properties: readonly Property[] | undefined): void => {
    for (const property of properties ?? []) values.push(property?.value);
  };
  const fromParams = (params: readonly ParamDeclaration[] | undefined): void => {
    for (const param of params ?? []) values.push(param?.default);
  };
  for (const command of file.commands ?? []) {
    fromParams(command?.params);
    fromProperties(command?.properties);
  }
  for (const workflow of file.workflows ?? []) {
    fromProperties(workflow?.properties);
    fromParams(workflow?.params);
    for (const v of workflow?.vars ?? []) values.push(v?.value);
    for (const step of workflow?.steps ?? []) fromProperties(step?.properties);
  }
  for (const test of file.tests ?? []) {
    fromProperties(test?.properties);
    for (const expect of test?.expects ?? []) values.push(expect?.value);
  }
  const stack = values.filter((v): v is Expression => v !== undefined).reverse();
  while (stack.length > 0) {
    const expr = stack.pop()!;
    yield expr;
    const children: (Expression | undefined)[] = [];
    switch (expr.kind) {
      case "list":
        children.push(...(expr.items ?? []));
        break;
      case "map":
        for (const entry of expr.entries ?? []) children.push(entry?.value);
        break;
      case "call":
        for (const arg of expr.args ?? []) children.push(arg?.value);
        break;
      case "binary":
        children.push(expr.left, expr.right);
        break;
      case "not":
        children.push(expr.operand);
        break;
      default:
        break;
    }
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child) stack.push(child);
    }
  }
}

const rangeKey = (r: Range): string =>
  `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

/** Calls by the range of their command name, built once per tree (a file may have many). */
const callIndexes = new WeakMap<SourceFile, Map<string, CallExpression>>();

/** The call whose command name is at `range` (MF005, MF006 "missing argument"). */
export function callAt(file: SourceFile, range: Range): CallExpression | undefined {
  let index = callIndexes.get(file);
  if (!index) {
    index = new Map();
    for (const expr of expressions(file)) {
      if (expr.kind !== "call" || !expr.callee?.range) continue;
      const key = rangeKey(expr.callee.range);
      if (!index.has(key)) index.set(key, expr);
    }
    callIndexes.set(file, index);
  }
  return index.get(rangeKey(range));
}

/** The workflow and step whose `needs` names a step at `range` (MF002 in `needs`). */
export function stepNeedingAt(
  file: SourceFile,
  range: Range,
): { workflow: WorkflowDeclaration; step: StepDeclaration } | undefined {
  for (const workflow of file.workflows ?? []) {
    for (const step of workflow?.steps ?? []) {
      for (const property of step?.properties ?? []) {
        if (property?.name?.text !== "needs" || !property.value) continue;
        const items = property.value.kind === "list" ? property.value.items : [property.value];
        for (const item of items ?? []) {
          if (item?.kind !== "ref") continue;
          if (item.segments?.some((s) => s?.range && sameRange(s.range, range)))
            return { workflow, step };
        }
      }
    }
  }
  return undefined;
}

/** The test a "missing params" MF006 is on: at its `params` key, or at its name when it has none. */
export function testMissingParamsAt(
  file: SourceFile,
  range: Range,
): { test: TestDeclaration; params: Property | undefined } | undefined {
  for (const test of file.tests ?? []) {
    const params = test?.properties?.find(
      (p) => p?.name?.text === "params" && p.name.range && sameRange(p.name.range, range),
    );
    if (params) return { test, params };
    if (test?.name?.range && sameRange(test.name.range, range)) return { test, params: undefined };
  }
  return undefined;
}

/** The workflow `param` or `var` declared over exactly `range` (MF012), with its workflow. */
export function valueDeclarationAt(
  file: SourceFile,
  range: Range,
): { decl: ParamDeclaration | VarDeclaration; workflow: WorkflowDeclaration } | undefined {
  for (const workflow of file.workflows ?? []) {
    for (const decl of [...(workflow?.params ?? []), ...(workflow?.vars ?? [])]) {
      if (decl?.range && sameRange(decl.range, range)) return { decl, workflow };
    }
  }
  return undefined;
}

// ------------------------------------------------------- the text around a node

/** The document's line break: `\r\n` when the file uses it, else `\n`. */
export function lineBreakOf(document: TextDocument): string {
  return document.getText().includes("\r\n") ? "\r\n" : "\n";
}

/** The text of a line, without its line break. */
export function lineText(document: TextDocument, line: number): string {
  if (line < 0 || line >= document.lineCount) return "";
  const text = document.getText({
    start: { line, character: 0 },
    end: { line: line + 1, character: 0 },
  });
  return text.replace(/\r?\n$|\r$/, "");
}

/** The whitespace a line starts with. */
export function indentationOf(document: TextDocument, line: number): string {
  return /^[ \t]*/.exec(lineText(document, line))?.[0] ?? "";
}

/** True when only whitespace precedes `position` on its line. */
export function startsLine(document: TextDocument, position: Position): boolean {
  return lineText(document, position.line).slice(0, position.character).trim() === "";
}

/** True when only whitespace (and a `//` comment) follows `position` on its line. */
export function endsLine(document: TextDocument, position: Position): boolean {
  const rest = lineText(document, position.line).slice(position.character).trim();
  return rest === "" || (rest.startsWith("//") && !rest.startsWith("///"));
}

/** True when the line holds only whitespace (or does not exist). */
export function isBlankLine(document: TextDocument, line: number): boolean {
  return lineText(document, line).trim() === "";
}

/** The start of the line after `line` (the end of the document on the last line). */
export function startOfNextLine(document: TextDocument, line: number): Position {
  if (line + 1 < document.lineCount) return { line: line + 1, character: 0 };
  return document.positionAt(document.getText().length);
}

/**
 * The first line of the `///` doc comment directly above `line`, or `line`
 * itself when there is none: a declaration moves and goes with its doc.
 */
export function firstLineWithDoc(document: TextDocument, line: number): number {
  let first = line;
  while (
    first > 0 &&
    lineText(document, first - 1)
      .trim()
      .startsWith("///")
  )
    first--;
  return first;
}

/**
 * The first character after `offset` that is not whitespace, with its
 * offset; undefined at the end of the document.
 */
export function nextNonSpace(
  document: TextDocument,
  offset: number,
): { char: string; offset: number } | undefined {
  const text = document.getText();
  for (let i = offset; i < text.length; i++) {
    const char = text[i]!;
    if (!/\s/.test(char)) return { char, offset: i };
  }
  return undefined;
}

export function samePosition(a: Position, b: Position): boolean {
  return a.line === b.line && a.character === b.character;
}

export function sameRange(a: Range, b: Range): boolean {
  return samePosition(a.start, b.start) && samePosition(a.end, b.end);
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** True when the ranges overlap or touch (a cursor at the end of a name is on it). */
export function rangesTouch(a: Range, b: Range): boolean {
  return !before(a.end, b.start) && !before(b.end, a.start);
}
