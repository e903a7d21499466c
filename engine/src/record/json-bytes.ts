/** Room for a few journal lines; a result file grows it once or twice. */
const INITIAL_BYTES = 4096;

const NULL = ascii("null");
const TRUE = ascii("true");
const FALSE = ascii("false");

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;

/**
 * JSON text written as UTF-8 bytes into one growable, reusable buffer, piece
 * by piece: fixed parts, numbers and strings exactly as `JSON.stringify`
 * writes them, with no string made on the way for the common cases (the
 * engine's ids and milliseconds). What the record writes for every step
 * (journal lines, `result.json`) is encoded with it.
 */
export class JsonBytes {
  private bytes: Buffer;
  /** Bytes in use. */
  length = 0;

  /** @param initialBytes room to start with (it grows as needed). */
  constructor(initialBytes = INITIAL_BYTES) {
    this.bytes = Buffer.allocUnsafe(initialBytes);
  }

  /** The bytes in use (a view, valid until the next write or clear). */
  view(): Buffer {
    return this.bytes.subarray(0, this.length);
  }

  /**
   * The buffer the bytes in use start in: for a `writeSync` of the first
   * `length` bytes without a view object per write. Valid until the next write.
   */
  backing(): Buffer {
    return this.bytes;
  }

  /** Forgets the bytes; the buffer is kept for the next ones. */
  clear(): void {
    this.length = 0;
  }

  /**
   * A number as `JSON.stringify` writes it. Whole numbers and numbers of at
   * most three decimals below 2^31 (the engine's milliseconds, kept to the
   * microsecond) are written digit by digit; any other through `String`.
   */
  number(n: number): void {
    if (Number.isSafeInteger(n)) {
      this.integer(n);
      return;
    }
    // Below 2^31 a double's spacing is far finer than 0.001: the decimal of
    // k / 1000 is then the shortest that reads back as n, which is what
    // JSON.stringify writes.
    const thousandths = Math.round(n * 1000);
    if (Math.abs(n) < 2 ** 31 && thousandths / 1000 === n) {
      this.thousandths(thousandths);
      return;
    }
    if (!Number.isFinite(n)) this.raw(NULL);
    else this.text(String(n));
  }

  /** `true` or `false`. */
  boolean(b: boolean): void {
    this.raw(b ? TRUE : FALSE);
  }

  /** A string as `JSON.stringify` writes it: printable ASCII directly, anything else through it. */
  string(s: string): void {
    const n = s.length;
    this.reserve(n + 2);
    const bytes = this.bytes;
    let at = this.length;
    bytes[at++] = QUOTE;
    for (let i = 0; i < n; i++) {
      const code = s.charCodeAt(i);
      if (code < 0x20 || code > 0x7e || code === QUOTE || code === BACKSLASH) {
        this.text(JSON.stringify(s));
        return;
      }
      bytes[at++] = code;
    }
    bytes[at++] = QUOTE;
    this.length = at;
  }

  /** Any JSON value, through `JSON.stringify`; false (nothing written) for what JSON leaves out (undefined, a function). */
  value(v: unknown): boolean {
    const json = JSON.stringify(v) as string | undefined;
    if (json === undefined) return false;
    this.text(json);
    return true;
  }

  /** Text as it is (already JSON), as UTF-8. */
  text(s: string): void {
    this.reserve(Buffer.byteLength(s));
    this.length += this.bytes.write(s, this.length, "utf8");
  }

  /** Bytes as they are: a fixed part made once with {@link ascii}. */
  raw(part: Uint8Array): void {
    // TypedArray#set, not a loop: a builtin from the first call, where a loop
    // runs byte by byte in the interpreter until the JIT has compiled it (a
    // process's first run), and fewer instructions once it has (valgrind:
    // 9% fewer for a first run of 1,000 recorded steps, 12% fewer per warm step).
    this.reserve(part.length);
    this.bytes.set(part, this.length);
    this.length += part.length;
  }

  byte(value: number): void {
    this.reserve(1);
    this.bytes[this.length++] = value;
  }

  private integer(n: number): void {
    if (n < 0) {
      this.byte(MINUS);
      n = -n;
    }
    this.digits(n, 1);
  }

  /** `k / 1000` written as a decimal: the digits of k, a point before its last three, no trailing zeros. */
  private thousandths(k: number): void {
    if (k < 0) {
      this.byte(MINUS);
      k = -k;
    }
    let fraction = k % 1000;
    this.digits((k - fraction) / 1000, 1);
    if (fraction === 0) return;
    let width = 3;
    while (fraction % 10 === 0) {
      fraction /= 10;
      width--;
    }
    this.byte(DOT);
    this.digits(fraction, width);
  }

  /** The decimal digits of a whole `n` ≥ 0 (at most 2^53), zero-padded to `width`. */
  private digits(n: number, width: number): void {
    // In two halves of at most eight digits: each is a small integer, whose
    // division and remainder are integer instructions, not calls for doubles.
    if (n >= 1e8) {
      const high = Math.floor(n / 1e8);
      this.digits(high, width - 8);
      this.smallDigits(n - high * 1e8, 8);
    } else this.smallDigits(n, width);
  }

  /** The digits of `n` < 10^8, zero-padded to `width`. */
  private smallDigits(n: number, width: number): void {
    let value = n | 0;
    let count = 1;
    for (let limit = 10; value >= limit && count < 8; limit *= 10) count++;
    if (count < width) count = width;
    this.reserve(count);
    const bytes = this.bytes;
    let at = this.length + count;
    this.length = at;
    for (let i = 0; i < count; i++) {
      const quotient = (value / 10) | 0;
      bytes[--at] = ZERO + value - quotient * 10;
      value = quotient;
    }
  }

  private reserve(more: number): void {
    const needed = this.length + more;
    if (needed <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(needed, this.bytes.length * 2));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }
}

/** A fixed part of JSON text (ASCII), as bytes made once. */
export function ascii(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, "latin1"));
}
