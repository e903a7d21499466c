import { basename, dirname, isAbsolute, relative, resolve } from "node:path";
import * as vscode from "vscode";
import { incompleteLogsOf } from "../status-bar-view";
import type { ClientServices } from "../client-services";
import type { DocumentOutline, WorkflowOutline } from "../outline/document-outline";
import { workflowStepDigests } from "../outline/step-digests";
import { workflowAtLine } from "../outline/document-outline";
import { runRecordPaths } from "@momoflow/record";
import { readCheckedResultFile } from "@momoflow/record";
import {
  rollbackAvailability,
  unavailableReason,
  type RollbackAvailability,
} from "../run-records/rollback-availability";
import {
  resumeAvailability,
  resumeUnavailableReason,
  type ResumeAvailability,
} from "../run-records/resume-availability";
import { RunHistory, runsDirFor, samePath, type RunSummary } from "../run-records/run-history";
import { workspaceRunsDirs } from "../run-records/workspace-runs-dirs";
import { stopOutsideRun } from "../run-records/stop-outside-run";
import { runOfTask, taskOutcome, type EndedRunTask } from "./task-outcome";
import {
  paramText,
  taskKey,
  type MomoflowTaskDefinition,
  type TaskParamValue,
} from "./task-definition";
import { createMomoflowTask } from "./momoflow-tasks";
import { fileRunsDirs, fileWorkdir, taskPlaceOf } from "./task-place";
import { RUN_TEST_COMMAND } from "../commands";
import { secretParamNames, secretParamsToAskFor } from "./param-input";
import { askForParams, askForUndoSecrets, type ParamMemory } from "./param-prompt";
import { undoSecretsOf } from "../run-records/undo-secrets";
import { runSecretsInEnvironment, secretsInEnvironment } from "./secrets-in-environment";
import type { EndedTask, RunningTasks } from "./running-tasks";
import { documentOutline } from "../outline/server-outline";
import { runtimeSettingProblem } from "../cli-runtime";
import { runningOutsideText } from "./run-lens-specs";

/** Why nothing runs in Restricted Mode (the run command's refusal). */
export const RESTRICTED_RUN_MESSAGE =
  "Running workflows is disabled in Restricted Mode: trust this workspace to run it.";
export const RESTRICTED_ROLLBACK_MESSAGE =
  "Rolling back runs is disabled in Restricted Mode: trust this workspace to roll back its runs.";
export const RESTRICTED_RESUME_MESSAGE =
  "Resuming runs is disabled in Restricted Mode: trust this workspace to resume its runs.";
export const RESTRICTED_TEST_MESSAGE =
  "Running tests is disabled in Restricted Mode: trust this workspace to run its tests.";

/**
 * The arguments of `momoflow.runWorkflow` and `momoflow.rollbackLastRun`
 * (CodeLenses pass `{ uri, workflow }`; menus pass a Uri; the palette nothing:
 * the active editor and the workflow at its cursor then). `params` skips the
 * prompts for those params (for a rollback: the secret params its undos read,
 * `release/key` for a called workflow's); `confirm: false` skips the
 * rollback's confirmation (extension-host tests).
 */
export interface WorkflowCommandArgs {
  uri?: vscode.Uri | string;
  workflow?: string;
  params?: Record<string, TaskParamValue>;
  confirm?: boolean;
}

/** What a command did. */
export type CommandOutcome =
  | { status: "started"; task: string; key: string }
  | { status: "refused"; reason: string }
  | { status: "cancelled" };

/** What a command does to a workflow. */
type WorkflowVerb = "run" | "rollback" | "resume";

/** A workflow of a file, chosen for a command. */
interface ChosenWorkflow {
  document: vscode.TextDocument;
  name: string;
  /** The outline's workflow, when the server knows it. */
  outline: WorkflowOutline | undefined;
}

/**
 * Runs and rolls back workflows in `momoflow` tasks: resolves which workflow,
 * asks for params, refuses in Restricted Mode and while the same workflow
 * runs, and reports the outcome in the status bar.
 */
