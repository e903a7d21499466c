import { CALL_SEPARATOR } from "../language/workflow-call";
import { isMeasured, type ExecutionMetrics } from "./metrics";
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

/** A row of a run's result as {@link spanUnjoinedCalls} reads and gives it. */
export interface CallRow {
  status: string;
  attempts: number;
  metrics: ExecutionMetrics;
}

/**
 * Gives each call that ran but never joined — its calling step never
 * started, as a called step failed or was cancelled (its row reads so, see
 * `JournalReplay.unstartedStatus`) — the figures of the call it ran, as a
 * joined call's are (see {@link callSpan}): one try (a calling step takes
 * no `retries`: its called steps' tries are on their rows) and its time,
 * from its first called step's start to its last one's end. Its rows said
 * 0 tries and no time of a call that ran. A call one of whose called steps
 * the run never timed to an end (killed, or given up) has no time (`—`):
 * its end is not known.
 *
 * A row is such a call when it ended `failed` or `cancelled` with no try
 * and rows named `<its id>/…` ran (nested calls' steps and `for_each`
 * instances too, wherever they stand among `rows`): only a calling step's
 * called steps are so named. Rows that are such calls are replaced, others
 * left as they are.
 */
export function spanUnjoinedCalls<T extends CallRow>(rows: T[], idOf: (row: T) => string): void {
  let spans: Map<string, CalledSpan> | undefined;
  for (const row of rows)
    if (row.attempts === 0 && ENDED_IN_CALL.has(row.status))
      (spans ??= new Map()).set(idOf(row), new CalledSpan());
  if (!spans) return;
  for (const row of rows) {
    // A `for_each` step ran no attempt of its own: its instances are rows too.
    if (row.attempts === 0) continue;
    const id = idOf(row);
    for (let cut = id.indexOf(CALL_SEPARATOR); cut >= 0; cut = id.indexOf(CALL_SEPARATOR, cut + 1))
      spans.get(id.slice(0, cut))?.add(row.metrics);
  }
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const metrics = row.attempts === 0 ? spans.get(idOf(row))?.figures() : undefined;
    if (metrics) rows[i] = { ...row, attempts: 1, metrics };
  }
}

/** How a call ended that its calling step never joined (see `JournalReplay.unstartedStatus`). */
const ENDED_IN_CALL: ReadonlySet<string> = new Set([StepStatus.FAILED, StepStatus.CANCELLED]);

/** The span of the called steps that ran, as they are added. */
class CalledSpan {
  private start = Infinity;
  private end = -Infinity;
  private unmeasured = false;

  add(metrics: ExecutionMetrics): void {
    if (!isMeasured(metrics)) this.unmeasured = true;
    this.start = Math.min(this.start, metrics.startTime);
    this.end = Math.max(this.end, metrics.endTime);
  }

  /** Undefined when no called step ran; unmeasured figures (`isMeasured`) when one was never timed. */
  figures(): ExecutionMetrics | undefined {
    if (this.start === Infinity) return undefined;
    if (this.unmeasured) return figuresOfCall(0, 0, 0);
    return figuresOfCall(this.start, this.end, this.end - this.start);
  }
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
