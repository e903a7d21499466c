import { CALL_SEPARATOR } from "../language/workflow-call";
import type { ExecutionMetrics } from "./metrics";
import { StepStatus } from "./status";
import type { StepResult, WorkflowStep } from "./step";
import { callsWorkflow } from "./calling-step";

/**
 * The figures of a step that called a workflow: the call's, from the first
 * called step's start to the calling step's own end, as a fan-out step's
 * are its instances' span. The calling step does nothing itself but join the
 * steps it called (see `WorkflowCallStep`): its own measurement, a fraction
 * of a millisecond and a few KB of heap, said "0.9 ms" of a call that took
 * seconds. Its CPU and memory are its called steps', each on its own row.
 *
 * @param results the run's results by step index; the called steps (named
 *   `<id>/…`, nested calls too) are the ones right before the calling step.
 * A call none of whose steps ran (each reused by `--resume`, up to date, or
 * not run) spans only its own joining, with no CPU or memory of its own
 * either: its heap growth said "+9.4 KB heap" of a call that did nothing.
 *
 * @returns undefined for a step that is no call.
 */
export function callSpan(
  step: WorkflowStep,
  at: number,
  metrics: ExecutionMetrics,
  steps: readonly WorkflowStep[],
  results: readonly (StepResult | undefined)[],
): ExecutionMetrics | undefined {
  if (!callsWorkflow(step.id, step.needs, step.effectFree)) return undefined;
  const prefix = step.id + CALL_SEPARATOR;
  let start = Infinity;
  // Its own end is read to the millisecond, a called step's finer: the call ends no earlier than they.
  let end = metrics.endTime;
  for (let j = at - 1; j >= 0 && steps[j]!.id.startsWith(prefix); j--) {
    const called = results[j];
    // A `for_each` step ran no attempt of its own, but its figures are its instances' span.
    if (!called || (called.attempts === 0 && !ranInstances(steps[j]!, called))) continue;
    start = Math.min(start, called.metrics.startTime);
    end = Math.max(end, called.metrics.endTime);
  }
  if (start === Infinity)
    return figuresOfCall(metrics.startTime, metrics.endTime, metrics.durationMs);
  const endTime = Math.max(end, start);
  return figuresOfCall(start, endTime, endTime - start);
}

/** A call's figures: its time; its CPU and memory are its called steps', on their own rows. */
function figuresOfCall(startTime: number, endTime: number, durationMs: number): ExecutionMetrics {
  return { startTime, endTime, durationMs, cpuUserMs: 0, cpuSystemMs: 0, peakMemoryBytes: 0 };
}

/** Whether `step` is a `for_each` step whose instances ran: its result spans theirs. */
function ranInstances(step: WorkflowStep, result: StepResult): boolean {
  return (
    step.fanOut !== undefined &&
    result.status !== StepStatus.SKIPPED &&
    result.status !== StepStatus.NOT_RUN
  );
}
