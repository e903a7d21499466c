import { ReadyQueue } from "./ready-queue";
import type { StepOptions, WorkflowStep } from "./step";

/**
 * How a step ended, as far as the steps that need it care: `tolerated` is a
 * failure the run goes on after (`continue_on_error`), which blocks the
 * steps that need it but not one that only joins it (see
 * {@link StepOptions.joinsToleratedFailures}).
 */
export type StepEnd = "done" | "blocked" | "tolerated";

/**
 * A step whose action is still running, handed back by a start so that the
 * scheduler awaits the action itself: one await per step, no async frame or
 * promise of the engine's around the step's own. An interface, not a base
 * class: the one attempt of a step is also what its action is handed (see
 * step-runner.ts), one object per step rather than two.
 */
export interface RunningStep {
  /** What the step's action will give. */
  readonly action: PromiseLike<unknown>;

  /** The action settled with `value` (what it threw, when `threw`): how the step ended. Must not throw. */
  settle(value: unknown, threw: boolean): StepEnd | Promise<StepEnd>;

  /**
   * The monotonic clock reading (`performance.now()`) the step's end was
   * measured at, once {@link settle} said how it ended; NaN when it read none.
   */
  readonly endMono: number;
}

/** How a start left a step: ended already, ending, or with its action still running. */
export type StepStart = StepEnd | Promise<StepEnd> | RunningStep;

/** Whether a start handed back a step whose action still runs (a promise of the engine's has no `settle`). */
export function isRunning(start: StepStart): start is RunningStep {
  return typeof start === "object" && "settle" in start;
}

/** How a started step ends, as a value or one promise. */
export function whenEnded(start: StepStart): StepEnd | Promise<StepEnd> {
  if (!isRunning(start)) return start;
  return Promise.resolve(start.action).then(
    (value) => start.settle(value, false),
    (error: unknown) => start.settle(error, true),
  );
}

/**
 * The dependency scheduler: starts every step whose needs are done, in
 * declaration order, never more than `concurrency` at once. A step that fails
 * or is not run blocks everything that (transitively) needs it — except a
 * step that `runsAfterFailure`, which waits only until its needs have ended,
 * however they ended. `stop()` (a failure) lets the running steps finish and
 * starts nothing new but such steps; `halt()` (a cancellation) starts nothing.
 * When nothing runs and nothing can start, the steps left will never run:
 * they are reported to `neverRuns`, and the steps that run after a failure
 * and need them become due. A halt comes before that: the steps a failure
 * had blocked by then (a `continue_on_error` failure the run went on after,
 * while other steps ran) are reported at once, not those the halt stops.
 */
export class Scheduler {
  private readonly unmet: Int32Array;
  private readonly dependents: (number[] | undefined)[];
  private readonly ready = new ReadyQueue();
  private running = 0;
  private stopped = false;
  private halted = false;
  /** Steps started, or known never to run. */
  private readonly ended: Uint8Array;
  /** Steps a failure blocked, known before the sweep reports them (see {@link block}); made at the first. */
  private blockedEarly: Uint8Array | undefined;

  constructor(
    private readonly steps: readonly WorkflowStep[],
    private readonly concurrency: number,
    /**
     * Runs step `index`; says (or resolves with) how it ended, or hands back its running action. Must not reject.
     * `startMono`: a monotonic reading the step may take as its start (see {@link runChain}); NaN: none.
     */
    private readonly start: (index: number, startMono: number) => StepStart,
    /** Told each step that will never start, once nothing else can. */
    private readonly neverRuns: (index: number) => void = () => {},
  ) {
    this.ended = new Uint8Array(steps.length);
    let index: Map<string, number> | undefined; // built only if some step has needs
    this.unmet = new Int32Array(steps.length);
    this.dependents = new Array<number[] | undefined>(steps.length);
    steps.forEach((step, i) => {
      const needs = step.needs;
      if (needs && needs.length > 0) {
        for (const need of needs.length > 1 ? new Set(needs) : needs) {
          index ??= new Map(steps.map((s, k) => [s.id, k]));
          const j = index.get(need);
          if (j === undefined) continue;
          this.unmet[i]!++;
          (this.dependents[j] ??= []).push(i);
        }
      }
      if (this.unmet[i] === 0) this.ready.push(i);
    });
  }

  /** Starts nothing new but the steps that run after a failure; running steps finish. */
  stop(): void {
    this.stopped = true;
  }

