/**
 * Every command id of the extension, in one place. The contributed ones are
 * exactly package.json's `contributes.commands` (a test checks it); the
 * others are invoked only by the extension's own CodeLenses and hovers.
 * No `vscode` import here.
 */

/** Runs a workflow of a `.momoflow` file in a task terminal (asks for missing params). */
export const RUN_WORKFLOW_COMMAND = "momoflow.runWorkflow";
/** Rolls back a workflow's latest run. */
export const ROLLBACK_LAST_RUN_COMMAND = "momoflow.rollbackLastRun";
/** Resumes a workflow's latest run that stopped part-way (`momoflow run --resume`). */
export const RESUME_LAST_RUN_COMMAND = "momoflow.resumeLastRun";
/**
 * Runs tests in the Testing panel: `{ uri, test }` (a URI or its string, the
 * test's name) runs that test; a URI (the editor's context menu) or nothing
 * (the palette) runs the test at the cursor, or one picked.
 */
export const RUN_TEST_COMMAND = "momoflow.runTest";
/** Opens the metrics panel. */
export const OPEN_METRICS_COMMAND = "momoflow.openMetrics";
/** Opens the metrics panel on a workflow's step graph. */
export const SHOW_GRAPH_COMMAND = "momoflow.showGraph";
/** Runs the benchmarks of a workspace folder in a task terminal. */
export const RUN_BENCHMARKS_COMMAND = "momoflow.runBenchmarks";
/** Restarts the language server. */
export const RESTART_SERVER_COMMAND = "momoflow.restartServer";
/** Shows the "momoflow" output channel (the status bar item's click). */
export const SHOW_OUTPUT_COMMAND = "momoflow.showOutput";
/** Opens the log of one step of a run, arguments `(runDir, stepId)` (the inline metrics' hover, the metrics panel). */
export const OPEN_STEP_LOG_COMMAND = "momoflow.openStepLog";

/** Stops a running workflow (the **■ Stop** CodeLens). */
export const STOP_RUN_COMMAND = "momoflow.stopRun";
/** Runs one test from its **▶ Run test** CodeLens. */
export const LENS_RUN_TEST_COMMAND = "momoflow.codeLens.runTest";

/** The commands package.json contributes: the Command Palette, menus and keybindings may name them. */
export const CONTRIBUTED_COMMANDS: readonly string[] = [
  RUN_WORKFLOW_COMMAND,
  ROLLBACK_LAST_RUN_COMMAND,
  RESUME_LAST_RUN_COMMAND,
  RUN_TEST_COMMAND,
  OPEN_METRICS_COMMAND,
  SHOW_GRAPH_COMMAND,
  RUN_BENCHMARKS_COMMAND,
  RESTART_SERVER_COMMAND,
  SHOW_OUTPUT_COMMAND,
  OPEN_STEP_LOG_COMMAND,
];

/** Commands only the extension's own UI invokes: not in the manifest, not in the palette. */
export const INTERNAL_COMMANDS: readonly string[] = [STOP_RUN_COMMAND, LENS_RUN_TEST_COMMAND];
