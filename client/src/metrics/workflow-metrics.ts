import type { ResultStep, RunResultFile } from "@momoflow/record";
import type { StepOutline } from "../outline/document-outline";
import { metricsAreStale, type StepDefinition } from "./metrics-staleness";
import { stepMetricsText, type StepMetricsText } from "./step-metrics-text";
import { recordedMembers, stepGroupMetricsText } from "./step-group-metrics";
import { declaredStepName } from "./recorded-step-name";
import { failingScriptLine } from "./failing-script-line";

/** The figures of one step, placed at the step. */
export interface PlacedStepMetrics {
  step: StepOutline;
  view: StepMetricsText;
  /** Where in the step its failed bash script stopped, when its error names that line. */
  failingLine?: FailingLineMark;
}

/** The mark at the line of a step where its failed script stopped. */
export interface FailingLineMark {
  /** The line, 0-based. */
  line: number;
  /** What is drawn after it: `✗ the script stopped here: exit code 1`. */
  text: string;
  /** The error that names it, whole (its hover). */
  error: string;
}

/** What the editor shows for one workflow: its steps' figures from one run. */
export interface WorkflowMetricsView {
  runId: string;
  stale: boolean;
  items: PlacedStepMetrics[];
}

/**
 * The inline figures of a workflow's run, at the steps the document declares
 * now: a step the run did not have gets none; a step recorded as several
 * (fan-out instances, a called workflow's steps) gets their counts, unless it
 * was skipped whole (then its own reason); all are marked stale when the
 * steps' definitions changed since `baseline` (see {@link metricsAreStale}).
 * Given the document, a failed step whose bash script's error names the
 * line it stopped at gets that line marked (not when stale).
 */
export function workflowMetricsView(
  result: RunResultFile,
  steps: readonly StepOutline[],
  baseline: readonly StepDefinition[],
  current: readonly StepDefinition[],
  document?: { path: string; lineText(line: number): string },
): WorkflowMetricsView {
  const stale = metricsAreStale(
    result.steps.map((s) => declaredStepName(s.id)),
    baseline,
    current,
  );
  const items: PlacedStepMetrics[] = [];
  for (const step of steps) {
    const { own, members } = recordedMembers(result.steps, step.name);
    // A step skipped as a whole (a call its `when` skipped) ran none of its
    // members: its own figures say why, where a count of its skipped
    // members (`2 –`) would not.
    let view: StepMetricsText;
    if (own?.status === "skipped") view = stepMetricsText(own, result, stale);
    else if (members.length > 0) view = stepGroupMetricsText(step.name, members, result, stale);
    else if (own) view = stepMetricsText(own, result, stale);
    else continue;
    // A line of a script that changed since may be another line now: marked only when not stale.
    const failingLine =
      document === undefined || stale
        ? undefined
        : failingLineMark([own, ...members], step, document);
    items.push(failingLine ? { step, view, failingLine } : { step, view });
  }
  return { runId: result.runId, stale, items };
}

/** The mark of the first failure among `recorded` (a step, its instances…) whose error names a line of `step`. */
function failingLineMark(
  recorded: readonly (ResultStep | undefined)[],
  step: StepOutline,
  document: { path: string; lineText(line: number): string },
): FailingLineMark | undefined {
  for (const r of recorded) {
    // A failed undo's error is its rollback's, not the run script's.
    if (!r?.error || r.status !== "failed") continue;
    const line = failingScriptLine(r.error, document.path, step.range, document.lineText);
    if (line === undefined) continue;
    const code = /exited with (code \d+(?: \([A-Z0-9]+\?\))?) at line/.exec(r.error)?.[1];
    const text = `✗ the script stopped here${code ? `: exit ${code}` : ""}`;
    return { line, text, error: r.error };
  }
  return undefined;
}
