import { calledRowsStatus } from "../language/compile/workflow-call";
import { CALL_SEPARATOR } from "../language/workflow-call";
import type { FinishedStepResult } from "../runtime/result";

/** How one instance of a fan-out step ended, as its result or `step_finished` event says. */
export interface InstanceEnd {
  status: string;
  /** Skipped as up to date: its outputs were newer than its inputs. */
  upToDate?: boolean;
  /** Reused from the run `--resume` resumed. */
  reusedFrom?: string;
}

/**
 * The instances of one fan-out step, counted by how they ended: the figure
 * of its summary row (and of its live line when none of them ran now), as
 * `5 instances: 2 ✓ 1 ✗ 1 skipped 1 not run` (↶ for the undone ones). An
 * instance that did not run now is counted for why, as a single step's row
 * says it: `up to date`, `reused` (`--resume`), `skipped` (its `when` was
 * false) — not among the successes, and a step whose every instance is up
 * to date reads `2 instances: 2 up to date`, not `0 ✓ 2 skipped`.
 */
export class InstanceTally {
  private ran = 0;
  private failed = 0;
  private undone = 0;
  private upToDate = 0;
  private reused = 0;
  private skipped = 0;
  private notRun = 0;

  add(end: InstanceEnd): void {
    if (end.upToDate) this.upToDate++;
    else if (end.reusedFrom !== undefined && end.status === "success") this.reused++;
    else if (end.status === "success") this.ran++;
    else if (end.status === "skipped") this.skipped++;
    else if (end.status === "rolled_back") this.undone++;
    else if (end.status === "not_run") this.notRun++;
    else this.failed++;
  }

  /** How many instances were counted. */
  get count(): number {
    return (
      this.ran +
      this.failed +
      this.undone +
      this.upToDate +
      this.reused +
      this.skipped +
      this.notRun
    );
  }

  /** Whether no instance ran now: each was up to date, reused or skipped (and there was one). */
  get noneRanNow(): boolean {
    return this.count > 0 && this.upToDate + this.reused + this.skipped === this.count;
  }

  /**
   * `2 instances: 1 ✓ 1 up to date`; `✓` leads unless the instances only did
   * not run now. `noun` names what was counted (`called step`: a call's steps).
   */
  text(noun = "instance"): string {
    const parts: string[] = [];
    if (this.ran > 0 || !this.noneRanNow) parts.push(`${this.ran} ✓`);
    if (this.failed > 0) parts.push(`${this.failed} ✗`);
    if (this.undone > 0) parts.push(`${this.undone} ↶`);
    if (this.upToDate > 0) parts.push(`${this.upToDate} up to date`);
    if (this.reused > 0) parts.push(`${this.reused} reused`);
    if (this.skipped > 0) parts.push(`${this.skipped} skipped`);
    if (this.notRun > 0) parts.push(`${this.notRun} not run`);
    return `${this.count} ${noun}${this.count === 1 ? "" : "s"}: ${parts.join(" ")}`;
  }
}

/**
 * The compact figure of a fan-out step's row in the summary: how its
 * instances (the rows right after it, `convert[0]`…) ended, see
 * {@link InstanceTally}; undefined for a step without instances. An
 * instance that called a workflow is counted as its call ended (see
 * `calledStatus`), not once per called step.
 */
export function fanOutFigure(
  results: readonly FinishedStepResult[],
  at: number,
): string | undefined {
  const prefix = `${results[at]!.stepId}[`;
  const tally = new InstanceTally();
  // An instance that calls a workflow has its called steps' rows before its own (`deploy[0]/bump`).
  let called: FinishedStepResult[] = [];
  for (let i = at + 1; i < results.length && results[i]!.stepId.startsWith(prefix); i++) {
    const row = results[i]!;
    if (row.stepId.includes(CALL_SEPARATOR, prefix.length)) {
      called.push(row);
      continue;
    }
    tally.add(called.length > 0 ? { ...row, status: calledRowsStatus(called, row.status) } : row);
    called = [];
  }
  return tally.count === 0 ? undefined : tally.text();
}
