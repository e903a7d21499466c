import { stringifyExactly } from "../runtime/exact-number";

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
/** The longest number written digit by digit: a sign, 16 digits (2^53), or 10 digits, a point and 3 decimals. */
const MAX_NUMBER_BYTES = 17;
/** Numbers of this many digits or more are remembered: a time (13 digits), a peak memory figure. */
const REMEMBERED_DIGITS = 6;
/** The most bytes one character takes in UTF-8 (a surrogate pair: two characters). */
const MAX_CHARACTER_BYTES = 4;

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
  /**
   * The last two long whole numbers written, with their digits: a step's
   * line writes its time three or four times, and its peak memory figure is
   * its neighbours' (shared readings), so most long numbers are copies.
   */
  private rememberedA = NaN;
  private rememberedB = NaN;
  private lengthA = 0;
  private lengthB = 0;
  /** Which of the two is replaced next: the one not written last. */
  private replaceA = true;
  /** Their digits: A's from 0, B's from MAX_NUMBER_BYTES. */
  private readonly digits = new Uint8Array(2 * MAX_NUMBER_BYTES);

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
   * One function with flat loops, no calls per part: a process's first run
   * executes it in the interpreter, and the JIT compiles it once rather than
   * each of its parts with copies of the others inlined (valgrind).
   */
  number(n: number): void {
    // A single digit (an attempt, a CPU time or heap growth of 0; -0 too, which JSON writes "0"): most of a step's small numbers.
    if (n >= 0 && n <= 9 && (n | 0) === n) {
      this.reserve(1);
      this.bytes[this.length++] = ZERO + n;
      return;
    }
    if (n === this.rememberedA) {
      this.replaceA = false;
      this.copyDigits(0, this.lengthA);
      return;
    }
    if (n === this.rememberedB) {
      this.replaceA = true;
      this.copyDigits(MAX_NUMBER_BYTES, this.lengthB);
      return;
    }
    let whole = n;
    let fraction = 0;
    let fractionWidth = 0;
    if (!Number.isSafeInteger(n)) {
      // Below 2^31 a double's spacing is far finer than 0.001: the decimal of
      // k / 1000 is then the shortest that reads back as n, which is what
      // JSON.stringify writes.
      const thousandths = Math.round(n * 1000);
      if (!(Math.abs(n) < 2 ** 31 && thousandths / 1000 === n)) {
        if (!Number.isFinite(n)) this.raw(NULL);
        else this.text(String(n));
        return;
      }
      const k = thousandths < 0 ? -thousandths : thousandths;
      fraction = k % 1000;
      whole = thousandths < 0 ? -(k - fraction) / 1000 : (k - fraction) / 1000;
      if (fraction !== 0) {
        fractionWidth = 3;
        while (fraction % 10 === 0) {
          fraction /= 10;
          fractionWidth--;
        }
      }
    }
    this.reserve(MAX_NUMBER_BYTES);
    const bytes = this.bytes;
    let at = this.length;
    if (whole < 0 || (whole === 0 && n < 0)) {
      bytes[at++] = MINUS;
      whole = -whole;
    }
    // In two halves of at most eight digits: each is a small integer, whose
    // division and remainder are integer instructions, not calls for doubles.
    let high = 0;
    let low = whole;
    if (whole >= 1e8) {
      high = Math.floor(whole / 1e8);
      low = whole - high * 1e8;
    }
    const top = high > 0 ? high : low;
    let count = 1;
    for (let limit = 10; top >= limit && count < 8; limit *= 10) count++;
    const end = at + (high > 0 ? count + 8 : count);
    writeDigits(bytes, end, low, high > 0 ? 8 : count);
    if (high > 0) writeDigits(bytes, end - 8, high, count);
    if (fractionWidth > 0) {
      bytes[end] = DOT;
      at = end + 1 + fractionWidth;
      writeDigits(bytes, at, fraction, fractionWidth);
    } else {
      if (end - at >= REMEMBERED_DIGITS) this.remember(n, this.length, end);
      at = end;
    }
    this.length = at;
  }

  /** Keeps the digits of `n`, just written from `start` to `end`, in place of the one written less recently. */
  private remember(n: number, start: number, end: number): void {
    const bytes = this.bytes;
    const digits = this.digits;
    const length = end - start;
    let to = 0;
    if (this.replaceA) {
      this.rememberedA = n;
      this.lengthA = length;
    } else {
      this.rememberedB = n;
      this.lengthB = length;
      to = MAX_NUMBER_BYTES;
    }
    this.replaceA = !this.replaceA;
    for (let i = start; i < end; i++) digits[to++] = bytes[i]!;
  }

  /** Writes `length` remembered digits from `from` (see {@link remember}). */
  private copyDigits(from: number, length: number): void {
    this.reserve(length);
    const bytes = this.bytes;
    const digits = this.digits;
    let at = this.length;
    for (let i = 0; i < length; i++) bytes[at++] = digits[from + i]!;
    this.length = at;
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
    const json = stringifyExactly(v);
    if (json === undefined) return false;
    this.text(json);
    return true;
  }

  /** Text as it is (already JSON), as UTF-8. */
  text(s: string): void {
    // Room for as many bytes as characters (all ASCII: the usual case), and
    // a little more: what stops short of it fits, without counting the
    // bytes first (a run's first line lists every step: a long count).
    const start = this.length;
    this.reserve(s.length + MAX_CHARACTER_BYTES);
    const written = this.bytes.write(s, start, "utf8");
    if (this.bytes.length - (start + written) >= MAX_CHARACTER_BYTES) {
      this.length = start + written;
      return;
    }
    // Perhaps cut short: room for every byte, and again.
    this.reserve(Buffer.byteLength(s));
    this.length = start + this.bytes.write(s, start, "utf8");
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

  /** Bytes `source[start, end)` as they are: JSON text written before (see kept-metrics-bytes.ts). */
  copy(source: Buffer, start: number, end: number): void {
    const length = end - start;
    this.reserve(length);
    // A view and TypedArray#set: Buffer#copy does the same after checking its arguments in JS.
    this.bytes.set(new Uint8Array(source.buffer, source.byteOffset + start, length), this.length);
    this.length += length;
  }

  byte(value: number): void {
    this.reserve(1);
    this.bytes[this.length++] = value;
  }

  private reserve(more: number): void {
    const needed = this.length + more;
    if (needed <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(needed, this.bytes.length * 2));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }
}

/** "00" to "99": two digits per division. */
const DIGIT_PAIRS = ascii(
  Array.from({ length: 100 }, (_, i) => String(i).padStart(2, "0")).join(""),
);

/** The `count` decimal digits of a whole `value` < 10^8, zero-padded, written to end just before `end`. */
function writeDigits(bytes: Buffer, end: number, value: number, count: number): void {
  let rest = value | 0;
  // Two digits per division: half the divisions of one at a time.
  for (; count >= 2; count -= 2) {
    const quotient = (rest / 100) | 0;
    const pair = (rest - quotient * 100) << 1;
    bytes[--end] = DIGIT_PAIRS[pair + 1]!;
    bytes[--end] = DIGIT_PAIRS[pair]!;
    rest = quotient;
  }
  if (count === 1) bytes[end - 1] = ZERO + rest;
}

/** A fixed part of JSON text (ASCII), as bytes made once. */
export function ascii(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, "latin1"));
}
