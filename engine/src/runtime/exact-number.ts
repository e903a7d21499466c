/**
 * A number of JSON text that a JavaScript number would not hold as written —
 * a 64-bit id (`12345678901234567891` would read 12345678901234567000), more
 * significant digits than a double keeps, one out of its range (`1e400`) —
 * kept as its text, as jq 1.7 keeps a literal it passes on unchanged.
 *
 * Only such numbers take this form (see `parseJsonExactly`): every other one
 * stays a plain number. Interpolated (`String`, a template) it is its text;
 * written as JSON through {@link stringifyExactly} it is that text again,
 * unquoted; a condition compares it by its decimal value (decimal-order.ts).
 * `valueOf` gives the nearest double, for what can only use one.
 */
export class ExactNumber {
  /** Set once one exists: until then {@link unmarkExactNumbers} has nothing to look for. */
  static made = false;

  /** @param text a JSON number literal: `12345678901234567891`, `1e400`. */
  constructor(readonly text: string) {
    if (!JSON_NUMBER.test(text)) throw new Error(`not a JSON number: ${JSON.stringify(text)}`);
    ExactNumber.made = true;
  }

  toString(): string {
    return this.text;
  }

  valueOf(): number {
    return Number(this.text);
  }

  /**
   * Within {@link stringifyExactly}, a mark that it turns back into the bare
   * literal (JSON.stringify cannot write a number's own text: Node 20 has no
   * `JSON.rawJSON`). Anywhere else — a message, a job a queue sends to a
   * worker — the literal as a string: its digits, never another number's.
   */
  toJSON(): string {
    return marking ? markOf(this.text) : this.text;
  }

  /** The number a string {@link toJSON} gave stands for; undefined for any other string. */
  static fromMark(value: string): ExactNumber | undefined {
    return value.startsWith(MARK) ? new ExactNumber(value.slice(MARK.length)) : undefined;
  }
}

/** A JSON number literal, whole: what an {@link ExactNumber} holds. */
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?$/;

/**
 * The mark's start: a NUL and a nonce drawn for this process, so that no
 * string of a user's (a step's output, a param) can be mistaken for a mark.
 * Web Crypto, not node:crypto: the editor's webview type-checks this module too.
 */
const NONCE = globalThis.crypto.randomUUID().replaceAll("-", "");
const MARK = `\u0000${NONCE}:`;
/** Whether {@link stringifyExactly} is writing: {@link ExactNumber.toJSON} gives marks. */
let marking = false;

/** The string that stands for the literal `text` until {@link unmarkExactNumbers} replaces it. */
export function markOf(text: string): string {
  return `${MARK}${text}`;
}

/** A mark as JSON.stringify writes it, quotes and all. */
const MARKED = new RegExp(`"\\\\u0000${NONCE}:([-+.0-9eE]+)"`, "g");

/** Whether `value` is an {@link ExactNumber}. */
export function isExactNumber(value: unknown): value is ExactNumber {
  return value instanceof ExactNumber;
}

/**
 * JSON text written by JSON.stringify with each {@link ExactNumber}'s mark
 * replaced by its literal. As cheap as one `includes` when the text has none.
 */
function unmarkExactNumbers(json: string): string {
  if (!ExactNumber.made || !json.includes(NONCE)) return json;
  return json.replace(MARKED, "$1");
}

/** `JSON.stringify`, with each {@link ExactNumber} written as its literal, unquoted. */
export function stringifyExactly(value: unknown, space?: number): string | undefined {
  if (!ExactNumber.made) return JSON.stringify(value, null, space) as string | undefined;
  // Kept as it was, not cleared: a toJSON inside may write JSON of its own through here.
  const outer = marking;
  marking = true;
  let json: string | undefined;
  try {
    json = JSON.stringify(value, null, space) as string | undefined;
  } finally {
    marking = outer;
  }
  return json === undefined ? undefined : unmarkExactNumbers(json);
}
