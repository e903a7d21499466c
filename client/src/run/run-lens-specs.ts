import type { DocumentOutline, OutlineRange } from "../outline/document-outline";
import type { RollbackAvailability } from "../run-records/rollback-availability";
import type { ResumeAvailability } from "../run-records/resume-availability";
import {
  LENS_RUN_TEST_COMMAND,
  RESUME_LAST_RUN_COMMAND,
  ROLLBACK_LAST_RUN_COMMAND,
  RUN_WORKFLOW_COMMAND,
  SHOW_GRAPH_COMMAND,
  STOP_RUN_COMMAND,
} from "../commands";

/** One CodeLens, before it becomes a `vscode.CodeLens`. */
export interface LensSpec {
  range: OutlineRange;
  title: string;
  /** Empty: a label that does nothing when clicked. */
  command: string;
  arguments: unknown[];
  tooltip: string;
}

/** What the lenses of a document depend on besides its outline. */
export interface LensContext {
  /** The document's URI, passed back to the commands. */
  uri: unknown;
  /** A trusted workspace (Restricted Mode shows nothing that executes the workspace). */
  trusted: boolean;
  /** A file on disk (an untitled buffer cannot be run: the CLI runs files). */
  onDisk: boolean;
  /** The key of a workflow's run task, when it runs (or is starting) now. */
  runningKey: (workflow: string) => string | undefined;
  /** Whether the workflow's latest run can be rolled back. */
  rollback: (workflow: string) => RollbackAvailability;
  /** Whether the workflow's latest run can be resumed. */
  resume: (workflow: string) => ResumeAvailability;
  /**
   * Whether a run started outside the editor (its record folder) can be
   * stopped from it: its record says when its process started, so that a pid
   * reused by another process is never signalled (see `stopOutsideRun`).
   */
  canStopOutside: (runDir: string) => boolean;
}

/**
 * The CodeLenses of a document. Above each workflow: **▶ Run** (or
 * **Running…** and **■ Stop** while it runs, also when started outside the
 * editor and its record names its process surely), **↶ Rollback** when its latest
 * run can be rolled back, **↻ Resume** when it can be resumed, **Graph**; above each test: **▶ Run test**. In
 * Restricted Mode only **Graph**; for an untitled buffer none (the CLI reads files).
 */
export function runLensSpecs(outline: DocumentOutline, context: LensContext): LensSpec[] {
  const lenses: LensSpec[] = [];
  const canRun = context.trusted && context.onDisk;
  for (const workflow of outline.workflows) {
    const range = workflow.nameRange;
    const args = [{ uri: context.uri, workflow: workflow.name }];
    if (canRun) {
      const key = context.runningKey(workflow.name);
      // A run of it started outside the editor (a terminal) runs now: its record says so.
      const outside = key === undefined ? context.rollback(workflow.name) : undefined;
      if (outside?.state === "running") {
        lenses.push({
          range,
          title: "$(loading~spin) Running…",
          command: "",
          arguments: [],
          tooltip: runningOutsideText(workflow.name, outside.run.pid),
        });
        if (context.canStopOutside(outside.run.dir))
          lenses.push({
            range,
            title: "■ Stop",
            command: STOP_RUN_COMMAND,
            arguments: [{ runDir: outside.run.dir }],
            tooltip: stopOutsideText(outside.run.runId, outside.run.pid),
          });
      } else if (key !== undefined) {
        lenses.push(
          {
            range,
            title: "$(loading~spin) Running…",
            command: "",
            arguments: [],
            tooltip: `${workflow.name} is running in its task terminal`,
          },
          {
            range,
            title: "■ Stop",
            command: STOP_RUN_COMMAND,
            arguments: [{ key }],
            tooltip: "Stop the run: it is cancelled and its completed steps are rolled back",
          },
        );
      } else {
        lenses.push({
          range,
          title: "▶ Run",
          command: RUN_WORKFLOW_COMMAND,
          arguments: args,
          tooltip: `Run ${workflow.name} in a task terminal`,
        });
        const rollback = context.rollback(workflow.name);
        if (rollback.state === "available")
          lenses.push({
            range,
            title: "↶ Rollback",
            command: ROLLBACK_LAST_RUN_COMMAND,
            arguments: args,
            tooltip:
              rollback.why === "killed"
                ? `Undo what the interrupted run ${rollback.run.runId} did`
                : `Undo the completed steps of run ${rollback.run.runId} (${rollback.run.status?.replace(/_/g, " ") ?? "finished"})`,
          });
        const resume = context.resume(workflow.name);
        if (resume.state === "available")
          lenses.push({
            range,
            title: "↻ Resume",
            command: RESUME_LAST_RUN_COMMAND,
            arguments: args,
            tooltip: `Continue run ${resume.run.runId} (${resume.why}): its succeeded steps that are unchanged are reused, the others run`,
          });
      }
    }
    // The graph is drawn by the CLI from the file on disk: none for an untitled buffer.
    if (context.onDisk)
      lenses.push({
        range,
        title: "Graph",
        command: SHOW_GRAPH_COMMAND,
        arguments: args,
        tooltip: `Show the step graph of ${workflow.name}`,
      });
  }
  if (canRun)
    for (const test of outline.tests)
      lenses.push({
        range: test.nameRange,
        title: "▶ Run test",
        command: LENS_RUN_TEST_COMMAND,
        arguments: [{ uri: context.uri, test: test.name }],
        tooltip: `Run the test "${test.name}"`,
      });
  return lenses;
}

/**
 * A run of `workflow` started outside the editor (a terminal, a script) that
 * runs now, as its run record says: why it is not started again, and where it
 * can be stopped.
 */
export function runningOutsideText(workflow: string, pid: number | undefined): string {
  return `${workflow} is already running (${pid === undefined ? "" : `pid ${pid}, `}started outside the editor): stop it where it was started (Ctrl+C in its terminal), or wait for it to end.`;
}

/** The tooltip of ■ Stop for a run started outside the editor. */
export function stopOutsideText(runId: string, pid: number | undefined): string {
  return `Stop run ${runId}${pid === undefined ? "" : ` (pid ${pid})`}, started outside the editor, as Ctrl+C in its terminal would: it is cancelled and its completed steps are rolled back (Stop again to stop at once)`;
}
