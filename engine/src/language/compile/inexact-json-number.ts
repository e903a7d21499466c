/**
 * Finding, in a JSON text, a number that JSON.parse cannot hold exactly: a
 * whole number past 2^53 - 1 (a 64-bit id: 12345678901234567891 reads as
 * 12345678901234567000), more significant digits than a double keeps, or one
 * out of its range (1e400 reads as Infinity, 1e-400 as 0), or a whole number
 * JavaScript would write with an exponent (1000000000000000000000 as 1e+21).
 *
 * Such a value, once parsed, would be written out with other digits — in a
 * shell command (`rollback: curl -X DELETE …/${steps.create.output.id}`), in
 * the run record — so `parseJsonExactly` keeps it as its text (an
 * `ExactNumber`) instead; Node 20's JSON.parse gives no access to a number's
 * source.
 */

/** A number of a JSON text that would not read back as written. */
export interface InexactJsonNumber {
  /** The number as the text writes it: `12345678901234567891`. */
  readonly literal: string;
  /** What JSON.parse makes of it: `12345678901234567000`, `Infinity`. */
  readonly reads: string;
}

/**
 * The first number of `json` (valid JSON) that JSON.parse would round or
 * overflow; undefined when every number reads back as written — or, for a
 * fraction, is a double written with 17 digits (`0.10000000000000001`, as
 * jq 1.6 and `printf %.17g` write 0.1): nothing of it is lost.
 *
 * As fast as a regular expression over the text when no number has 16
 * significant digits or an exponent (the common case): up to 15 significant
 * digits always read back exactly.
 */
export function inexactJsonNumber(json: string): InexactJsonNumber | undefined {
  if (!mayBeInexact(json)) return undefined;
  for (const { literal } of numberLiterals(json)) {
    const reads = inexactReading(literal);
    if (reads !== undefined) return { literal, reads };
  }
  return undefined;
}

/**
 * Whether `json` may hold a number that JSON.parse would not keep: one with
 * a run of 16 digits or an exponent. False for most texts, at the cost of
 * two regular expressions.
 */
export function mayBeInexact(json: string): boolean {
  return SIXTEEN_DIGITS.test(json) || EXPONENT.test(json);
}

/** What JSON.parse makes of `literal` (a JSON number) when that is not what it writes; else undefined. */
export function inexactReading(literal: string): string | undefined {
  // Up to 15 digits, no exponent: exact.
  if (literal.length < 16 && !/[eE]/.test(literal)) return undefined;
  const n = Number(literal);
  const reads = String(n);
  // The common case — shortest form, as JavaScript and Python write a double — at once.
  if (reads === literal) return undefined;
  const value = decimalValue(literal);
  const inexact =
    value === decimalValue(reads)
      ? wholeTurnedExponent(literal, reads)
      : !doubleDigits(literal, n, value);
  return inexact ? reads : undefined;
}

/**
 * Whether `literal`, a fraction or with an exponent, is the double `n` written
 * with 17 significant digits (what tells every double apart), maybe fewer
 * when the last ones are zeros.
 */
function doubleDigits(literal: string, n: number, value: string): boolean {
  return (
    Number.isFinite(n) && !/^-?\d+$/.test(literal) && decimalValue(n.toPrecision(17)) === value
  );
}

/**
 * A whole number of 22 digits or more (an id), which JavaScript writes with an
 * exponent: `1000000000000000000000` would reach a shell as `1e+21`.
 */
function wholeTurnedExponent(literal: string, reads: string): boolean {
  return /^-?\d+$/.test(literal) && reads.includes("e");
}

/**
 * Only a number with a run of 16 digits (and maybe a point), or an exponent,
 * may be inexact. Two tests, not one alternation: twice as fast on digit-dense
 * text; an `e` in a word only costs the full scan.
 */
const SIXTEEN_DIGITS = /\d[\d.]{15}/;
const EXPONENT = /[eE][-+\d]/;

/** A JSON number, read at a given place. */
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/y;

/** A number literal of a JSON text and where it stands: `json.slice(start, end)`. */
export interface NumberLiteral {
  literal: string;
  start: number;
  end: number;
}

/** The number literals of a JSON text, strings skipped (digits in a string are text). */
export function* numberLiterals(json: string): Generator<NumberLiteral> {
  let at = 0;
  while (at < json.length) {
    const c = json.charCodeAt(at);
    if (c === QUOTE) {
      at = afterString(json, at);
    } else if (c === MINUS || (c >= DIGIT_0 && c <= DIGIT_9)) {
      NUMBER.lastIndex = at;
      const match = NUMBER.exec(json);
      if (!match) return; // not JSON: JSON.parse has said so already
      yield { literal: match[0], start: at, end: NUMBER.lastIndex };
      at = NUMBER.lastIndex;
    } else {
      at++;
    }
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

/** The index after the string that opens at `open`. */
function afterString(json: string, open: number): number {
  let at = open + 1;
  while (at < json.length) {
    const c = json.charCodeAt(at);
    if (c === BACKSLASH) at += 2;
    else if (c === QUOTE) return at + 1;
    else at++;
  }
  return at;
}

/**
 * A decimal number's value as one text, whatever its form: its significant
 * digits and the power of ten of the last one — `1.50e3`, `1500` and `1500.0`
 * all give `15e2`; any zero gives `0`. `Infinity` and `NaN` are themselves.
 */
function decimalValue(text: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([-+]?\d+))?$/.exec(text);
  if (!match) return text;
  const [, sign, whole, fraction = "", exponent = "0"] = match;
  const digits = `${whole}${fraction}`.replace(/^0+/, "");
  const significant = digits.replace(/0+$/, "");
  if (significant === "") return "0";
  const power =
    BigInt(exponent) - BigInt(fraction.length) + BigInt(digits.length - significant.length);
  return `${sign}${significant}e${power}`;
}