export class RunController implements vscode.Disposable {
  readonly history = new RunHistory();
  private readonly paramMemory: ParamMemory = new Map();
  private readonly availabilityCache = new Map<string, RollbackAvailability>();
  private readonly resumeCache = new Map<string, ResumeAvailability>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly services: ClientServices,
    readonly tasks: RunningTasks,
  ) {
    this.subscriptions = [tasks.onDidEnd((ended) => this.reportEnded(ended))];
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }

  /** Forgets what was read of the run records under `runsDir` (a watcher saw them change). */
  invalidate(runsDir?: string): void {
    this.history.invalidate(runsDir);
    for (const cache of [this.availabilityCache, this.resumeCache])
      if (runsDir === undefined) cache.clear();
      else
        for (const dir of cache.keys())
          if (!relative(runsDir, dir).startsWith("..")) cache.delete(dir);
  }

  /** Forgets what was read of the runs of a file (in each folder they may be, see `fileRunsDirs`). */
  private invalidateFile(uri: vscode.Uri): void {
    for (const runsDir of fileRunsDirs(uri)) this.invalidate(runsDir);
  }

  /** The key of a workflow's run task (see `taskKey`). */
  workflowKey(uri: vscode.Uri, workflow: string): string {
    const place = taskPlaceOf(uri);
    return taskKey({ type: "momoflow", action: "run", file: uri.fsPath, workflow }, place.workdir);
  }

  /**
   * The latest run of a workflow of a file; given the workflow's outline, also
   * one from before the file was renamed or moved (as the CLI takes it).
   */
  private latestRun(
    uri: vscode.Uri,
    workflow: string,
    outline: WorkflowOutline | undefined,
  ): RunSummary | undefined {
    // Its own folder's runs, and those an older version recorded at the workspace root.
    return this.history.latestIn(fileRunsDirs(uri), {
      workflowId: workflow,
      source: uri.fsPath,
      ...(outline ? { steps: workflowStepDigests(outline) } : {}),
    });
  }

  /** Whether the latest run of a workflow of a file can be rolled back (cached per run record). */
  rollbackState(
    uri: vscode.Uri,
    workflow: string,
    outline?: WorkflowOutline,
  ): RollbackAvailability {
    const run = this.latestRun(uri, workflow, outline);
    if (!run) return { state: "no-run" };
    const cached = this.availabilityCache.get(run.dir);
    if (cached) return cached;
    const availability = rollbackAvailability(run);
    // "running" depends on a process, not on files: ask again when it ends.
    if (availability.state === "running") this.services.runRecords.follow(run.dir);
    else this.availabilityCache.set(run.dir, availability);
    return availability;
  }

  /** Whether the latest run of a workflow of a file can be resumed (cached per run record). */
  resumeState(uri: vscode.Uri, workflow: string, outline?: WorkflowOutline): ResumeAvailability {
    const run = this.latestRun(uri, workflow, outline);
    if (!run) return { state: "no-run" };
    const cached = this.resumeCache.get(run.dir);
    if (cached) return cached;
    const availability = resumeAvailability(run);
    // "running" depends on a process, not on files: ask again when it ends.
    if (availability.state === "running") this.services.runRecords.follow(run.dir);
    else this.resumeCache.set(run.dir, availability);
    return availability;
  }

  /** `momoflow.runWorkflow`. */
  async runWorkflow(arg?: unknown): Promise<CommandOutcome> {
    if (!this.services.isTrusted()) return this.refuseUntrusted(RESTRICTED_RUN_MESSAGE);
    const args = commandArgs(arg);
    const chosen = await this.chooseWorkflow(args, "run");
    if ("status" in chosen) return chosen;
    return this.startRun(chosen, args);
  }

  /**
   * `momoflow.resumeLastRun`: runs the workflow again with `--resume <runId>`
   * of its latest run, when that run stopped part-way. The CLI does not keep
   * a `.momoflow` workflow's params, so they are asked for again (the last
   * values given are offered); unchanged, they let its steps be reused.
   */
  async resumeLastRun(arg?: unknown): Promise<CommandOutcome> {
    if (!this.services.isTrusted()) return this.refuseUntrusted(RESTRICTED_RESUME_MESSAGE);
    const args = commandArgs(arg);
    const chosen = await this.chooseWorkflow(args, "resume");
    if ("status" in chosen) return chosen;
    this.invalidateFile(chosen.document.uri);
    const availability = this.resumeState(chosen.document.uri, chosen.name, chosen.outline);
    if (availability.state !== "available") {
      const reason = resumeUnavailableReason(chosen.name, availability);
      void vscode.window.showInformationMessage(reason);
      return { status: "refused", reason };
    }
    return this.startRun(chosen, args, availability.run);
  }

  /**
   * Asks for the params and starts a run task (resuming the run `resume`,
   * when given: in the folder it worked in, see `recordedElsewhere`).
   */
  private async startRun(
    chosen: ChosenWorkflow,
    args: WorkflowCommandArgs,
    resume?: RunSummary,
  ): Promise<CommandOutcome> {
    const { document, name } = chosen;
    const place = taskPlaceOf(document.uri);
    const definition: MomoflowTaskDefinition = {
      type: "momoflow",
      action: "run",
      file: document.uri.fsPath,
      workflow: name,
      ...(resume ? { resume: resume.runId, ...recordedElsewhere(document.uri, resume) } : {}),
    };
    const key = taskKey(definition, place.workdir);
    if (this.tasks.isBusy(key)) return this.refuseBusy(name, key);
    const runtimeProblem = this.runtimeProblem(document.uri);
    if (runtimeProblem) return runtimeProblem;
    // Run from a terminal (not a task of the editor's), its record says it runs now.
    const outside = this.rollbackState(document.uri, name, chosen.outline);
    if (outside.state === "running") {
      const reason = runningOutsideText(name, outside.run.pid);
      void vscode.window.showWarningMessage(reason);
      return { status: "refused", reason };
    }

    // A required secret the environment gives is not asked for (as the CLI would read it),
    // unless the CLI would refuse it (too short): then it is asked for, its box saying why.
    const { given, refused } = chosen.outline
      ? runSecretsInEnvironment(
          secretParamsToAskFor(chosen.outline.params, args.params ?? {}),
          process.env,
        )
      : { given: {}, refused: {} };
    for (const [param, value] of Object.entries(args.params ?? {})) given[param] = paramText(value);
    for (const why of Object.values(refused)) this.services.output.warn(why);
    const asked = chosen.outline
      ? await askForParams(document, chosen.outline, given, this.paramMemory, refused)
      : {};
    if (asked === undefined) return { status: "cancelled" };
    const params = { ...given, ...asked };
    if (Object.keys(params).length > 0) definition.params = params;
    const secrets = secretParamNames(chosen.outline?.params ?? [], params);
    if (secrets.length > 0) definition.secrets = secrets;

    const task = createMomoflowTask(definition, place, this.services);
    const started = await this.tasks.start(key, task);
    if (started === "busy") return this.refuseBusy(name, key);
    this.services.statusBar.setLastRun("running", {
      workflow: name,
      file: document.uri,
      action: "run",
      startedAt: Date.now(),
    });
    this.services.output.info(
      `${resume ? `resume run ${resume.runId} of` : "run"} ${name} (${document.uri.fsPath})`,
    );
    return { status: "started", task: task.name, key };
  }

  /** `momoflow.rollbackLastRun`. */
  async rollbackLastRun(arg?: unknown): Promise<CommandOutcome> {
    if (!this.services.isTrusted()) return this.refuseUntrusted(RESTRICTED_ROLLBACK_MESSAGE);
    const args = commandArgs(arg);
    let target: { uri: vscode.Uri; workflow: string; outline?: WorkflowOutline } | undefined;
    if (!args.uri && !activeMomoflowEditor()) {
      target = await this.pickRunToRollback();
      if (!target) return { status: "cancelled" };
    } else {
      const chosen = await this.chooseWorkflow(args, "rollback");
      if ("status" in chosen) return chosen;
      target = { uri: chosen.document.uri, workflow: chosen.name, outline: chosen.outline };
    }
    const { uri, workflow } = target;
    const place = taskPlaceOf(uri);
    this.invalidateFile(uri);
    const availability = this.rollbackState(uri, workflow, target.outline);
    if (availability.state !== "available") {
      const reason = unavailableReason(workflow, availability);
      void vscode.window.showInformationMessage(reason);
      return { status: "refused", reason };
    }
    const definition: MomoflowTaskDefinition = {
      type: "momoflow",
      action: "rollback",
      file: uri.fsPath,
      workflow,
      ...recordedElsewhere(uri, availability.run),
    };
    const key = taskKey(definition, place.workdir);
    if (this.tasks.isBusy(key)) return this.refuseBusy(workflow, key);
    const runtimeProblem = this.runtimeProblem(uri);
    if (runtimeProblem) return runtimeProblem;
    if (args.confirm !== false) {
      const run = availability.run;
      const what =
        availability.why === "killed"
          ? "It was interrupted before it finished: its half-done steps are undone too, and what it left running is stopped."
          : "Its completed reversible steps are undone, in reverse order.";
      const choice = await vscode.window.showWarningMessage(
        `Roll back the last run of ${workflow}?`,
        {
          modal: true,
          detail: `Run ${run.runId}${run.status ? ` (${run.status.replace(/_/g, " ")})` : ""}. ${what}`,
        },
        "Roll Back",
      );
      if (choice !== "Roll Back") return { status: "cancelled" };
    }
    // The secrets its undos read: the record keeps their names only. Those the environment gives are not asked for.
    const names = await undoSecretsOf(availability.run.dir);
    const given: Record<string, string> = secretsInEnvironment(names, process.env);
    for (const [param, value] of Object.entries(args.params ?? {})) given[param] = paramText(value);
    const asked = await askForUndoSecrets(workflow, names, given);
    if (asked === undefined) return { status: "cancelled" };
    const secrets = { ...given, ...asked };
    if (Object.keys(secrets).length > 0) {
      definition.params = secrets;
      definition.secrets = Object.keys(secrets);
    }
    const task = createMomoflowTask(definition, place, this.services);
    const started = await this.tasks.start(key, task);
    if (started === "busy") return this.refuseBusy(workflow, key);
    this.services.statusBar.setLastRun("running", {
      workflow,
      file: uri,
      action: "rollback",
      startedAt: Date.now(),
    });
    this.services.output.info(`rollback ${workflow} (${uri.fsPath})`);
    return { status: "started", task: task.name, key };
  }

  /**
   * `momoflow.stopRun`, the CodeLens shown while a workflow runs: stops its
   * task (`{ key }`), or a run started outside the editor (`{ runDir }`) through
   * the process its record names (see `stopOutsideRun`).
   */
  stop(arg?: unknown): void {
    const { key, runDir } = (arg ?? {}) as { key?: unknown; runDir?: unknown };
    if (typeof key === "string") void this.tasks.interrupt(key);
    else if (typeof runDir === "string") this.stopOutside(runDir);
  }

  private stopOutside(runDir: string): void {
    // Signalling a process is running the workspace's tools' business: not in Restricted Mode.
    if (!this.services.isTrusted()) return;
    const stopped = stopOutsideRun(runDir);
    if (stopped.state === "stopping")
      this.services.output.info(
        `stop: Ctrl+C (SIGINT) sent to pid ${stopped.pid}, the run of ${runDir}`,
      );
    else if (stopped.state === "unsure")
      void vscode.window.showWarningMessage(
        `The run's record does not say when its process (pid ${stopped.pid}) started, so it may be another process by now: stop the run where it was started (Ctrl+C in its terminal).`,
      );
    else void vscode.window.showInformationMessage("That run has ended already.");
    this.services.runRecords.follow(runDir);
  }

  /**
   * A test's CodeLens: `momoflow.runTest` (the Testing panel's command) when
   * it is registered, else a `momoflow` test task of the test's exact name.
   */
  async runTest(arg?: unknown): Promise<unknown> {
    if (!this.services.isTrusted()) return this.refuseUntrusted(RESTRICTED_TEST_MESSAGE);
    const { uri, test } = (arg ?? {}) as { uri?: vscode.Uri | string; test?: string };
    const target = toUri(uri);
    if (!target || !test) return { status: "refused", reason: "no test given" };
    const commands = await vscode.commands.getCommands(true);
    if (commands.includes(RUN_TEST_COMMAND))
      return vscode.commands.executeCommand(RUN_TEST_COMMAND, { uri: target, test });
    const place = taskPlaceOf(target);
    const definition: MomoflowTaskDefinition = {
      type: "momoflow",
      action: "test",
      file: target.fsPath,
      test,
    };
    const key = taskKey(definition, place.workdir);
    const task = createMomoflowTask(definition, place, this.services);
    const started = await this.tasks.start(key, task);
    if (started === "busy") return this.refuseBusy(`test "${test}"`, key);
    return { status: "started", task: task.name, key };
  }

  /** The workflow a command is about: named, at the cursor, the only one, or picked. */
  private async chooseWorkflow(
    args: WorkflowCommandArgs,
    verb: WorkflowVerb,
  ): Promise<ChosenWorkflow | CommandOutcome> {
    const uri = toUri(args.uri) ?? activeMomoflowEditor()?.document.uri;
    if (!uri) {
      const reason = `Open a .momoflow file to ${verb === "rollback" ? "roll back" : verb} one of its workflows.`;
      void vscode.window.showInformationMessage(reason);
      return { status: "refused", reason };
    }
    const document = await vscode.workspace.openTextDocument(uri);
    if (document.isUntitled || uri.scheme !== "file") {
      const reason = "Save the file first: the CLI runs files on disk.";
      void vscode.window.showWarningMessage(reason);
      return { status: "refused", reason };
    }
    // The run is of the file on disk: make it what the editor shows.
    if (verb !== "rollback" && document.isDirty && !(await document.save())) {
      const reason = `${vscode.workspace.asRelativePath(uri)} could not be saved; nothing was run.`;
      void vscode.window.showWarningMessage(reason);
      return { status: "refused", reason };
    }
    const outline = await documentOutline(uri, this.services);
    if (args.workflow) {
      return {
        document,
        name: args.workflow,
        outline: outline.workflows.find((w) => w.name === args.workflow),
      };
    }
    const picked = await this.pickWorkflow(document, outline, verb);
    if (!picked) return { status: "cancelled" };
    if (typeof picked === "string") {
      void vscode.window.showInformationMessage(picked);
      return { status: "refused", reason: picked };
    }
    return { document, name: picked.name, outline: picked };
  }

  private async pickWorkflow(
    document: vscode.TextDocument,
    outline: DocumentOutline,
    verb: WorkflowVerb,
  ): Promise<WorkflowOutline | string | undefined> {
    let candidates = outline.workflows;
    if (verb === "rollback")
      candidates = candidates.filter(
        (w) => this.rollbackState(document.uri, w.name, w).state === "available",
      );
    if (verb === "resume")
      candidates = candidates.filter(
        (w) => this.resumeState(document.uri, w.name, w).state === "available",
      );
    const file = vscode.workspace.asRelativePath(document.uri);
    if (candidates.length === 0)
      return verb === "run"
        ? `${file} declares no workflow (or the language server has not read it yet).`
        : `No run of a workflow of ${file} is left to ${verb === "rollback" ? "roll back" : "resume"}.`;
    const editor = vscode.window.activeTextEditor;
    if (editor?.document === document) {
      const atCursor = workflowAtLine(outline, editor.selection.active.line);
      if (atCursor && candidates.includes(atCursor)) return atCursor;
    }
    if (candidates.length === 1) return candidates[0];
    const item = await vscode.window.showQuickPick(
      candidates.map((w) => ({ label: w.name, workflow: w })),
      {
        title: `${{ run: "Run", rollback: "Roll back the last run of", resume: "Resume the last run of" }[verb]} which workflow of ${file}?`,
      },
    );
    return item?.workflow;
  }

  /** The palette with no editor: the workflows of the workspace whose last run can be rolled back. */
  private async pickRunToRollback(): Promise<{ uri: vscode.Uri; workflow: string } | undefined> {
    const items: (vscode.QuickPickItem & { uri: vscode.Uri; workflow: string; time: number })[] =
      [];
    // A file's runs may be in two folders (its own, and the root where older versions
    // recorded them): one item per workflow of a file, its newest run.
    const latest = new Map<string, RunSummary>();
    for (const runsDir of await workspaceRunsDirs()) {
      this.invalidate(runsDir);
      for (const run of this.history.runs(runsDir)) {
        if (!run.source) continue;
        const key = `${run.source}\u0000${run.workflowId}`;
        const seen = latest.get(key);
        if (!seen || run.startTime >= seen.startTime) latest.set(key, run);
      }
    }
    for (const run of latest.values()) {
      const uri = vscode.Uri.file(run.source!);
      const state = this.rollbackState(uri, run.workflowId);
      if (state.state !== "available") continue;
      const shown = state.run;
      items.push({
        label: run.workflowId,
        description: vscode.workspace.asRelativePath(uri),
        detail: `${new Date(shown.startTime).toLocaleString()} · ${shown.status?.replace(/_/g, " ") ?? "interrupted"} · ${shown.runId}`,
        uri,
        workflow: run.workflowId,
        time: shown.startTime,
      });
    }
    if (items.length === 0) {
      void vscode.window.showInformationMessage("No run in this workspace is left to roll back.");
      return undefined;
    }
    items.sort((a, b) => b.time - a.time);
    return vscode.window.showQuickPick(items, {
      title: "Roll back the last run of which workflow?",
    });
  }

  /** A refusal when the `momoflow.runtime` setting for `uri` cannot start the CLI (see `runtimeSettingProblem`). */
  private runtimeProblem(uri: vscode.Uri): CommandOutcome | undefined {
    const problem = runtimeSettingProblem(
      vscode.workspace.getConfiguration("momoflow", uri).get<string>("runtime"),
    );
    if (!problem) return undefined;
    const reason = `${problem} Nothing was run.`;
    void vscode.window.showErrorMessage(reason, "Open Settings").then((choice) => {
      if (choice)
        void vscode.commands.executeCommand("workbench.action.openSettings", "momoflow.runtime");
    });
    return { status: "refused", reason };
  }

  private refuseUntrusted(message: string): CommandOutcome {
    void vscode.window.showWarningMessage(message, "Manage Workspace Trust").then((choice) => {
      if (choice) void vscode.commands.executeCommand("workbench.trust.manage");
    });
    return { status: "refused", reason: message };
  }

  private refuseBusy(what: string, key: string): CommandOutcome {
    const reason = `${what} is already running: wait for it to end, or stop it, before starting it again.`;
    void vscode.window.showWarningMessage(reason, "Show Terminal", "Stop It").then((choice) => {
      const execution = this.tasks.execution(key);
      if (choice === "Stop It") void this.tasks.interrupt(key);
      else if (choice === "Show Terminal" && execution)
        vscode.window.terminals.find((t) => t.name.includes(execution.task.name))?.show();
    });
    return { status: "refused", reason };
  }

  /** A run or rollback task ended: the status bar shows what its record says. */
  private reportEnded(ended: EndedTask): void {
    const { definition } = ended;
    if ((definition.action !== "run" && definition.action !== "rollback") || !definition.file)
      return;
    const workdir = ended.workdir ?? process.cwd();
    const source = isAbsolute(definition.file)
      ? definition.file
      : resolve(workdir, definition.file);
    // The run's working directory is its file's folder (see runWorkdir), unless the task named another.
    const runsDir = runsDirFor(
      definition.workdir ? resolve(workdir, definition.workdir) : dirname(source),
    );
    this.invalidate(runsDir);
    const task: EndedRunTask = {
      action: definition.action,
      source,
      workflow: definition.workflow,
      startedAt: ended.startedAt,
      exitCode: ended.exitCode,
      fileHasErrors: vscode.languages
        .getDiagnostics(vscode.Uri.file(source))
        .some((d) => d.severity === vscode.DiagnosticSeverity.Error),
    };
    const run = runOfTask(this.history.runs(runsDir), task);
    const result = run ? readCheckedResultFile(runRecordPaths(run.dir).result).result : undefined;
    const outcome = taskOutcome(task, run, result);
    // A rollback's own time: its task's, start to end.
    const durationMs =
      outcome.durationMs ??
      (definition.action === "rollback" ? Date.now() - ended.startedAt : undefined);
    this.services.statusBar.setLastRun(outcome.status, {
      workflow: definition.workflow ?? run?.workflowId ?? "",
      file: vscode.Uri.file(source),
      fileName: basename(source),
      ...(outcome.reason !== undefined ? { reason: outcome.reason } : {}),
      action: definition.action,
      startedAt: ended.startedAt,
      ...(durationMs !== undefined ? { durationMs } : {}),
      ...(run ? { runId: run.runId } : {}),
      ...(result ? incompleteLogsOf(result) : {}),
    });
  }
}

