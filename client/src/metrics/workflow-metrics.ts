import type { RunResultFile } from "@momoflow/record";
import type { StepOutline } from "../outline/document-outline";
import { metricsAreStale, type StepDefinition } from "./metrics-staleness";
import { stepMetricsText, type StepMetricsText } from "./step-metrics-text";
import { recordedMembers, stepGroupMetricsText } from "./step-group-metrics";
import { declaredStepName } from "./recorded-step-name";

/** The figures of one step, placed at the step. */
export interface PlacedStepMetrics {
  step: StepOutline;
  view: StepMetricsText;
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
 */
export function workflowMetricsView(
  result: RunResultFile,
  steps: readonly StepOutline[],
  baseline: readonly StepDefinition[],
  current: readonly StepDefinition[],
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
    if (own?.status === "skipped") items.push({ step, view: stepMetricsText(own, result, stale) });
    else if (members.length > 0)
      items.push({ step, view: stepGroupMetricsText(step.name, members, result, stale) });
    else if (own) items.push({ step, view: stepMetricsText(own, result, stale) });
  }
  return { runId: result.runId, stale, items };
}
