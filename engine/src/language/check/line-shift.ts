/**
 * Lines an edit inside one step added or removed: the diagnostics a check
 * keeps of the other steps (workflow-check-memo.ts) are read again after
 * it, those below the edited step moved by as many lines.
 */
import type { Position, Range } from "../ast";
import type { Diagnostic, DiagnosticData, RelatedInformation } from "../diagnostic";

/** Every position on a line below `after` (the edited step's last line before the edit) moves `by` lines. */
export interface LineShift {
  after: number;
  by: number;
}

/**
 * `diagnostic` where `shift` puts it: itself when nothing of it moves, else
 * a new object. The one a previous check handed out is never changed (an
 * editor may still hold it).
 */
export function shiftDiagnostic(diagnostic: Diagnostic, shift: LineShift): Diagnostic {
  const range = shiftRange(diagnostic.range, shift);
  const related = diagnostic.related && shiftRelated(diagnostic.related, shift);
  const data = diagnostic.data && shiftData(diagnostic.data, shift);
  if (range === diagnostic.range && related === diagnostic.related && data === diagnostic.data)
    return diagnostic;
  // Spread first: the keys keep their order (diagnostics are compared as JSON).
  const moved: Diagnostic = { ...diagnostic, range };
  if (related) moved.related = related;
  if (data) moved.data = data;
  return moved;
}

function shiftRange(range: Range, shift: LineShift): Range {
  const start = shiftPosition(range.start, shift);
  const end = shiftPosition(range.end, shift);
  return start === range.start && end === range.end ? range : { start, end };
}

function shiftPosition(position: Position, { after, by }: LineShift): Position {
  return position.line > after
    ? { line: position.line + by, character: position.character }
    : position;
}

function shiftRelated(related: RelatedInformation[], shift: LineShift): RelatedInformation[] {
  let moved: RelatedInformation[] | undefined;
  for (let i = 0; i < related.length; i++) {
    const item = related[i]!;
    const range = shiftRange(item.range, shift);
    if (range === item.range) continue;
    moved ??= related.slice();
    moved[i] = { ...item, range };
  }
  return moved ?? related;
}

function shiftData(data: DiagnosticData, shift: LineShift): DiagnosticData {
  const replaceRange = data.replaceRange && shiftRange(data.replaceRange, shift);
  const unusedDeclaration = data.unusedDeclaration && shiftRange(data.unusedDeclaration, shift);
  const cookedEscapes = data.cookedEscapes && shiftEscapes(data.cookedEscapes, shift);
  if (
    replaceRange === data.replaceRange &&
    unusedDeclaration === data.unusedDeclaration &&
    cookedEscapes === data.cookedEscapes
  )
    return data;
  const moved = { ...data };
  if (replaceRange) moved.replaceRange = replaceRange;
  if (unusedDeclaration) moved.unusedDeclaration = unusedDeclaration;
  if (cookedEscapes) moved.cookedEscapes = cookedEscapes;
  return moved;
}

/** MF024's escapes (each changed by its quick fixes) where `shift` puts them; the same array when none moves. */
function shiftEscapes(
  escapes: NonNullable<DiagnosticData["cookedEscapes"]>,
  shift: LineShift,
): NonNullable<DiagnosticData["cookedEscapes"]> {
  let moved: typeof escapes | undefined;
  for (let i = 0; i < escapes.length; i++) {
    const escape = escapes[i]!;
    const range = shiftRange(escape.range, shift);
    if (range === escape.range) continue;
    moved ??= escapes.slice();
    moved[i] = { ...escape, range };
  }
  return moved ?? escapes;
}
