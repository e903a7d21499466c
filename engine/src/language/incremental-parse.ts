/**
 * Incremental re-parse of one step or one top-level declaration: when an
 * edit lies strictly inside one step of a workflow (or else inside one
 * declaration) of a document that parsed without errors, only that step's
 * (declaration's) text is parsed again; what follows it is kept, its lines
 * shifted. The result is the {@link ParsedDocument} a full parse of the new
 * text would give. Every doubtful case returns undefined: the caller then
 * parses the whole text.
 */
import type { Comment, Declaration, Position, Range, SourceFile, WorkflowDeclaration } from "./ast";
import { LineIndex } from "./line-index";
import { parseDocument } from "./parse";
import { shiftPositionsBelow } from "./position-shift";
import type { ParsedDocument } from "./scope";

/**
 * The document for `text`, re-parsing only the step (else the declaration)
 * of `old` that the edit lies in; undefined when that cannot be done safely
 * (parse it all).
 *
 * The steps, declarations and comments after the edited one are taken from `old`
 * and their positions shifted in place: `old` must not be used afterwards.
 */
export function reparseIncrementally(
  old: ParsedDocument,
  text: string,
): ParsedDocument | undefined {
  const oldText = old.text;
  if (old.syntaxDiagnostics.length > 0 || oldText === text) return undefined;
  const declarations = old.file.declarations;
  if (declarations.length === 0) return undefined;

  // The changed span: [prefix, oldText.length - suffix) of the old text.
  const prefix = commonPrefix(oldText, text);
  const suffix = commonSuffix(oldText, text, Math.min(oldText.length, text.length) - prefix);
  const changeEnd = oldText.length - suffix;

  const lines = linesOf(old);
  const index = nodeAt(declarations, lines.positionAt(prefix));
  if (index < 0) return undefined;
  const declaration = declarations[index]!;
  const change: Change = { prefix, changeEnd, delta: text.length - oldText.length };
  const result =
    (declaration.kind === "workflow"
      ? reparseStep(old, text, lines, change, index, declaration)
      : undefined) ?? reparseDeclaration(old, text, lines, change, index, declaration);
  if (result) knownLines.set(result, lines.afterEdit(text, prefix, changeEnd));
  return result;
}

/**
 * The line index of each document made here, made from its predecessor's:
 * the next keystroke needs the lines of this text, and reading the whole
 * text for them would cost more than the rest of a step's re-parse.
 */
const knownLines = new WeakMap<ParsedDocument, LineIndex>();

function linesOf(document: ParsedDocument): LineIndex {
  let lines = knownLines.get(document);
  if (!lines) knownLines.set(document, (lines = new LineIndex(document.text)));
  return lines;
}

/** The document with only `declaration` (number `index`) parsed again, or undefined. */
function reparseDeclaration(
  old: ParsedDocument,
  text: string,
  lines: LineIndex,
  change: Change,
  index: number,
  declaration: Declaration,
): ParsedDocument | undefined {
  const oldText = old.text;
  const declarations = old.file.declarations;
  const { start, end } = declaration.range;
  // The declaration begins a line, so its slice parses with the same characters.
  if (start.character !== 0) return undefined;
  const span = editableSpan(oldText, lines, declaration.range, change);
  if (!span) return undefined;
  const { startOffset, endOffset } = span;

  const delta = change.delta;
  const slice = text.slice(startOffset, endOffset + delta);
  const parsed = parseDocument(slice, old.path);
  const replacement = parsed.file.declarations[0];
  if (
    parsed.diagnostics.length > 0 ||
    parsed.file.declarations.length !== 1 ||
    replacement === undefined ||
    replacement.kind !== declaration.kind ||
    replacement.range.start.line !== 0 ||
    replacement.range.start.character !== 0 ||
    !samePosition(replacement.range.end, parsed.file.range.end)
  )
    return undefined;

  // The comments before, inside and after the declaration.
  const comments = old.file.comments;
  const { firstInside, firstAfter } = commentsWithin(comments, start, end);

  const startLine = start.line;
  const lineDelta = replacement.range.end.line + startLine - end.line;
  // Every position after the declaration moves. None may be shared with a
  // node at or before the declaration: those all lie on its last line or above.
  const later: unknown[] = declarations.slice(index + 1);
  for (let i = firstAfter; i < comments.length; i++) later.push(comments[i]);
  later.push(old.file.range.end);
  if (!shiftPositionsBelow(later, end.line, lineDelta)) return undefined;

  moveDown(replacement, parsed.file.comments, startLine);

  // Its doc comment is above it, unchanged (the slice has none).
  if ("doc" in declaration && "doc" in replacement) replacement.doc = declaration.doc;

  const newDeclarations = declarations.slice();
  newDeclarations[index] = replacement;
  const merged = mergeComments(comments, firstInside, firstAfter, parsed.file.comments);
  return {
    path: old.path,
    text,
    file: fileOf(old.file, newDeclarations, merged),
    syntaxDiagnostics: [],
  };
}