  /**
   * Starts nothing new at all; running steps finish. Reports to `neverRuns`
   * the steps a failure blocked before (no sweep comes after a halt): what
   * stopped the run (a timeout, Ctrl+C) did not keep them from starting.
   */
  halt(): void {
    this.stopped = true;
    this.halted = true;
    const blocked = this.blockedEarly;
    if (blocked === undefined) return;
    for (let i = 0; i < blocked.length; i++) {
      if (blocked[i] === 0 || this.ended[i]) continue;
      this.ended[i] = 1;
      this.neverRuns(i);
    }
  }

  /** Runs until every reachable step ended (or the scheduler was stopped and running steps ended). */
  run(): Promise<void> {
    return this.concurrency === 1 ? this.runChain() : this.runPool();
  }

  /**
   * One step at a time: a loop with one await per step — on the step's own
   * action when the start hands it back, none for a step that ended at once
   * — and no promise chain or closure per step. A step that follows the end
   * of the one before with nothing awaited in between starts at the reading
   * that end was measured at: what lies between is the engine's bookkeeping
   * of a microsecond or so, and a clock read costs a tenth to a fifth of
   * that on a virtual machine (one read per step instead of two).
   */
  private async runChain(): Promise<void> {
    do {
      /** The last step's end reading, while nothing was awaited since (NaN: none). */
      let endMono = NaN;
      while (!this.halted && this.ready.size > 0) {
        const i = this.ready.pop();
        // Stopped: a step left out here never runs (the sweep reports it).
        if (this.stopped && !this.steps[i]!.runsAfterFailure) continue;
        this.ended[i] = 1;
        this.running++;
        const started = this.start(i, endMono);
        endMono = NaN;
        let end: StepEnd | Promise<StepEnd>;
        if (isRunning(started)) {
          let value: unknown;
          let threw = false;
          try {
            value = await started.action;
          } catch (error) {
            value = error;
            threw = true;
          }
          end = started.settle(value, threw);
          endMono = started.endMono;
        } else end = started;
        if (typeof end !== "string") {
          end = await end;
          endMono = NaN;
        }
        this.running--;
        this.settle(i, end);
      }
    } while (this.sweep());
  }

  private runPool(): Promise<void> {
    return new Promise((resolve) => {
      const pump = (): void => {
        while (!this.halted && this.running < this.concurrency && this.ready.size > 0) {
          const i = this.ready.pop();
          // Stopped: a step left out here never runs (the sweep below reports it).
          if (this.stopped && !this.steps[i]!.runsAfterFailure) continue;
          this.ended[i] = 1;
          this.running++;
          void Promise.resolve(whenEnded(this.start(i, NaN))).then((end) => {
            this.running--;
            this.settle(i, end);
            pump();
          });
        }
        if (this.running === 0 && !this.sweep()) resolve();
        else if (this.running === 0) pump();
      };
      pump();
    });
  }

  private settle(i: number, end: StepEnd): void {
    const dependents = this.dependents[i];
    // Most steps have none: no empty array made per step to loop over.
    if (dependents === undefined) return;
    for (const j of dependents) {
      // A blocked step's dependents never become ready, but for those that run after a failure
      // (and, for a failure the run goes on after, those that only join it).
      if (end !== "done" && !this.unblockedBy(end, this.steps[j]!)) {
        this.block(j);
        continue;
      }
      if (--this.unmet[j]! === 0) this.ready.push(j);
    }
  }

  /**
   * Notes that step `j` will never run, a need of it having ended so, and so
   * every step that needs it, but those that run after a failure. Not after
   * a halt: a step ending then was stopped by it, and so were its dependents.
   */
  private block(j: number): void {
    if (this.halted) return;
    const blocked = (this.blockedEarly ??= new Uint8Array(this.steps.length));
    const stack = [j];
    while (stack.length > 0) {
      const k = stack.pop()!;
      if (blocked[k]) continue;
      blocked[k] = 1;
      for (const d of this.dependents[k] ?? []) if (!this.steps[d]!.runsAfterFailure) stack.push(d);
    }
  }

  /** Whether `step` may still run after a need of it ended `end` (not `done`). */
  private unblockedBy(end: StepEnd, step: WorkflowStep): boolean {
    return step.runsAfterFailure === true || (end === "tolerated" && joins(step));
  }

  /**
   * Nothing runs and nothing can start: every step not started will never
   * run. Reports them and settles them as blocked, which makes due the steps
   * that run after a failure and need them. True when one became due.
   */
  private sweep(): boolean {
    if (this.halted) return false;
    const before = this.ready.size;
    this.steps.forEach((step, i) => {
      if (this.ended[i] || step.runsAfterFailure) return;
      this.ended[i] = 1;
      this.neverRuns(i);
      this.settle(i, "blocked");
    });
    return this.ready.size > before;
  }
}

function joins(step: StepOptions): boolean {
  return step.joinsToleratedFailures === true;
}
