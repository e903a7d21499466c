/**
 * What a quick fix writes for a value still to be filled in, by the type it
 * must have (docs/language.md, Types): a value of that type, so the fixed
 * text checks clean (a `path` is no empty string: MF007), and, for editors
 * that take snippets, the same value with a tab stop on the part to type
 * over (inside the quotes of a text).
 */
import type { ValueType } from "@momoflow/language";

/** A placeholder value: the part a tab stop selects, and the text around it. */
interface Placeholder {
  before: string;
  value: string;
  after: string;
}

const text = (value: string): Placeholder => ({ before: '"', value, after: '"' });
const bare = (value: string): Placeholder => ({ before: "", value, after: "" });

/** One placeholder per type; `any` takes text. */
const PLACEHOLDERS: Readonly<Record<ValueType, Placeholder>> = {
  string: text(""),
  secret: text(""),
  any: text(""),
  path: text("path"),
  int: bare("0"),
  number: bare("0"),
  bool: bare("false"),
  duration: bare("1s"),
  size: bare("1MB"),
  list: bare("[]"),
  map: bare("{}"),
};

/** The placeholder of `type` as plain text: `""`, `"path"`, `0`, `1s`, `[]`… */
export function placeholderFor(type: ValueType): string {
  const { before, value, after } = PLACEHOLDERS[type] ?? PLACEHOLDERS.any;
  return `${before}${value}${after}`;
}

/** The placeholder of `type` as a snippet with tab stop `tabStop` on it: `"${1:path}"`, `${2:0}`, `"$3"`. */
export function placeholderSnippet(type: ValueType, tabStop: number): string {
  const { before, value, after } = PLACEHOLDERS[type] ?? PLACEHOLDERS.any;
  const stop = value === "" ? `$${tabStop}` : `\${${tabStop}:${escapeSnippet(value)}}`;
  return `${escapeSnippet(before)}${stop}${escapeSnippet(after)}`;
}

/** Text that a snippet inserts as it is: `$`, `}` and `\` escaped. */
export function escapeSnippet(plain: string): string {
  return plain.replace(/[$}\\]/g, "\\$&");
}
