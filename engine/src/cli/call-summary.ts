import { calledRowsStatus } from "../language/compile/workflow-call";
import { CALL_SEPARATOR } from "../language/workflow-call";
import type { FinishedStepResult } from "../runtime/result";
import { StepStatus } from "../runtime/status";
import { InstanceTally } from "./fan-out-summary";

/**
 * The note of a calling step's summary row when the call ended otherwise
 * than its own row says: the row says the call completed (`success`), and
 * after a rollback undid its steps, `2 called steps: 2 ↶` tells why the run
 * is rolled back though the row reads success. A call that failed or was
 * cancelled always has it: `2 called steps: 0 ✓ 1 ✗ 1 ↶` says which of its
 * steps did. Undefined for a step that called nothing, or whose row says
 * how its call ended.
 */
export function callFigure(results: readonly FinishedStepResult[], at: number): string | undefined {
  const row = results[at]!;
  const prefix = `${row.stepId}${CALL_SEPARATOR}`;
  const tally = new InstanceTally();
  const rows: FinishedStepResult[] = [];
  // A call's steps have their rows right before its own (`release/bump`, `release/tag`, `release`).
  for (let i = at - 1; i >= 0 && results[i]!.stepId.startsWith(prefix); i--) {
    const called = results[i]!;
    // Its own steps only: not a nested call's (`release/tag/push`), nor a fan-out's instances.
    if (!isOwnStep(called.stepId.slice(prefix.length))) continue;
    tally.add(called);
    rows.push(called);
  }
  if (tally.count === 0) return undefined;
  // A call that failed or was cancelled: its note says which called steps, as a fan-out's row does.
  if (!ENDED_PART_WAY.has(row.status) && calledRowsStatus(rows, row.status) === row.status)
    return undefined;
  return tally.text("called step");
}

const ENDED_PART_WAY: ReadonlySet<StepStatus> = new Set([StepStatus.FAILED, StepStatus.CANCELLED]);

function isOwnStep(rest: string): boolean {
  return !rest.includes(CALL_SEPARATOR) && !rest.includes("[");
}
