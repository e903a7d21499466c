/**
 * The order of two decimal numbers given as text, by their exact value —
 * `12345678901234567891` is above `12345678901234567890`, where as doubles
 * both read 12345678901234567000 — without arithmetic on their digits.
 */

/** A decimal's value: its sign, its significant digits, and the power of ten of the first one. */
export interface Decimal {
  /** -1, 0 (the number is zero) or 1. */
  sign: number;
  /** Without leading or trailing zeros: `15` for 1500. */
  digits: string;
  /** The power of ten of the first digit: 3 for 1500, -1 for 0.5. */
  lead: bigint;
}

/** A decimal literal: `-3`, `2.50`, `1e400`, `.5` (as `number` params take it), with a `+`. */
const DECIMAL = /^\s*([-+]?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?\s*$/;

/**
 * `text` read as a decimal; undefined when it is none (`abc`, `0x10`,
 * `Infinity`: no literal, though Number reads them).
 */
export function decimalOf(text: string): Decimal | undefined {
  const match = DECIMAL.exec(text);
  if (!match) return undefined;
  const [, sign, whole = "", fraction = "", exponent = "0"] = match;
  if (whole === "" && fraction === "") return undefined;
  const all = whole + fraction;
  const start = all.search(/[1-9]/);
  if (start < 0) return { sign: 0, digits: "", lead: 0n };
  const digits = all.slice(start).replace(/0+$/, "");
  const lead = BigInt(exponent) + BigInt(whole.length - start - 1);
  return { sign: sign === "-" ? -1 : 1, digits, lead };
}

/** Negative, zero or positive as `a` is below, equal to or above `b`. */
export function compareDecimals(a: Decimal, b: Decimal): number {
  if (a.sign !== b.sign) return a.sign - b.sign;
  if (a.sign === 0) return 0;
  return a.sign * compareMagnitudes(a, b);
}

function compareMagnitudes(a: Decimal, b: Decimal): number {
  if (a.lead !== b.lead) return a.lead > b.lead ? 1 : -1;
  // Same first power: digit by digit, a shorter one padded with zeros.
  const width = Math.max(a.digits.length, b.digits.length);
  const x = a.digits.padEnd(width, "0");
  const y = b.digits.padEnd(width, "0");
  return x === y ? 0 : x > y ? 1 : -1;
}
