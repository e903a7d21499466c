import type { Expression, Property, Range, LineIndex } from "@momoflow/language";

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

/** The text of a string literal, interpolations written as `${ref}`. */
export function stringText(value: Expression | undefined): string | undefined {
  if (value?.kind !== "string") return undefined;
  return (value.parts ?? [])
    .map((part) =>
      part?.kind === "text"
        ? part.value
        : `\${${part?.ref?.segments?.map((s) => s?.text).join(".") ?? ""}}`,
    )
    .join("");
}

/** The source text of `range`, with runs of whitespace (line breaks included) made one space. */
export function sourceText(text: string, lines: LineIndex, range: Range): string {
  return text
    .slice(lines.offsetAt(range.start), lines.offsetAt(range.end))
    .replace(/\s+/g, " ")
    .trim();
}
