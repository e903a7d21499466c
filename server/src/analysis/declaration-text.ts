/**
 * The text of declarations as a reader sees it: string properties, a
 * parameter as written, a range's source text, where a name is shown.
 */
import {
  readsAValue,
  stringText as literalText,
  type Expression,
  type LineIndex,
  type Name,
  type ParamDeclaration,
  type Property,
  type Range,
} from "@momoflow/language";
import { MASK } from "@momoflow/runtime";
import type { SourceReader } from "../session/workspace-files";

/**
 * The text of a string property (`description: "..."`) as a reader sees it:
 * literal text with `${ref}` for interpolations. Undefined when the
 * property is missing or not a string.
 */
export function propertyText(
  properties: readonly (Property | undefined)[] | undefined,
  name: string,
): string | undefined {
  const value = properties?.find((p) => p?.name?.text === name)?.value;
  return stringText(value);
}

/** The text of a string literal, interpolations written as `${ref}`; undefined for any other value. */
export function stringText(value: Expression | undefined): string | undefined {
  return value?.kind === "string" ? literalText(value) : undefined;
}

/** The source text of `range`, with runs of whitespace (line breaks included) made one space. */
export function sourceText(text: string, lines: LineIndex, range: Range): string {
  return text
    .slice(lines.offsetAt(range.start), lines.offsetAt(range.end))
    .replace(/\s+/g, " ")
    .trim();
}

/** `name: type = default` of a declared parameter, as written (a secret's written value as `***`). */
export function declaredParameter(
  param: ParamDeclaration,
  path: string,
  source: SourceReader,
): string {
  const type = param.type?.name?.text ? `: ${param.type.name.text}` : "";
  // A secret's value is never shown, not even the one written in the file (MF016).
  const hidden =
    param.type?.name?.text === "secret" && param.default && !readsAValue(param.default);
  const written = hidden ? MASK : param.default && source(path, param.default.range);
  return `${param.name?.text ?? "?"}${type}${written ? ` = ${written}` : ""}`;
}

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