/**
 * The rollback (or resume) task's `workdir` for a run recorded outside its
 * file's own folder (an older version recorded it at the workspace root): the
 * CLI looks for the run there, and a resumed run goes on working there.
 * Nothing for a run in the file's folder.
 */
function recordedElsewhere(uri: vscode.Uri, run: RunSummary): { workdir?: string } {
  const runsDir = dirname(run.dir);
  if (samePath(runsDir, runsDirFor(fileWorkdir(uri)))) return {};
  return { workdir: dirname(dirname(runsDir)) };
}

/** The arguments of a command, whatever called it. */
function commandArgs(arg: unknown): WorkflowCommandArgs {
  if (arg instanceof vscode.Uri) return { uri: arg };
  if (arg && typeof arg === "object") return arg as WorkflowCommandArgs;
  return {};
}

/** A Uri from a command argument: a Uri, a URI string, or an absolute path. */
function toUri(value: vscode.Uri | string | undefined): vscode.Uri | undefined {
  if (value === undefined) return undefined;
  if (value instanceof vscode.Uri) return value;
  if (typeof value === "string")
    return isAbsolute(value) ? vscode.Uri.file(value) : vscode.Uri.parse(value);
  // A Uri that crossed a serialization (e.g. from a webview): { scheme, path, ... }.
  return vscode.Uri.from(value as vscode.Uri);
}

function activeMomoflowEditor(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  return editor?.document.languageId === "momoflow" ? editor : undefined;
}
