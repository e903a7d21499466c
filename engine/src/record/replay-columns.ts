import type { ExecutionMetrics } from "../runtime/metrics";
import { STEP_STATUSES, type StepStatus } from "../runtime/status";

/** The intent of the step was recorded (`step_started`). */
export const STARTED = 1;
/** The step was started after the run failed, to handle it. */
export const AFTER_FAILURE = 2;

/**
 * The order of a step that has not finished (or started): after every real
 * one. A small integer rather than Infinity, so a field holds no boxed number.
 */
export const NOT_YET = 2 ** 30 - 1;

/** A status as a small code (0: none yet), so a column of them is bytes. */
const STATUS_CODES = new Map<string, number>(STEP_STATUSES.map((s, i) => [s, i + 1]));
const SUCCESS_CODE = STATUS_CODES.get("success")!;

/**
 * What the replay knows of the steps it has made no object for yet, one
 * array of small integers per field: a step that only started and finished
 * (most steps) costs a few array slots instead of an object the garbage
 * collector copies for as long as the run lasts. A run of 100,000 no-op steps
 * spent a third of its time copying such objects (one per step, made when the
 * run started). The replay makes a step's object when someone asks for it or
 * when an event says more than these fields hold.
 *
 * Plain arrays, not typed ones: V8 keeps small integers in them unboxed, and
 * an array past 128 KB lives where the young collections never copy it; the
 * six ArrayBuffers typed arrays need per run cost a 10,000-step run in the
 * bench more than the objects saved (`bench --quick`, same machine, A/B).
 */
export class ReplayColumns {
  private capacity = 0;
  /** {@link STARTED} and {@link AFTER_FAILURE}. */
  flags: number[] = [];
  attemptsStarted: number[] = [];
  attempts: number[] = [];
  /** {@link statusCode}s. */
  statuses: number[] = [];
  finishOrder: number[] = [];
  startOrder: number[] = [];
  /** Objects, so a plain array: its stores are pointers to what the run keeps anyway. */
  metrics: (ExecutionMetrics | undefined)[] = [];

  /** Room for `count` steps; a step's fields start as those of one the journal has said nothing of. */
  ensure(count: number): void {
    if (count > this.capacity) this.grow(count);
  }

  private grow(count: number): void {
    const capacity = Math.max(count, this.capacity * 2, 16);
    this.flags = grown(this.flags, capacity, 0);
    this.attemptsStarted = grown(this.attemptsStarted, capacity, 0);
    this.attempts = grown(this.attempts, capacity, 0);
    this.statuses = grown(this.statuses, capacity, 0);
    this.finishOrder = grown(this.finishOrder, capacity, NOT_YET);
    this.startOrder = grown(this.startOrder, capacity, NOT_YET);
    this.capacity = capacity;
    // Made whole, not grown by stores: a step may finish before those declared before it (concurrency).
    const metrics = new Array<ExecutionMetrics | undefined>(capacity).fill(undefined);
    for (let i = 0; i < this.metrics.length; i++) metrics[i] = this.metrics[i];
    this.metrics = metrics;
  }

  /** The status of step `index`, if it has one. */
  status(index: number): StepStatus | undefined {
    const code = this.statuses[index]!;
    return code === 0 ? undefined : STEP_STATUSES[code - 1];
  }
}

/** The code of a status the columns can hold; undefined for one they cannot (a damaged journal's). */
export function statusCode(status: string): number | undefined {
  // Nearly every step ends so: no map lookup for it.
  return status === "success" ? SUCCESS_CODE : STATUS_CODES.get(status);
}

/** A count a column can hold: a whole number from 0 to 2^31 − 1 (a damaged journal may say anything). */
export function isColumnCount(n: unknown): n is number {
  return typeof n === "number" && (n | 0) === n && n >= 0;
}

/** `old`, then `fill` up to `capacity`. */
function grown(old: number[], capacity: number, fill: number): number[] {
  const into = new Array<number>(capacity).fill(fill);
  for (let i = 0; i < old.length; i++) into[i] = old[i]!;
  return into;
}
