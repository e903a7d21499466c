/**
 * The rows of the Run tab's timeline: a step per row, but a fan-out's
 * instances (`convert[0]`, `convert[1]`…) together on one row, so a run of a
 * 1,000-instance fan-out is a few rows, not a thousand.
 */
import type { StepStatus, StepView } from "../src/webview/protocol";
import { fanOutOf } from "./fan-out-instances";
import { groupRun } from "./graph-node-runs";

/** One row of the timeline. */
export interface TimelineRow {
  /** The step's id, or the fan-out's declared step (`convert`). */
  id: string;
  /** The steps on the row: the step, or every instance of the fan-out. */
  steps: StepView[];
  /** Whether the row is a fan-out's instances. */
  group: boolean;
  /** The step's status, or the most urgent of the instances'. */
  status: StepStatus;
  /** From the first start to the last end, in ms since the run started. */
  startMs: number;
  endMs: number;
}

/**
 * The timeline's rows, in the order their first step comes in `steps`. The
 * run record holds a fan-out's own step too (`convert`, no attempt of its
 * own, spanning its instances): it is drawn by its instances' row, not on a
 * second row of its own; alone (no instance: an empty list) it keeps its row.
 */
export function timelineRows(steps: readonly StepView[]): TimelineRow[] {
  const rows: TimelineRow[] = [];
  const groups = new Map<string, StepView[]>();
  const order: (StepView | string)[] = [];
  const fanOuts = new Set(steps.map((s) => fanOutOf(s.id)));
  for (const step of steps) {
    const fanOut = fanOutOf(step.id) ?? (fanOuts.has(step.id) ? step.id : undefined);
    if (fanOut === undefined) {
      order.push(step);
      continue;
    }
    if (fanOut === step.id) {
      // The fan-out's own record: its row comes where it starts, with its instances only.
      if (!groups.has(fanOut)) {
        groups.set(fanOut, []);
        order.push(fanOut);
      }
      continue;
    }
    const members = groups.get(fanOut);
    if (members) members.push(step);
    else {
      groups.set(fanOut, [step]);
      order.push(fanOut);
    }
  }
  for (const item of order) {
    if (typeof item !== "string") {
      rows.push({ id: item.id, steps: [item], group: false, status: item.status, ...span([item]) });
      continue;
    }
    const members = groups.get(item)!;
    rows.push({
      id: item,
      steps: members,
      group: true,
      status: groupRun(members).status,
      ...span(members),
    });
  }
  return rows;
}

function span(steps: readonly StepView[]): { startMs: number; endMs: number } {
  let startMs = Infinity;
  let endMs = 0;
  for (const s of steps) {
    startMs = Math.min(startMs, s.startMs);
    endMs = Math.max(endMs, s.endMs, s.startMs);
  }
  return { startMs, endMs };
}
