/**
 * "Open Metrics" with no `.momoflow` editor: which workflow to show, among
 * those run anywhere in the workspace (a sub-folder's file records its runs
 * beside it, another workspace folder in its own).
 */
import * as vscode from "vscode";
import { workspaceRunsDirs } from "../run-records/workspace-runs-dirs";
import type { RunSummary } from "../run-records/run-history";
import { runsIn } from "./metrics-data";

/** A workflow of a file that has runs, and its newest run. */
export interface RunWorkflow {
  /** The `.momoflow` file (absolute), as its runs record it. */
  source: string;
  workflow: string;
  newest: RunSummary;
}

/** The workflows with runs in `runsDirs`, one per file and workflow, newest run first. */
export function workflowsWithRuns(runsDirs: readonly string[]): RunWorkflow[] {
  const newest = new Map<string, RunWorkflow>();
  // Oldest first: a later run of the same workflow of a file replaces the earlier.
  for (const run of runsIn(runsDirs, []))
    if (run.source)
      newest.set(`${run.source}\u0000${run.workflowId}`, {
        source: run.source,
        workflow: run.workflowId,
        newest: run,
      });
  return [...newest.values()].sort((a, b) => b.newest.startTime - a.newest.startTime);
}

/**
 * The workflow to show: the only one with runs in the workspace, or the one
 * picked (newest run first); undefined when none has runs or the pick was
 * dismissed (`cancelled` then says so).
 */
export async function pickWorkspaceWorkflow(): Promise<
  { picked: RunWorkflow } | { picked: undefined; cancelled: boolean }
> {
  const workflows = workflowsWithRuns(await workspaceRunsDirs());
  if (workflows.length === 0) return { picked: undefined, cancelled: false };
  if (workflows.length === 1) return { picked: workflows[0]! };
  const item = await vscode.window.showQuickPick(
    workflows.map((w) => ({
      label: w.workflow,
      description: vscode.workspace.asRelativePath(vscode.Uri.file(w.source)),
      detail: `${new Date(w.newest.startTime).toLocaleString()} · ${w.newest.status?.replace(/_/g, " ") ?? "running or interrupted"} · ${w.newest.runId}`,
      workflow: w,
    })),
    { title: "Show the metrics of which workflow?", matchOnDescription: true },
  );
  return item ? { picked: item.workflow } : { picked: undefined, cancelled: true };
}
