import { basename, dirname, isAbsolute, relative } from "node:path";
import * as vscode from "vscode";
import type { ClientServices } from "../client-services";
import { cliRuntime } from "../cli-runtime";
import { taskPlaceOf, taskWorkdir, type TaskPlace } from "./task-place";
import { literalInvocation } from "./literal-invocation";
import { runtimeWithoutVariables } from "./runtime-link";
import {
  MOMOFLOW_TASK_TYPE,
  cliInvocation,
  normalizeTaskDefinition,
  taskDefinitionProblems,
  taskLabel,
  type MomoflowTaskDefinition,
  type RunSettings,
} from "./task-definition";

/**
 * No problem matcher on the extension's own tasks: the CLI reports only the
 * checker's diagnostics, which the language server already shows live — a
 * matcher would list each twice, and keep its copy after the fix until the
 * task ran again. `$momoflow` is contributed for users' own tasks (a
 * `momoflow check` in tasks.json, say).
 */
const PROBLEM_MATCHERS: string[] = [];

/**
 * The settings of a run, for the file's folder (`momoflow.concurrency`,
 * `momoflow.rollbackOnFailure`, `momoflow.runOn`).
 */
export function runSettings(scope: vscode.ConfigurationScope | undefined): RunSettings {
  const config = vscode.workspace.getConfiguration("momoflow", scope);
  const concurrency = config.get<number>("concurrency", 0);
  const on = config.get<string>("runOn", "").trim();
  return {
    concurrency: Number.isInteger(concurrency) && concurrency > 0 ? concurrency : undefined,
    rollbackOnFailure: config.get<boolean>("rollbackOnFailure", true),
    on: on === "" ? undefined : on,
  };
}

/**
 * A `momoflow` task: the bundled CLI run by VS Code's own runtime as Node
 * (or `momoflow.runtime`), in a dedicated terminal that is revealed and cleared,
 * coloured.
 *
 * What the extension puts in the task (file paths, typed param values, the
 * CLI's path, the `momoflow.runtime` setting) reaches the CLI as written,
 * never through VS Code's `${…}` substitution (see `literalInvocation`); only
 * a task written in tasks.json (`resolveVariables`) has its arguments'
 * `${workspaceFolder}` and the like substituted, as its author meant.
 */
export function createMomoflowTask(
  definition: MomoflowTaskDefinition,
  place: TaskPlace,
  services: ClientServices,
  { resolveVariables = false }: { resolveVariables?: boolean } = {},
): vscode.Task {
  // VS Code would substitute in its own path too, when that holds `${`: a link to it then.
  const vsCodeRuntime = runtimeWithoutVariables(process.execPath);
  const configScope = typeof place.scope === "object" ? place.scope.uri : undefined;
  const runtime = vscode.workspace.getConfiguration("momoflow", configScope).get<string>("runtime");
  const planned = cliInvocation(
    definition,
    place.workdir,
    { cliPath: services.paths.cliPath, execPath: vsCodeRuntime, runtime },
    runSettings(configScope),
  );
  // VS Code's runtime as Node starts the decoding script when the runtime setting holds `${`.
  const launcher = cliRuntime(vsCodeRuntime, undefined, {});
  const invocation = literalInvocation(planned, {
    launcher: { command: launcher.command, env: launcher.env as Record<string, string> },
    authored: resolveVariables,
  });
  const execution = new vscode.ProcessExecution(invocation.command, invocation.args, {
    cwd: invocation.cwd,
    env: invocation.env,
  });
  const fileLabel = definition.file ? displayPath(definition.file, place.workdir) : "";
  const task = new vscode.Task(
    definition,
    place.scope,
    taskLabel(definition, fileLabel),
    MOMOFLOW_TASK_TYPE,
    execution,
    PROBLEM_MATCHERS,
  );
  task.detail = `momoflow ${definition.action} ${fileLabel}`.trim();
  task.presentationOptions = {
    reveal: vscode.TaskRevealKind.Always,
    panel: vscode.TaskPanelKind.Dedicated,
    clear: true,
    focus: false,
    echo: true,
    showReuseMessage: false,
  };
  if (definition.action === "test") task.group = vscode.TaskGroup.Test;
  return task;
}

/** A file as the user reads it: relative to the folder when inside it. */
function displayPath(file: string, workdir: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(workdir, file);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : basename(file);
}

/**
 * The `momoflow` TaskProvider: "Run Task" lists a run task per workflow of the
 * workspace's `.momoflow` files (and a test task per file with tests), and
 * tasks written in `tasks.json` are resolved into the same executions.
 */
export class MomoflowTaskProvider implements vscode.TaskProvider {
  constructor(
    private readonly services: ClientServices,
    private readonly outlineOf: (uri: vscode.Uri) => Promise<{
      workflows: readonly { name: string }[];
      tests: readonly unknown[];
    }>,
  ) {}

  async provideTasks(token: vscode.CancellationToken): Promise<vscode.Task[]> {
    if (!this.services.isTrusted()) return [];
    const files = await vscode.workspace.findFiles(
      "**/*.momoflow",
      "{**/node_modules/**,**/.momoflow/**}",
      200,
      token,
    );
    const tasks: vscode.Task[] = [];
    for (const uri of files.sort((a, b) => a.fsPath.localeCompare(b.fsPath))) {
      if (token.isCancellationRequested) break;
      const outline = await this.outlineOf(uri);
      const place = taskPlaceOf(uri);
      const file =
        typeof place.scope === "object" ? relative(place.workdir, uri.fsPath) : uri.fsPath;
      for (const workflow of outline.workflows)
        tasks.push(
          createMomoflowTask(
            { type: "momoflow", action: "run", file, workflow: workflow.name },
            place,
            this.services,
          ),
        );
      if (outline.tests.length > 0)
        tasks.push(
          createMomoflowTask({ type: "momoflow", action: "test", file }, place, this.services),
        );
    }
    return tasks;
  }

  resolveTask(task: vscode.Task): vscode.Task | undefined {
    if (!this.services.isTrusted()) return undefined;
    const raw = task.definition as Record<string, unknown>;
    const problems = taskDefinitionProblems(raw);
    if (problems.length > 0) {
      this.services.output.warn(`tasks.json: momoflow task "${task.name}": ${problems.join("; ")}`);
      return undefined;
    }
    const definition = normalizeTaskDefinition(raw);
    const workdir = taskWorkdir(task) ?? dirnameOf(definition.file ?? "");
    const scope = typeof task.scope === "object" ? task.scope : vscode.TaskScope.Workspace;
    const resolved = createMomoflowTask(definition, { scope, workdir }, this.services, {
      resolveVariables: true,
    });
    // VS Code matches the resolved task to the one in tasks.json by its definition and name.
    return new vscode.Task(
      task.definition,
      scope,
      task.name,
      MOMOFLOW_TASK_TYPE,
      resolved.execution,
      task.problemMatchers,
    );
  }
}

function dirnameOf(file: string): string {
  return isAbsolute(file) ? dirname(file) : process.cwd();
}
