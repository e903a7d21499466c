/**
 * The language's units (language.md §1): durations in milliseconds, sizes in
 * bytes (powers of 1024), and reading a quantity written with one.
 */

/** A duration unit: milliseconds per unit and its name in words. */
export interface DurationUnit {
  readonly ms: number;
  readonly word: string;
}

/** A size unit: bytes per unit and its name in words. */
export interface SizeUnit {
  readonly bytes: number;
  readonly word: string;
}

/** The duration units a literal may end with. */
export const DURATION_UNITS: Readonly<Record<string, DurationUnit>> = {
  ms: { ms: 1, word: "millisecond" },
  s: { ms: 1000, word: "second" },
  m: { ms: 60_000, word: "minute" },
  h: { ms: 3_600_000, word: "hour" },
};

/** The size units a literal may end with: powers of 1024. */
export const SIZE_UNITS: Readonly<Record<string, SizeUnit>> = {
  B: { bytes: 1, word: "byte" },
  KB: { bytes: 1024, word: "kilobyte" },
  MB: { bytes: 1024 ** 2, word: "megabyte" },
  GB: { bytes: 1024 ** 3, word: "gigabyte" },
  TB: { bytes: 1024 ** 4, word: "terabyte" },
};

/** Whether `unit` is one a duration ends with (`ms`, `s`, `m`, `h`). */
export function isDurationUnit(unit: string): boolean {
  return Object.hasOwn(DURATION_UNITS, unit);
}

/** Whether `unit` is one a size ends with (`B` … `TB`). */
export function isSizeUnit(unit: string): boolean {
  return Object.hasOwn(SIZE_UNITS, unit);
}

/** `250ms`: a positive number and a duration unit, nothing else. */
export const DURATION_TEXT = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;

/** `10MB`: a positive number and a size unit, nothing else. */
export const SIZE_TEXT = /^(\d+(?:\.\d+)?)(B|KB|MB|GB|TB)$/;

/** Splits `250ms` into `250` and `ms` (a leading `-` stays with the number). */
export function splitUnit(text: string): { amount: number; unit: string } {
  let end = 0;
  while (end < text.length) {
    const code = text.charCodeAt(end);
    // digits, `.` and a leading `-`
    if (!((code >= 48 && code <= 57) || code === 46 || (code === 45 && end === 0))) break;
    end++;
  }
  return { amount: Number(text.slice(0, end)), unit: text.slice(end) };
}

/** Milliseconds of a duration token such as `250ms`, `30s`, `5m`, `2h`, `1.5s` (NaN for another unit). */
export function durationMs(text: string): number {
  const { amount, unit } = splitUnit(text);
  return amount * (DURATION_UNITS[unit]?.ms ?? Number.NaN);
}

/** Bytes of a size token such as `512KB` or `1GB`, rounded to a whole byte (NaN for another unit). */
export function sizeBytes(text: string): number {
  return Math.round(exactSizeBytes(text));
}

/**
 * Bytes of a size token as written, not rounded: `1.5KB` is 1536, `1.3B` is
 * 1.3 (NaN for another unit). A size must come to a whole number of bytes
 * (see {@link isWholeBytes}); rounding `1.3B` to 1 would silently change it.
 */
export function exactSizeBytes(text: string): number {
  const { amount, unit } = splitUnit(text);
  // toPrecision: 1.5 * 1024 is exact, but a decimal fraction may be off in its last bit.
  return Number((amount * (SIZE_UNITS[unit]?.bytes ?? Number.NaN)).toPrecision(15));
}

/** Whether a byte count from {@link exactSizeBytes} is whole. */
export function isWholeBytes(bytes: number): boolean {
  return Number.isInteger(bytes);
}

/**
 * Reads a duration written as in the language (`250ms`, `30s`, `5m`, `2h`).
 * Returns milliseconds, or undefined when the text is not a duration.
 */
export function parseDuration(text: string): number | undefined {
  const match = DURATION_TEXT.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * DURATION_UNITS[match[2] as string]!.ms;
}

/**
 * Reads a size written as in the language (`512KB`, `10MB`, `1GB`; also `B`, `TB`).
 * Returns bytes, or undefined when the text is not a size or does not come
 * to a whole number of bytes (`1.3B`: rounding it would silently change it;
 * {@link partialBytes} says so).
 */
export function parseSize(text: string): number | undefined {
  const trimmed = text.trim();
  if (!SIZE_TEXT.test(trimmed)) return undefined;
  const bytes = exactSizeBytes(trimmed);
  return isWholeBytes(bytes) ? bytes : undefined;
}

/**
 * The bytes of size text that does not come to a whole number of them
 * (`1.3B` is 1.3), for a message; undefined for any other text.
 */
export function partialBytes(text: string): number | undefined {
  const trimmed = text.trim();
  if (!SIZE_TEXT.test(trimmed)) return undefined;
  const bytes = exactSizeBytes(trimmed);
  return isWholeBytes(bytes) ? undefined : bytes;
}
