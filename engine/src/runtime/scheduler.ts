import { IndexHeap } from "./graph";
import type { WorkflowStep } from "./step";

/** How a step ended, as far as the steps that need it care. */
export type StepEnd = "done" | "blocked";

/**
 * The dependency scheduler: starts every step whose needs are done, in
 * declaration order, never more than `concurrency` at once. A step that fails
 * or is not run blocks everything that (transitively) needs it. `stop()` lets
 * the running steps finish and starts nothing new.
 */
export class Scheduler {
  private readonly unmet: Int32Array;
  private readonly dependents: (number[] | undefined)[];
  private readonly ready = new IndexHeap();
  private running = 0;
  private stopped = false;

  constructor(
    private readonly steps: readonly WorkflowStep[],
    private readonly concurrency: number,
    /** Runs step `index`; says (or resolves with) how it ended. Must not reject. */
    private readonly start: (index: number) => StepEnd | Promise<StepEnd>,
  ) {
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

  /** Starts nothing new; running steps finish. */
  stop(): void {
    this.stopped = true;
  }

  /** Runs until every reachable step ended (or the scheduler was stopped and running steps ended). */
  run(): Promise<void> {
    return this.concurrency === 1 ? this.runChain() : this.runPool();
  }

  /** One step at a time: a loop with one await per step, no promise chain or closure per step. */
  private async runChain(): Promise<void> {
    while (!this.stopped && this.ready.size > 0) {
      const i = this.ready.pop();
      this.running++;
      const end = await this.start(i);
      this.running--;
      this.settle(i, end);
    }
  }

  private runPool(): Promise<void> {
    return new Promise((resolve) => {
      const pump = (): void => {
        while (!this.stopped && this.running < this.concurrency && this.ready.size > 0) {
          const i = this.ready.pop();
          this.running++;
          void Promise.resolve(this.start(i)).then((end) => {
            this.running--;
            this.settle(i, end);
            pump();
          });
        }
        if (this.running === 0) resolve();
      };
      pump();
    });
  }

  private settle(i: number, end: StepEnd): void {
    if (end === "done") {
      for (const j of this.dependents[i] ?? []) if (--this.unmet[j]! === 0) this.ready.push(j);
    }
    // A blocked step's dependents never become ready: they stay not_run.
  }
}
