/**
 * Duration and size literals in words, for hover: `5m` → "5 minutes =
 * 300,000 ms", `10MB` → "10 megabytes = 10,485,760 bytes" (sizes are powers
 * of 1024, language.md §1).
 */

const DURATION_UNITS: Readonly<Record<string, { ms: number; word: string }>> = {
  ms: { ms: 1, word: "millisecond" },
  s: { ms: 1000, word: "second" },
  m: { ms: 60_000, word: "minute" },
  h: { ms: 3_600_000, word: "hour" },
};

const SIZE_UNITS: Readonly<Record<string, { bytes: number; word: string }>> = {
  B: { bytes: 1, word: "byte" },
  KB: { bytes: 1024, word: "kilobyte" },
  MB: { bytes: 1024 ** 2, word: "megabyte" },
  GB: { bytes: 1024 ** 3, word: "gigabyte" },
  TB: { bytes: 1024 ** 4, word: "terabyte" },
};

/** `1234567.5` → `1,234,567.5`, whatever the locale of the machine. */
export function groupDigits(value: number): string {
  const [whole, fraction] = String(value).split(".");
  const sign = whole!.startsWith("-") ? "-" : "";
  const digits = sign ? whole!.slice(1) : whole!;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}${grouped}${fraction === undefined ? "" : `.${fraction}`}`;
}

/** `5 minutes` for 5 of "minute" (singular for exactly 1). */
function quantity(amount: string, word: string): string {
  return `${amount} ${word}${Number(amount) === 1 ? "" : "s"}`;
}

/** `5m` → `5 minutes = 300,000 ms`; `250ms` → `250 milliseconds`. Undefined when `text` is no duration. */
export function describeDuration(text: string): string | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text);
  if (!match) return undefined;
  const unit = DURATION_UNITS[match[2]!]!;
  const words = quantity(match[1]!, unit.word);
  if (unit.ms === 1) return words;
  return `${words} = ${groupDigits(round(Number(match[1]) * unit.ms))} ms`;
}

/** `10MB` → `10 megabytes = 10,485,760 bytes`. Undefined when `text` is no size. */
export function describeSize(text: string): string | undefined {
  const match = /^(\d+(?:\.\d+)?)(B|KB|MB|GB|TB)$/.exec(text);
  if (!match) return undefined;
  const unit = SIZE_UNITS[match[2]!]!;
  const words = quantity(match[1]!, unit.word);
  if (unit.bytes === 1) return words;
  const bytes = Math.round(Number(match[1]) * unit.bytes);
  return `${words} = ${groupDigits(bytes)} bytes`;
}

/** Milliseconds are kept to the microsecond, as the engine does. */
function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
