/**
 * Expand Selection (`textDocument/selectionRange`): from the cursor outward
 * through the syntax tree — the name or reference, the `${…}` around it, the
 * string, the value, the list or the call's arguments, the property, the
 * step, param or test, the block's braces, the declaration, the file. Read
 * from the parsed tree, so a file with syntax errors still expands through
 * what parsed.
 */
import type {
  Position,
  Range,
  SelectionRange,
  ServerCapabilities,
} from "vscode-languageserver/node";
import { LineIndex, type SourceFile } from "@momoflow/language";
import { documentVersion, type FeatureContext, guarded } from "../feature";

/** Expand Selection for each position asked, as the protocol wants: one answer per position. */
export function registerSelectionRanges({
  connection,
  session,
}: FeatureContext): ServerCapabilities {
  connection.onSelectionRanges(
    guarded(
      connection,
      "selectionRange",
      (params): SelectionRange[] => {
        const { document } = session.check(params.textDocument.uri);
        const lines = new LineIndex(document.text);
        const whole: Range = {
          start: { line: 0, character: 0 },
          end: lines.positionAt(document.text.length),
        };
        return params.positions.map((position) => selectionRange(document.file, whole, position));
      },
      documentVersion(session),
    ),
  );
  return { selectionRangeProvider: true };
}

/** Keys of a node that hold no part of the tree: the line index an offset node keeps. */
const NOT_CHILDREN = new Set(["lines"]);

/**
 * Ranges of a node beside its own that the cursor can expand through: a
 * block's braces, a call's parentheses, an import's path string.
 */
const INNER_RANGES = ["bodyRange", "argsRange", "pathRange"] as const;

/**
 * The selection range at `position` of `file`: each range the position is
 * in (its end counts: the cursor right after a name), innermost first, each
 * strictly inside its parent, the whole document (`whole`) last.
 */
export function selectionRange(file: SourceFile, whole: Range, position: Position): SelectionRange {
  // Outermost first; each node's own range, then its inner ranges, then its child's.
  const ranges: Range[] = [whole];
  const seen = new Set<object>();
  let node: object | undefined = file;
  while (node && !seen.has(node)) {
    seen.add(node);
    const own = rangeOf(node);
    if (own) ranges.push(own);
    for (const key of INNER_RANGES) {
      const inner = (node as Record<string, unknown>)[key];
      if (isRange(inner) && contains(inner, position)) ranges.push(inner);
    }
    node = childAt(node, position);
  }
  // Kept only when strictly inside the range kept before: equal ranges
  // (a one-segment reference and its name) once, and never a range that
  // would not nest (an editor rejects such a chain).
  let selection: SelectionRange | undefined;
  for (const range of ranges) {
    if (selection && (!within(range, selection.range) || sameRange(range, selection.range)))
      continue;
    selection = selection ? { range, parent: selection } : { range };
  }
  return selection!;
}

/**
 * The child of `node` (a node, a name, or a list of them, found among its
 * values) whose range holds `position`: one that holds it before its end
 * rather than one that ends there (the cursor between `a` and `,b`).
 */
function childAt(node: object, position: Position): object | undefined {
  let touching: object | undefined;
  const visit = (value: unknown): object | undefined => {
    if (typeof value !== "object" || value === null) return undefined;
    if (Array.isArray(value)) {
      for (const item of value) {
        const found = visit(item);
        if (found) return found;
      }
      return undefined;
    }
    const range = rangeOf(value);
    if (!range) {
      // A node without a range of its own (a param's type): its parts may have one.
      return "name" in value ? visit((value as { name: unknown }).name) : undefined;
    }
    if (!contains(range, position)) return undefined;
    if (before(position, range.end)) return value;
    touching ??= value;
    return undefined;
  };
  for (const [key, value] of Object.entries(node)) {
    if (NOT_CHILDREN.has(key) || INNER_RANGES.includes(key as never)) continue;
    const found = visit(value);
    if (found) return found;
  }
  // Getters of offset nodes are not own entries: read the usual ones by name.
  for (const key of ["ref", "callee", "args", "segments", "parts", "value", "name"]) {
    if (Object.prototype.hasOwnProperty.call(node, key)) continue;
    const found = visit((node as Record<string, unknown>)[key]);
    if (found) return found;
  }
  return touching;
}

function rangeOf(node: object): Range | undefined {
  const range = (node as { range?: unknown }).range;
  return isRange(range) ? range : undefined;
}

function isRange(value: unknown): value is Range {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Range).start?.line === "number" &&
    typeof (value as Range).end?.line === "number"
  );
}

/** `a` at or before `b`. */
function atOrBefore(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

/** `a` strictly before `b`. */
function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function contains(range: Range, position: Position): boolean {
  return atOrBefore(range.start, position) && atOrBefore(position, range.end);
}

function within(inner: Range, outer: Range): boolean {
  return atOrBefore(outer.start, inner.start) && atOrBefore(inner.end, outer.end);
}

function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}
