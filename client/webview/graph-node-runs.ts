/**
 * What the last run did at each node of the graph. A node is a declared
 * step; a fan-out's instances (`convert[0]`…) and a called workflow's steps
 * (`release/bump`…) are recorded apart and shown together at their node.
 */
import { declaredStepName } from "../src/metrics/recorded-step-name";
import type { StepOutcome, StepStatus } from "../src/webview/protocol";

/** The run at one node: its own step, or the group of steps recorded for it. */
export interface NodeRun {
  /** The node's colour: its step's status, or the most urgent of its group's. */
  status: StepStatus;
  /** `success · 1.2 s`, or for a group `1 failed · 11 success`. */
  subtitle: string;
  /** The first line of the (first) error. */
  error?: string;
}

/** Statuses from the most to the least urgent: a group is coloured by its first. */
const URGENCY: readonly string[] = [
  "failed",
  "cancelled",
  "rollback_failed",
  "running",
  "rolled_back",
  "success",
  "skipped",
  "not_run",
  "pending",
];

function urgency(status: string): number {
  const at = URGENCY.indexOf(status);
  return at < 0 ? URGENCY.length : at;
}

const words = (status: string): string => status.replace(/_/g, " ");

/**
 * The run view of every node that the run has a step for, by node id.
 * `nodes` are the graph's node ids: a recorded step that is a node (a
 * called workflow's step the graph draws) keeps its own; one that is not (a
 * fan-out's instance) counts at the node it belongs to. `format` formats a
 * duration (the page's own formatter).
 */
export function graphNodeRuns(
  steps: readonly StepOutcome[],
  nodes: ReadonlySet<string>,
  format: (ms: number) => string,
): Map<string, NodeRun> {
  const own = new Map<string, StepOutcome>();
  const groups = new Map<string, StepOutcome[]>();
  for (const step of steps) {
    const node = nodes.has(step.id) ? step.id : declaredStepName(step.id);
    if (node === step.id) own.set(node, step);
    else groups.set(node, [...(groups.get(node) ?? []), step]);
  }
  const runs = new Map<string, NodeRun>();
  for (const [id, step] of own)
    runs.set(id, {
      status: step.status,
      subtitle:
        step.attempts > 0
          ? `${words(step.status)} · ${format(step.durationMs)}`
          : words(step.status),
      ...(step.error ? { error: step.error.split("\n")[0] } : {}),
    });
  for (const [id, members] of groups) runs.set(id, groupRun(members));
  return runs;
}

/** The run of a group of steps: the most urgent status, the count of each, the first error. */
export function groupRun(members: readonly StepOutcome[]): NodeRun {
  const counts = new Map<StepStatus, number>();
  for (const m of members) counts.set(m.status, (counts.get(m.status) ?? 0) + 1);
  const statuses = [...counts.keys()].sort((a, b) => urgency(a) - urgency(b));
  const failed = members.find((m) => m.error !== undefined);
  return {
    status: statuses[0]!,
    subtitle: statuses.map((s) => `${counts.get(s)} ${words(s)}`).join(" · "),
    ...(failed?.error ? { error: `${failed.id}: ${failed.error.split("\n")[0]}` } : {}),
  };
}
