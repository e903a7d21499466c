/** What is wrong with a malformed numeric token (the units themselves are in units/quantity). */
import { isDurationUnit, isSizeUnit, splitUnit } from "../units/quantity";

/** `1.2.3`: a version written without its quotes, read as the string it is meant to be. */
export function isDottedNumber(text: string): boolean {
  return text.indexOf(".") !== text.lastIndexOf(".");
}

/** Why a number glued to letters (`5min`, `-3s`, `2x`), or `1.2.3`, is not a literal. */
export function malformedNumberMessage(text: string): string {
  if (isDottedNumber(text)) return `\`${text}\` is no number: a version is a string, \`"${text}"\``;
  const { unit } = splitUnit(text);
  const negative = text.startsWith("-");
  if (negative && isDurationUnit(unit)) return `a duration cannot be negative: \`${text}\``;
  if (negative && isSizeUnit(unit)) return `a size cannot be negative: \`${text}\``;
  return unknownUnitMessage(unit, text);
}

/** Why `text`, a number and `unit` (glued or not: `5min`, `5 minutes`), is not a literal. */
export function unknownUnitMessage(unit: string, text: string): string {
  return (
    `unknown unit \`${unit}\` in \`${text}\`: a duration ends with ms, s, m or h ` +
    `and a size with B, KB, MB, GB or TB, right after the number`
  );
}
