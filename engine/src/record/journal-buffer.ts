import type { JournalEvent, StepFinishedEvent, StepRolledBackEvent } from "./journal-event";
import { ascii, JsonBytes } from "./json-bytes";
import { journalLine } from "./journal-line";
import { writeMetricsFromStartTime } from "./metrics-bytes";
import { writeRunStarted } from "./run-started-bytes";
import { processWarm } from "../runtime/process-warmth";
import { KeptMetricsBytes } from "./kept-metrics-bytes";
import { outcomeTime, plainOutcomeEvent, type PlainOutcome } from "./plain-outcome";
import type { ExecutionMetrics } from "../runtime/metrics";

// The fixed parts of the two lines every step writes, as bytes once.
const STARTED_TIME = ascii('{"type":"step_started","time":');
const FINISHED_TIME = ascii('{"type":"step_finished","time":');
const STEP = ascii(',"step":');
const ATTEMPT = ascii(',"attempt":');
const STATUS = ascii(',"status":');
const ATTEMPTS = ascii(',"attempts":');
const METRICS = ascii(',"metrics":{"startTime":');
// What most steps write between their id and their figures, and after their attempt: one copy each.
const SUCCESS_ONCE_METRICS = ascii(',"status":"success","attempts":1,"metrics":{"startTime":');
const FIRST_ATTEMPT_END = ascii(',"attempt":1}');
const ERROR = ascii(',"error":');
const LOG = ascii(',"log":');
const FINGERPRINT = ascii(',"fingerprint":');
const AFTER_FAILURE = ascii(',"afterFailure":true');
const ROLLED_BACK_TIME = ascii('{"type":"step_rolled_back","time":');
const DURATION = ascii(',"durationMs":');
// What nearly every undo writes between its id and its duration: one copy.
const ROLLED_BACK_DURATION = ascii(',"status":"rolled_back","durationMs":');

const CLOSE = 0x7d;
const NEWLINE = 0x0a;

/**
 * Journal lines appended as bytes into one reused buffer, ready for one
 * `writeSync`. The two lines every step writes (its intent and its plain
 * outcome) and the line of each undo are encoded field by field, byte for
 * byte what `JSON.stringify` gives, with no string made on the way (no number
 * or line strings for the garbage collector), and so is the run's first
 * line's step list (see {@link writeRunStarted}); any other event goes
 * through {@link journalLine}.
 */
export class JournalBuffer {
  /**
   * The bytes, held rather than inherited: every JsonBytes then has one shape
   * (the result file's encoder uses them too), so its methods stay monomorphic.
   */
  private readonly out = new JsonBytes();

  /**
   * @param byHand encode the lines field by field, as above; false: as
   *   strings through {@link journalLine} (the same bytes). The byte encoder
   *   is the cheaper once the JIT has compiled it; in a process's first run
   *   it runs in the interpreter and is compiled on the way, which costs that
   *   run more than the strings do (see process-warmth.ts; valgrind, a first
   *   run of 1,000 recorded steps: 7% fewer instructions on the main thread
   *   and 45% less optimizing-compiler work through the strings).
   */
  constructor(private readonly byHand = processWarm()) {}

  /** Where the step lines' metrics bytes are kept, from {@link keepMetrics} on. */
  private kept: KeptMetricsBytes | undefined;

  /** The metrics bytes kept since {@link keepMetrics}, if it was called. */
  get keptMetrics(): KeptMetricsBytes | undefined {
    return this.kept;
  }

  /**
   * Keeps, from now on, the bytes of each step line's metrics (lines encoded
   * by hand only) for the run's `result.json` (see {@link KeptMetricsBytes}),
   * with room for `steps` steps.
   */
  keepMetrics(steps: number): KeptMetricsBytes | undefined {
    if (this.byHand) this.kept ??= new KeptMetricsBytes(steps);
    return this.kept;
  }

  /** Stops keeping them, and lets the ones kept go. */
  dropKeptMetrics(): void {
    this.kept = undefined;
  }

  /** Bytes in use. */
  get length(): number {
    return this.out.length;
  }

  /** Appends `event` as one line, newline included. */
  append(event: JournalEvent): void {
    if (!this.byHand) this.out.text(journalLine(event));
    else if (event.type === "step_started" && event.undo === undefined)
      started(this.out, event.time, event.step, event.attempt, event.afterFailure === true);
    else if (event.type === "step_finished" && isPlainFinished(event)) {
      finished(this.out, event, this.kept);
    } else if (event.type === "step_rolled_back" && isPlainRolledBack(event))
      rolledBack(this.out, event);
    else if (event.type !== "run_started" || !writeRunStarted(this.out, event))
      this.out.text(journalLine(event));
    this.out.byte(NEWLINE);
  }

