import { isAbsolute, relative, resolve, sep } from "node:path";
import * as vscode from "vscode";
import {
  MOMOFLOW_TASK_TYPE,
  normalizeTaskDefinition,
  taskDefinitionProblems,
  taskKey,
  unnamedWorkflowKey,
  type MomoflowTaskDefinition,
} from "./task-definition";
import { interruptTask } from "./interrupt-task";
import { taskPlaceOf, taskWorkdir } from "./task-place";

/**
 * How long a Stop waits for VS Code to report the process of a task that was
 * just started before it terminates the task instead (ms).
 */
const PROCESS_REPORT_WAIT_MS = 15_000;

/** A `momoflow` task that ended. */
export interface EndedTask {
  key: string;
  definition: MomoflowTaskDefinition;
  /** The task's working directory (its workspace folder), when it has one. */
  workdir: string | undefined;
  /** When the task started (epoch ms): a run record started after it is the task's. */
  startedAt: number;
  /** The CLI's exit code; undefined when VS Code could not tell (the terminal was closed). */
  exitCode: number | undefined;
}

/**
 * The `momoflow` tasks running now, by workflow (see {@link taskKey}), whoever
 * started them (a CodeLens, "Run Task", tasks.json). A second run of the same
 * workflow — or its rollback — is refused while one runs.
 */
export class RunningTasks implements vscode.Disposable {
  private readonly running = new Map<string, vscode.TaskExecution>();
  /**
   * The keys a running task has under its file's new name (the file, or a
   * folder above it, was renamed while it ran), each with the key it runs
   * under: the new name's lens shows it running, and it can be stopped there.
   */
  private readonly renamedKeys = new Map<string, string>();
  private readonly starting = new Set<string>();
  private readonly exitCodes = new WeakMap<vscode.TaskExecution, number | undefined>();
  private readonly finished = new WeakSet<vscode.TaskExecution>();
  private readonly startTimes = new WeakMap<vscode.TaskExecution, number>();
  private readonly processIds = new WeakMap<vscode.TaskExecution, number>();
  /** Who waits for VS Code to report a task's process (or its end): see {@link processReported}. */
  private readonly processWaiters = new Map<vscode.TaskExecution, (() => void)[]>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly ended = new vscode.EventEmitter<EndedTask>();
  private readonly subscriptions: vscode.Disposable[];

  /** Fires when a momoflow task starts or ends. */
  readonly onDidChange = this.changed.event;
  /** Fires when a momoflow task ended, with its exit code. */
  readonly onDidEnd = this.ended.event;

  constructor() {
    for (const execution of vscode.tasks.taskExecutions) this.track(execution);
    this.subscriptions = [
      vscode.tasks.onDidStartTask((e) => this.track(e.execution)),
      vscode.tasks.onDidStartTaskProcess((e) => {
        this.processIds.set(e.execution, e.processId);
        this.wakeProcessWaiters(e.execution);
      }),
      vscode.tasks.onDidEndTaskProcess((e) => this.exitCodes.set(e.execution, e.exitCode)),
      // VS Code ends a task in the same moment as its process (checked in 1.139), and
      // until then would not start it again: the task's end is when a run stops running.
      vscode.tasks.onDidEndTask((e) => this.untrack(e.execution)),
      vscode.workspace.onDidRenameFiles((e) => this.renamed(e.files)),
      this.changed,
      this.ended,
    ];
  }

  /** Whether the workflow (or test run) with this key runs, or is being started. */
  isBusy(key: string): boolean {
    return this.execution(key) !== undefined || this.starting.has(key);
  }

  /**
   * The execution of the task with this key (or this key after a rename), while
   * it runs; for a workflow, also a task of its file that names no workflow.
   */
  execution(key: string): vscode.TaskExecution | undefined {
    for (const candidate of [key, unnamedWorkflowKey(key)]) {
      if (candidate === undefined) continue;
      const found =
        this.running.get(candidate) ?? this.running.get(this.renamedKeys.get(candidate) ?? "");
      if (found) return found;
    }
    return undefined;
  }

  /**
   * Stops the task with this key, while it runs, as Ctrl+C in its terminal
   * does (see {@link interruptTask}). ■ Stop shows as soon as a run starts,
   * and VS Code reports the task's process some time after it started (seconds
   * on a loaded machine, when the run may have done a step already): until it
   * did, the Ctrl+C waits for it, as long as {@link PROCESS_REPORT_WAIT_MS}.
   * Without the process's id the task was terminated, which closed its
   * terminal with the report in it.
   */
  async interrupt(key: string): Promise<void> {
    const execution = this.execution(key);
    if (!execution) return;
    const processId = this.processIds.get(execution) ?? (await this.processReported(execution));
    if (this.finished.has(execution)) return;
    await interruptTask(execution, processId);
  }