/**
 * Characters compared a chunk at a time: an editor's text is often a
 * concatenation (cheap to build, slow to read a character at a time), and a
 * chunk's comparison reads it flat.
 */
const CHUNK = 256;

/** Length of the longest common prefix of `a` and `b`. */
function commonPrefix(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let n = 0;
  while (n + CHUNK <= limit && a.slice(n, n + CHUNK) === b.slice(n, n + CHUNK)) n += CHUNK;
  while (n < limit && a.charCodeAt(n) === b.charCodeAt(n)) n++;
  return n;
}

/** Length of the longest common suffix of `a` and `b`, at most `limit`. */
function commonSuffix(a: string, b: string, limit: number): number {
  let n = 0;
  while (
    n + CHUNK <= limit &&
    a.slice(a.length - n - CHUNK, a.length - n) === b.slice(b.length - n - CHUNK, b.length - n)
  )
    n += CHUNK;
  while (n < limit && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  return n;
}

/** The changed span of the old text, [prefix, changeEnd), and how much longer the new text is. */
interface Change {
  prefix: number;
  changeEnd: number;
  delta: number;
}

/**
 * The old offsets of a node the change lies strictly inside: after its first
 * word (the keyword) and before its last character, the node alone on its
 * last line. Undefined otherwise.
 */
function editableSpan(
  oldText: string,
  lines: LineIndex,
  range: Range,
  change: Change,
): { startOffset: number; endOffset: number } | undefined {
  const startOffset = lines.offsetAt(range.start);
  const endOffset = lines.offsetAt(range.end);
  if (lines.positionAt(endOffset).line !== range.end.line) return undefined;
  // The first token (the keyword) and the last character stay as they were.
  let keywordEnd = startOffset;
  while (keywordEnd < endOffset && isWordCode(oldText.charCodeAt(keywordEnd))) keywordEnd++;
  if (keywordEnd === startOffset || change.prefix <= keywordEnd) return undefined;
  if (change.changeEnd > endOffset - 1) return undefined;
  // Nothing after it on its last line: what follows only moves by whole lines.
  if (!lineEndsAfter(oldText, endOffset)) return undefined;
  return { startOffset, endOffset };
}

/** What a workflow of one step is wrapped in to be parsed alone: its first line. */
const STEP_WRAPPER_START = "workflow w {\n";

/**
 * The document with only the step of `workflow` that the change lies in
 * parsed again (wrapped in a workflow of its own, on the lines it had, so
 * that its positions need no column shift); undefined when the change is not
 * inside one step or the step does not parse alone as it would in place.
 *
 * A one-step edit of a workflow of thousands of steps is what an editor
 * sends at each keystroke: parsing the whole workflow again would cost as
 * much as the whole file.
 */
function reparseStep(
  old: ParsedDocument,
  text: string,
  lines: LineIndex,
  change: Change,
  index: number,
  workflow: WorkflowDeclaration,
): ParsedDocument | undefined {
  const oldText = old.text;
  const steps = workflow.steps;
  const at = nodeAt(steps, lines.positionAt(change.prefix));
  if (at < 0) return undefined;
  const step = steps[at]!;
  const { start, end } = step.range;
  const lineStart = lines.offsetAt({ line: start.line, character: 0 });
  // Only indentation before it on its first line: the slice from the line's start parses alike.
  for (let i = lineStart; i < lineStart + start.character; i++) {
    const code = oldText.charCodeAt(i);
    if (code !== 32 && code !== 9) return undefined;
  }
  const span = editableSpan(oldText, lines, step.range, change);
  if (!span) return undefined;

  const slice = text.slice(lineStart, span.endOffset + change.delta);
  const parsed = parseDocument(`${STEP_WRAPPER_START}${slice}\n}\n`, old.path);
  const wrapper = parsed.file.declarations[0];
  const replacement = wrapper?.kind === "workflow" ? wrapper.steps[0] : undefined;
  const sliceLines = new LineIndex(slice);
  const sliceEnd = sliceLines.positionAt(slice.length);
  if (
    parsed.diagnostics.length > 0 ||
    parsed.file.declarations.length !== 1 ||
    wrapper?.kind !== "workflow" ||
    wrapper.members.length !== 1 ||
    replacement === undefined ||
    wrapper.members[0] !== replacement ||
    replacement.range.start.line !== 1 ||
    replacement.range.start.character !== start.character ||
    replacement.range.end.line !== sliceEnd.line + 1 ||
    replacement.range.end.character !== sliceEnd.character
  )
    return undefined;

  const comments = old.file.comments;
  const { firstInside, firstAfter } = commentsWithin(comments, start, end);
  const lineDelta = replacement.range.end.line - 1 + start.line - end.line;
  if (lineDelta !== 0) {
    // Every position after the step moves (none may be shared with one above).
    const member = workflow.members.indexOf(step);
    const later: unknown[] = workflow.members.slice(member + 1);
    later.push(workflow.bodyRange.end, workflow.range.end);
    const declarations = old.file.declarations;
    for (let i = index + 1; i < declarations.length; i++) later.push(declarations[i]);
    for (let i = firstAfter; i < comments.length; i++) later.push(comments[i]);
    later.push(old.file.range.end);
    if (!shiftPositionsBelow(later, end.line, lineDelta)) return undefined;
  }
  // Line 1 of the wrapper is the step's first line.
  moveDown(replacement, parsed.file.comments, start.line - 1);
  replacement.doc = step.doc;

  const members = workflow.members.slice();
  members[members.indexOf(step)] = replacement;
  const newSteps = steps.slice();
  newSteps[at] = replacement;
  // A new workflow node: what the checker keeps per workflow node must not outlive the edit.
  const newWorkflow: WorkflowDeclaration = { ...workflow, steps: newSteps, members };
  const declarations = old.file.declarations.slice();
  declarations[index] = newWorkflow;
  const merged = mergeComments(comments, firstInside, firstAfter, parsed.file.comments);
  return {
    path: old.path,
    text,
    file: fileOf(old.file, declarations, merged),
    syntaxDiagnostics: [],
  };
}

/** Index of the node (of `nodes`, in source order) whose range holds `position` (binary search), or -1. */
function nodeAt(nodes: readonly { range: Range }[], position: Position): number {
  let low = 0;
  let high = nodes.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const range = nodes[middle]!.range;
    if (before(position, range.start)) high = middle - 1;
    else if (!before(position, range.end)) low = middle + 1;
    else return middle;
  }
  return -1;
}

