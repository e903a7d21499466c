import type { StepStatus } from "./status";

/**
 * Where a run keeps how each of its steps has ended so far, by step index:
 * one array store per step. A condition that reads `steps.x.status` looks
 * the id up through an index built on the first such read (and kept up to
 * date after), so a run whose conditions read nothing never builds one — a
 * map of every id, set step by step, was the largest single cost of a
 * no-op step.
 */
export class StepStatusTable {
  /** Made as long as the run's step list: a store per step, no growing copy of the array. */
  private readonly statuses: StepStatus[];
  private index: Map<string, number> | undefined;

  /**
   * @param count the steps known when the run starts (more may come: fan-out instances).
   * @param idOf the id of step `index`, read only to build the index: the run's step list
   *   has them, so the table keeps none of its own (a store per step less).
   */
  constructor(
    count: number,
    private readonly idOf: (index: number) => string,
  ) {
    this.statuses = new Array<StepStatus>(count);
  }

  /** Step `index` (`stepId`) ended with `status`. */
  set(index: number, stepId: string, status: StepStatus): void {
    this.statuses[index] = status;
    this.index?.set(stepId, index);
  }

  /** How the step ended, or undefined when it has not ended (or is not a step of this run). */
  statusOf(stepId: string): StepStatus | undefined {
    const index = (this.index ??= this.buildIndex()).get(stepId);
    return index === undefined ? undefined : this.statuses[index];
  }

  private buildIndex(): Map<string, number> {
    const index = new Map<string, number>();
    // forEach passes over the holes of steps not ended
    this.statuses.forEach((_, i) => index.set(this.idOf(i), i));
    return index;
  }
}
