/**
 * The values of numeric tokens: durations in milliseconds, sizes in bytes
 * (powers of 1024), and what is wrong with a malformed one.
 */

const DURATION_UNITS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const SIZE_UNITS: Readonly<Record<string, number>> = {
  B: 1,
  KB: 1024,
  MB: 1024 ** 2,
  GB: 1024 ** 3,
  TB: 1024 ** 4,
};

/** Splits `250ms` into `250` and `ms`. */
function splitUnit(text: string): { amount: number; unit: string } {
  let end = 0;
  while (end < text.length) {
    const code = text.charCodeAt(end);
    // digits, `.` and a leading `-`
    if (!((code >= 48 && code <= 57) || code === 46 || (code === 45 && end === 0))) break;
    end++;
  }
  return { amount: Number(text.slice(0, end)), unit: text.slice(end) };
}

/** Milliseconds of a duration token such as `250ms`, `30s`, `5m`, `2h`, `1.5s`. */
export function durationMs(text: string): number {
  const { amount, unit } = splitUnit(text);
  return amount * (DURATION_UNITS[unit] ?? Number.NaN);
}

/** Bytes of a size token such as `512KB` or `1GB`, rounded to a whole byte. */
export function sizeBytes(text: string): number {
  const { amount, unit } = splitUnit(text);
  return Math.round(amount * (SIZE_UNITS[unit] ?? Number.NaN));
}

/** Why a number glued to letters (`5min`, `-3s`, `2x`) is not a literal. */
export function malformedNumberMessage(text: string): string {
  const { unit } = splitUnit(text);
  const negative = text.startsWith("-");
  if (negative && Object.hasOwn(DURATION_UNITS, unit))
    return `a duration cannot be negative: \`${text}\``;
  if (negative && Object.hasOwn(SIZE_UNITS, unit)) return `a size cannot be negative: \`${text}\``;
  return (
    `unknown unit \`${unit}\` in \`${text}\`: a duration ends with ms, s, m or h ` +
    `and a size with B, KB, MB, GB or TB, right after the number`
  );
}