  /** Appends a plain intent (no undo, not after a failure) as one line: no event object made for it. */
  appendStarted(step: string, time: number, attempt: number): void {
    if (this.byHand) started(this.out, time, step, attempt, false);
    else this.out.text(journalLine({ type: "step_started", time, step, attempt }));
    this.out.byte(NEWLINE);
  }

  /** Appends a {@link PlainOutcome} as its `step_finished` line: no event object made for it. */
  appendOutcome(outcome: PlainOutcome): void {
    const o = outcome;
    if (this.byHand) {
      finishedLine(this.out, outcomeTime(o), o.stepId, o.status, o.attempts, o.metrics, this.kept);
      this.out.byte(CLOSE);
    } else this.out.text(journalLine(plainOutcomeEvent(outcome)));
    this.out.byte(NEWLINE);
  }

  /** Appends bytes as they are: lines encoded before (see `JournalWriter.slimDeferred`). */
  appendBytes(bytes: Uint8Array): void {
    this.out.raw(bytes);
  }

  /** Appends a newline: the next line must not continue a line a dead writer left half-written. */
  newline(): void {
    this.out.byte(NEWLINE);
  }

  /** The bytes in use (a view, valid until the next append or clear). */
  view(): Buffer {
    return this.out.view();
  }

  /** The buffer the bytes in use start in, for a write of the first `length` bytes without a view object. */
  backing(): Buffer {
    return this.out.backing();
  }

  /** Forgets the bytes; the buffer is kept for the next lines. */
  clear(): void {
    this.out.clear();
  }
}

/** A step_started line's fields (a plain intent and an event alike: see {@link JournalBuffer.appendStarted}). */
function started(
  out: JsonBytes,
  time: number,
  step: string,
  attempt: number,
  afterFailure: boolean,
): void {
  out.raw(STARTED_TIME);
  out.number(time);
  out.raw(STEP);
  out.string(step);
  if (attempt === 1 && !afterFailure) {
    out.raw(FIRST_ATTEMPT_END);
    return;
  }
  out.raw(ATTEMPT);
  out.number(attempt);
  // Only a handler started after a failure has it: other steps write nothing more.
  if (afterFailure) out.raw(AFTER_FAILURE);
  out.byte(CLOSE);
}

/**
 * A step_finished line up to the end of its figures, unclosed: its time,
 * id, status, attempts and metrics (a plain outcome's line whole, once closed).
 */
function finishedLine(
  out: JsonBytes,
  time: number,
  step: string,
  status: string,
  attempts: number,
  metrics: ExecutionMetrics,
  kept: KeptMetricsBytes | undefined,
): void {
  out.raw(FINISHED_TIME);
  out.number(time);
  out.raw(STEP);
  out.string(step);
  if (status === "success" && attempts === 1) out.raw(SUCCESS_ONCE_METRICS);
  else {
    out.raw(STATUS);
    out.string(status);
    out.raw(ATTEMPTS);
    out.number(attempts);
    out.raw(METRICS);
  }
  const metricsStart = out.length;
  writeMetricsFromStartTime(out, metrics);
  kept?.keep(metrics, out.backing(), metricsStart, out.length);
}

function finished(out: JsonBytes, e: StepFinishedEvent, kept: KeptMetricsBytes | undefined): void {
  finishedLine(out, e.time, e.step, e.status, e.attempts, e.metrics, kept);
  if (e.error !== undefined) {
    out.raw(ERROR);
    out.string(e.error);
  }
  if (e.log !== undefined) {
    out.raw(LOG);
    out.string(e.log);
  }
  if (e.fingerprint !== undefined) {
    out.raw(FINGERPRINT);
    out.string(e.fingerprint);
  }
  out.byte(CLOSE);
}

function rolledBack(out: JsonBytes, e: StepRolledBackEvent): void {
  out.raw(ROLLED_BACK_TIME);
  out.number(e.time);
  out.raw(STEP);
  out.string(e.step);
  if (e.status === "rolled_back") out.raw(ROLLED_BACK_DURATION);
  else {
    out.raw(STATUS);
    out.string(e.status);
    out.raw(DURATION);
  }
  out.number(e.durationMs);
  if (e.error !== undefined) {
    out.raw(ERROR);
    out.string(e.error);
  }
  out.byte(CLOSE);
}

/**
 * A step_rolled_back event whose fields are the plain ones the buffer encodes
 * by hand: the others (a resumed run's undo, a given-up one, one found done on
 * its worker) are rare, and go through `journalLine` whole.
 */
function isPlainRolledBack(e: StepRolledBackEvent): boolean {
  return (
    e.earlierUndone === undefined &&
    e.undoneBeforeFailing === undefined &&
    e.givenUp === undefined &&
    e.foundUndoneOn === undefined
  );
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
    e.neverStarted === undefined
  );
}
