/**
 * Incremental re-parse of one top-level declaration: when an edit lies
 * strictly inside one declaration of a document that parsed without errors,
 * only that declaration's text is parsed again; the declarations and
 * comments after it are kept, their lines shifted. The result is the
 * {@link ParsedDocument} a full parse of the new text would give. Every
 * doubtful case returns undefined: the caller then parses the whole text.
 */
import type { Comment, Declaration, Position, SourceFile } from "./ast";
import { LineIndex } from "./line-index";
import { parseDocument } from "./parse";
import type { ParsedDocument } from "./scope";

/**
 * The document for `text`, re-parsing only the declaration of `old` that the
 * edit lies in; undefined when that cannot be done safely (parse it all).
 *
 * The declarations and comments after the edited one are taken from `old`
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
  const limit = Math.min(oldText.length, text.length);
  let prefix = 0;
  while (prefix < limit && oldText.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < limit - prefix &&
    oldText.charCodeAt(oldText.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)
  )
    suffix++;
  const changeEnd = oldText.length - suffix;

  const lines = new LineIndex(oldText);
  const index = declarationAt(declarations, lines.positionAt(prefix));
  if (index < 0) return undefined;
  const declaration = declarations[index]!;
  const { start, end } = declaration.range;
  // The declaration begins a line, so its slice parses with the same characters.
  if (start.character !== 0) return undefined;
  const startOffset = lines.offsetAt(start);
  const endOffset = lines.offsetAt(end);
  if (lines.positionAt(endOffset).line !== end.line) return undefined;
  // The first token (the keyword) and the last character stay as they were.
  let keywordEnd = startOffset;
  while (keywordEnd < endOffset && isWordCode(oldText.charCodeAt(keywordEnd))) keywordEnd++;
  if (keywordEnd === startOffset || prefix <= keywordEnd || changeEnd > endOffset - 1)
    return undefined;
  // Nothing after it on its last line: what follows only moves by whole lines.
  if (!lineEndsAfter(oldText, endOffset)) return undefined;

  const delta = text.length - oldText.length;
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
  let firstInside = 0;
  while (firstInside < comments.length && before(comments[firstInside]!.range.start, start))
    firstInside++;
  let firstAfter = firstInside;
  while (firstAfter < comments.length && before(comments[firstAfter]!.range.start, end))
    firstAfter++;

  // Every position after the declaration, each once (positions may be shared).
  const later = new Set<Position>();
  for (let i = index + 1; i < declarations.length; i++) collectPositions(declarations[i], later);
  for (let i = firstAfter; i < comments.length; i++) collectPositions(comments[i], later);
  later.add(old.file.range.end);
  // None may be shared with a node at or before the declaration: those all
  // lie on its last line or above.
  for (const position of later) if (position.line <= end.line) return undefined;

  const startLine = start.line;
  const fresh = new Set<Position>();
  collectPositions(replacement, fresh);
  for (const comment of parsed.file.comments) collectPositions(comment, fresh);
  for (const position of fresh) position.line += startLine;
  const lineDelta = replacement.range.end.line - end.line;
  if (lineDelta !== 0) for (const position of later) position.line += lineDelta;

  // Its doc comment is above it, unchanged (the slice has none).
  if ("doc" in declaration && "doc" in replacement) replacement.doc = declaration.doc;

  const newDeclarations = declarations.slice();
  newDeclarations[index] = replacement;
  const file: SourceFile = {
    kind: "file",
    path: old.file.path,
    declarations: newDeclarations,
    imports: [],
    commands: [],
    workflows: [],
    tests: [],
    comments: mergeComments(comments, firstInside, firstAfter, parsed.file.comments),
    range: { start: old.file.range.start, end: old.file.range.end },
  };
  for (const node of newDeclarations) {
    if (node.kind === "import") file.imports.push(node);
    else if (node.kind === "command") file.commands.push(node);
    else if (node.kind === "workflow") file.workflows.push(node);
    else file.tests.push(node);
  }
  return { path: old.path, text, file, syntaxDiagnostics: [] };
}

/** Index of the declaration whose range holds `position` (binary search), or -1. */
function declarationAt(declarations: readonly Declaration[], position: Position): number {
  let low = 0;
  let high = declarations.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const range = declarations[middle]!.range;
    if (before(position, range.start)) high = middle - 1;
    else if (!before(position, range.end)) low = middle + 1;
    else return middle;
  }
  return -1;
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