  /**
   * Starts `task` unless a task with the same key runs or is starting
   * (a double click starts one run). Resolves "busy" when refused.
   */
  async start(key: string, task: vscode.Task): Promise<vscode.TaskExecution | "busy"> {
    if (this.isBusy(key)) return "busy";
    this.starting.add(key);
    this.changed.fire();
    const startedAt = Date.now();
    try {
      const execution = await vscode.tasks.executeTask(task);
      // A quick task may have ended already.
      // Taken before the process started (the start event may come later).
      this.startTimes.set(execution, startedAt);
      if (!this.finished.has(execution)) this.running.set(key, execution);
      return execution;
    } finally {
      this.starting.delete(key);
      this.changed.fire();
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }

  private track(execution: vscode.TaskExecution): void {
    if (this.finished.has(execution)) return;
    const key = keyOfTask(execution.task);
    if (key === undefined) return;
    if (!this.startTimes.has(execution)) this.startTimes.set(execution, Date.now());
    this.running.set(key.key, execution);
    this.changed.fire();
  }

  /**
   * Files or folders were renamed: a task running a file among them keeps
   * running (the CLI read the file when it started), now under the new name
   * too, so a second run of it from the renamed file is refused as any is.
   */
  private renamed(files: readonly { oldUri: vscode.Uri; newUri: vscode.Uri }[]): void {
    let changed = false;
    for (const [key, execution] of this.running) {
      const task = keyOfTask(execution.task);
      const file = task?.definition.file;
      if (!task || !file || task.definition.action === "bench") continue;
      const workdir = taskWorkdir(execution.task) ?? "";
      const path = isAbsolute(file) ? file : resolve(workdir, file);
      for (const { oldUri, newUri } of files) {
        const inside = relative(oldUri.fsPath, path);
        if (inside.startsWith("..") || isAbsolute(inside)) continue;
        const moved = inside === "" ? newUri.fsPath : `${newUri.fsPath}${sep}${inside}`;
        this.renamedKeys.set(taskKey({ ...task.definition, file: moved }, workdir), key);
        changed = true;
      }
    }
    if (changed) this.changed.fire();
  }

  /**
   * The id of the task's process once VS Code reports it; undefined when the
   * task ends first, or after {@link PROCESS_REPORT_WAIT_MS}.
   */
  private processReported(execution: vscode.TaskExecution): Promise<number | undefined> {
    if (this.finished.has(execution)) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        resolve(this.processIds.get(execution));
      };
      const timer = setTimeout(() => {
        const waiters = this.processWaiters.get(execution) ?? [];
        waiters.splice(waiters.indexOf(done), 1);
        if (waiters.length === 0) this.processWaiters.delete(execution);
        resolve(undefined);
      }, PROCESS_REPORT_WAIT_MS);
      const waiters = this.processWaiters.get(execution);
      if (waiters) waiters.push(done);
      else this.processWaiters.set(execution, [done]);
    });
  }

  private wakeProcessWaiters(execution: vscode.TaskExecution): void {
    const waiters = this.processWaiters.get(execution);
    this.processWaiters.delete(execution);
    for (const wake of waiters ?? []) wake();
  }

  private untrack(execution: vscode.TaskExecution): void {
    this.finished.add(execution);
    this.wakeProcessWaiters(execution);
    const key = keyOfTask(execution.task);
    if (key === undefined) return;
    if (this.running.get(key.key) === execution) this.running.delete(key.key);
    for (const [renamed, original] of this.renamedKeys)
      if (original === key.key) this.renamedKeys.delete(renamed);
    this.ended.fire({
      key: key.key,
      definition: key.definition,
      workdir: taskWorkdir(execution.task),
      startedAt: this.startTimes.get(execution) ?? Date.now(),
      exitCode: this.exitCodes.get(execution),
    });
    this.changed.fire();
  }
}

/** The key and definition of a `momoflow` task, or undefined for other tasks. */
export function keyOfTask(
  task: vscode.Task,
): { key: string; definition: MomoflowTaskDefinition } | undefined {
  const raw = task.definition as Record<string, unknown>;
  if (raw.type !== MOMOFLOW_TASK_TYPE || taskDefinitionProblems(raw).length > 0) return undefined;
  const definition = normalizeTaskDefinition(raw);
  const workdir = taskWorkdir(task) ?? "";
  return { key: taskKey(definition, workdir), definition };
}

/**
 * Whether a run or rollback task of this workflow of this file runs now,
 * whoever started it (its end reports the outcome).
 */
export function isWorkflowTaskRunning(file: vscode.Uri, workflow: string): boolean {
  const key = taskKey(
    { type: "momoflow", action: "run", file: file.fsPath, workflow },
    taskPlaceOf(file).workdir,
  );
  const keys = new Set([key, unnamedWorkflowKey(key)]);
  return vscode.tasks.taskExecutions.some((e) => keys.has(keyOfTask(e.task)?.key));
}
