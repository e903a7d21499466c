import type { Name, Range } from "@momoflow/language";

/**
 * Where a declaration's name is shown (an outline's selection range, a
 * CodeLens): the name's range, or the declaration's when a recovering parse
 * put the name outside it (LSP clients reject a selection range that is not
 * inside the range).
 */
export function nameRangeWithin(name: Name, range: Range): Range {
  return name.range && contains(range, name.range) ? name.range : range;
}

function contains(outer: Range, inner: Range): boolean {
  const le = (a: Range["start"], b: Range["start"]): boolean =>
    a.line < b.line || (a.line === b.line && a.character <= b.character);
  return le(outer.start, inner.start) && le(inner.end, outer.end);
}