/** The first comment at or after `start`, and the first at or after `end`. */
function commentsWithin(
  comments: readonly Comment[],
  start: Position,
  end: Position,
): { firstInside: number; firstAfter: number } {
  let firstInside = 0;
  while (firstInside < comments.length && before(comments[firstInside]!.range.start, start))
    firstInside++;
  let firstAfter = firstInside;
  while (firstAfter < comments.length && before(comments[firstAfter]!.range.start, end))
    firstAfter++;
  return { firstInside, firstAfter };
}

/** A file node like `old` with `declarations` and `comments`, its per-kind lists rebuilt. */
function fileOf(old: SourceFile, declarations: Declaration[], comments: Comment[]): SourceFile {
  const file: SourceFile = {
    kind: "file",
    path: old.path,
    declarations,
    imports: [],
    commands: [],
    workflows: [],
    tests: [],
    comments,
    range: { start: old.range.start, end: old.range.end },
  };
  for (const node of declarations) {
    if (node.kind === "import") file.imports.push(node);
    else if (node.kind === "command") file.commands.push(node);
    else if (node.kind === "workflow") file.workflows.push(node);
    else file.tests.push(node);
  }
  return file;
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function samePosition(a: Position, b: Position): boolean {
  return a.line === b.line && a.character === b.character;
}

/** A letter, digit or `_`: part of a keyword. */
function isWordCode(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 95
  );
}

/** Only spaces or tabs from `offset` to a line break (not the end of the text). */
function lineEndsAfter(text: string, offset: number): boolean {
  for (let i = offset; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10 || code === 13) return true;
    if (code !== 32 && code !== 9) return false;
  }
  return false;
}

function mergeComments(
  comments: readonly Comment[],
  firstInside: number,
  firstAfter: number,
  inside: readonly Comment[],
): Comment[] {
  const merged = comments.slice(0, firstInside);
  for (const comment of inside) merged.push(comment);
  for (let i = firstAfter; i < comments.length; i++) merged.push(comments[i]!);
  return merged;
}

/**
 * Moves a slice's parse (`node` and the slice's `comments`) down by `lines`:
 * it was parsed as if the slice began the file. Each position object once,
 * however many nodes share it.
 */
function moveDown(node: unknown, comments: readonly Comment[], lines: number): void {
  const fresh = new Set<Position>();
  collectPositions(node, fresh);
  for (const comment of comments) collectPositions(comment, fresh);
  for (const position of fresh) position.line += lines;
}

/** Adds every position object reachable from `node` (a tree of plain data) to `into`. */
function collectPositions(node: unknown, into: Set<Position>): void {
  if (typeof node !== "object" || node === null) return;
  if (Array.isArray(node)) {
    for (const item of node) collectPositions(item, into);
    return;
  }
  const record = node as Record<string, unknown>;
  if (typeof record.line === "number" && typeof record.character === "number") {
    into.add(record as unknown as Position);
    return;
  }
  for (const key in record) {
    const value = record[key];
    if (typeof value === "object" && value !== null) collectPositions(value, into);
  }
}
