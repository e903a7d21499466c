import type { ExecutionMetrics } from "../runtime/metrics";
import type { JournalEvent, StepFinishedEvent, StepStartedEvent } from "./journal-event";
import { journalLine } from "./journal-line";

/** Room for a few lines: most writes are one intent and the outcome before it. */
const INITIAL_BYTES = 4096;

// The fixed parts of the two lines every step writes, as bytes once.
const STARTED_TIME = ascii('{"type":"step_started","time":');
const FINISHED_TIME = ascii('{"type":"step_finished","time":');
const STEP = ascii(',"step":');
const ATTEMPT = ascii(',"attempt":');
const STATUS = ascii(',"status":');
const ATTEMPTS = ascii(',"attempts":');
const METRICS_START = ascii(',"metrics":{"startTime":');
const END_TIME = ascii(',"endTime":');
const DURATION = ascii(',"durationMs":');
const CPU_USER = ascii(',"cpuUserMs":');
const CPU_SYSTEM = ascii(',"cpuSystemMs":');
const PEAK = ascii(',"peakMemoryBytes":');
const MEMORY_KIND = ascii(',"memory":{"kind":');
const BYTES = ascii(',"bytes":');
const ERROR = ascii(',"error":');
const LOG = ascii(',"log":');
const FINGERPRINT = ascii(',"fingerprint":');
const NULL = ascii("null");

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const CLOSE = 0x7d;
const NEWLINE = 0x0a;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;

/**
 * Journal lines appended as bytes into one reused buffer, ready for one
 * `writeSync`. The two lines every step writes (its intent and its plain
 * outcome) are encoded field by field, byte for byte what `JSON.stringify`
 * gives, with no string made on the way (no number or line strings for the
 * garbage collector); any other event, and any text or number outside the
 * plain cases, goes through {@link journalLine}.
 */
export class JournalBuffer {
  private bytes = Buffer.allocUnsafe(INITIAL_BYTES);
  /** Bytes in use. */
  length = 0;

  /** Appends `event` as one line, newline included. */
  append(event: JournalEvent): void {
    if (event.type === "step_started" && event.undo === undefined) this.started(event);
    else if (event.type === "step_finished" && isPlainFinished(event)) this.finished(event);
    else this.text(journalLine(event));
    this.byte(NEWLINE);
  }

  /** Appends a newline: the next line must not continue a line a dead writer left half-written. */
  newline(): void {
    this.byte(NEWLINE);
  }

  /** The bytes in use (a view, valid until the next append or clear). */
  view(): Buffer {
    return this.bytes.subarray(0, this.length);
  }

  /** Forgets the bytes; the buffer is kept for the next lines. */
  clear(): void {
    this.length = 0;
  }

  private started(e: StepStartedEvent): void {
    this.raw(STARTED_TIME);
    this.number(e.time);
    this.raw(STEP);
    this.string(e.step);
    this.raw(ATTEMPT);
    this.number(e.attempt);
    this.byte(CLOSE);
  }

  private finished(e: StepFinishedEvent): void {
    this.raw(FINISHED_TIME);
    this.number(e.time);
    this.raw(STEP);
    this.string(e.step);
    this.raw(STATUS);
    this.string(e.status);
    this.raw(ATTEMPTS);
    this.number(e.attempts);
    this.metrics(e.metrics);
    if (e.error !== undefined) {
      this.raw(ERROR);
      this.string(e.error);
    }
    if (e.log !== undefined) {
      this.raw(LOG);
      this.string(e.log);
    }
    if (e.fingerprint !== undefined) {
      this.raw(FINGERPRINT);
      this.string(e.fingerprint);
    }
    this.byte(CLOSE);
  }

  private metrics(m: ExecutionMetrics): void {
    this.raw(METRICS_START);
    this.number(m.startTime);
    this.raw(END_TIME);
    this.number(m.endTime);
    this.raw(DURATION);
    this.number(m.durationMs);
    this.raw(CPU_USER);
    this.number(m.cpuUserMs);
    this.raw(CPU_SYSTEM);
    this.number(m.cpuSystemMs);
    this.raw(PEAK);
    this.number(m.peakMemoryBytes);
    const memory = m.memory;
    if (memory !== undefined) {
      this.raw(MEMORY_KIND);
      this.string(memory.kind);
      this.raw(BYTES);
      this.number(memory.bytes);
      this.byte(CLOSE);
    }
    this.byte(CLOSE);
  }

  /**
   * A number as `JSON.stringify` writes it. Whole numbers and numbers of at
   * most three decimals below 2^31 (the engine's milliseconds, kept to the
   * microsecond) are written digit by digit; any other through `String`.
   */
  private number(n: number): void {
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

  /** A string as `JSON.stringify` writes it: printable ASCII directly, anything else through it. */
  private string(s: string): void {
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

  private text(s: string): void {
    this.reserve(Buffer.byteLength(s));
    this.length += this.bytes.write(s, this.length, "utf8");
  }

  private raw(part: Uint8Array): void {
    const n = part.length;
    this.reserve(n);
    const bytes = this.bytes;
    const at = this.length;
    // A loop, not Buffer#copy: the parts are a few bytes, shorter than a call into C++ is worth.
    for (let i = 0; i < n; i++) bytes[at + i] = part[i]!;
    this.length = at + n;
  }

  private byte(value: number): void {
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

/** A step_finished event whose fields are the plain ones the buffer encodes by hand. */
function isPlainFinished(e: StepFinishedEvent): boolean {
  return (
    e.output === undefined &&
    e.rollbackData === undefined &&
    e.undo === undefined &&
    e.reusedFrom === undefined &&
    e.changedSince === undefined &&
    e.upToDate === undefined &&
    e.reason === undefined &&
    e.worker === undefined &&
    e.afterFailure === undefined &&
    e.metrics.child === undefined
  );
}

function ascii(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, "latin1"));
}
