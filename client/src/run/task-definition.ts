import { dirname, isAbsolute, resolve } from "node:path";
import { secretParamVariable } from "@momoflow/runtime";
import { cliRuntime } from "../cli-runtime";

/** What a `momoflow` task does: the CLI command it runs. */
export type MomoflowTaskAction = "run" | "rollback" | "test" | "bench";

/** A param value as `tasks.json` may write it (it reaches the CLI as text). */
export type TaskParamValue = string | number | boolean | unknown[] | Record<string, unknown>;

/**
 * A task of type `momoflow` (the manifest's `taskDefinitions`), as the
 * TaskProvider creates it and as `tasks.json` may write it:
 *
 * ```json
 * { "type": "momoflow", "action": "run", "file": "site.momoflow",
 *   "workflow": "publish_site", "params": { "target": "production" } }
 * ```
 */
export interface MomoflowTaskDefinition {
  type: "momoflow";
  action: MomoflowTaskAction;
  /** The `.momoflow` file: absolute, or relative to the task's workspace folder (all but bench). */
  file?: string;
  /** Which workflow of the file (run, rollback); optional when the file has one. */
  workflow?: string;
  /** The id of the run to continue (run): `--resume <id>`, its unchanged succeeded steps reused. */
  resume?: string;
  /**
   * Params of the workflow (run); for a rollback, the secret params its undos
   * read, a called workflow's under its name in the call (`release/key`).
   */
  params?: Record<string, TaskParamValue>;
  /**
   * Which of `params` are `secret`: given to the CLI as the environment
   * variable `MOMOFLOW_PARAM_<NAME>` (`MOMOFLOW_PARAM_RELEASE__KEY` for
   * `release/key`), not as `--param` on the command line (which the task
   * terminal prints and other users see in the process list).
   */
  secrets?: string[];
  /** Only tests whose name contains this text (test). */
  filter?: string;
  /** Only the test of this exact name (test: `--test`). */
  test?: string;
  /**
   * The working directory (run, rollback: `--workdir`; absolute, or relative
   * to the task's folder) when not the file's own folder: where a rollback
   * looks for the run, and a resumed run goes on — for a run that an older
   * version recorded at the workspace root, that folder.
   */
  workdir?: string;
}

export const MOMOFLOW_TASK_TYPE = "momoflow";
const ACTIONS: readonly MomoflowTaskAction[] = ["run", "rollback", "test", "bench"];

/**
 * What is wrong with a task definition read from `tasks.json` (empty when it
 * is usable). `action` defaults to `run`.
 */
export function taskDefinitionProblems(definition: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const { action, file, workflow, params, filter, test, resume, workdir } = definition;
  if (action !== undefined && !ACTIONS.includes(action as MomoflowTaskAction))
    problems.push(`"action" must be one of ${ACTIONS.join(", ")} (got ${JSON.stringify(action)})`);
  if (action !== "bench" && (typeof file !== "string" || file.trim() === ""))
    problems.push(`"file" must name a .momoflow file`);
  if (workflow !== undefined && typeof workflow !== "string")
    problems.push(`"workflow" must be a workflow's name`);
  if (filter !== undefined && typeof filter !== "string") problems.push(`"filter" must be text`);
  if (test !== undefined && typeof test !== "string") problems.push(`"test" must be a test's name`);
  if (resume !== undefined && (typeof resume !== "string" || resume.trim() === ""))
    problems.push(`"resume" must be the id of a run`);
  if (workdir !== undefined && (typeof workdir !== "string" || workdir.trim() === ""))
    problems.push(`"workdir" must name a folder`);
  if (params !== undefined) {
    if (params === null || typeof params !== "object" || Array.isArray(params))
      problems.push(`"params" must be an object of NAME: value`);
    else
      for (const [name, value] of Object.entries(params))
        if (value === null || value === undefined) problems.push(`param "${name}" has no value`);
  }
  return problems;
}

/** The definition with its defaults filled in (`action: "run"`), assuming no problems. */
export function normalizeTaskDefinition(
  definition: Record<string, unknown>,
): MomoflowTaskDefinition {
  const out: MomoflowTaskDefinition = {
    type: "momoflow",
    action: (definition.action as MomoflowTaskAction | undefined) ?? "run",
  };
  if (typeof definition.file === "string") out.file = definition.file;
  if (typeof definition.workflow === "string") out.workflow = definition.workflow;
  if (definition.params && typeof definition.params === "object")
    out.params = definition.params as Record<string, TaskParamValue>;
  if (typeof definition.filter === "string") out.filter = definition.filter;
  if (typeof definition.test === "string") out.test = definition.test;
  if (typeof definition.resume === "string") out.resume = definition.resume;
  if (typeof definition.workdir === "string") out.workdir = definition.workdir;
  return out;
}

/** A param value as the CLI's `--param NAME=VALUE` reads it (lists and maps as JSON). */
export function paramText(value: TaskParamValue): string {
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** Settings that change how a run runs. */
export interface RunSettings {
  /** `--concurrency N` (undefined: the workflow's own). */
  concurrency?: number | undefined;
  /** `false` adds `--no-rollback` (undefined or true: the workflow's own). */
  rollbackOnFailure?: boolean | undefined;
  /** `--on URL`: the steps run on the workers of that Redis (undefined: here). */
  on?: string | undefined;
}

/**
 * The CLI's arguments for a task, after the CLI's own path. ProcessExecution
 * passes them as an array, so nothing is quoted.
 *
 * - run: `run <file> [--workflow W] [--param k=v]... --workdir <file's folder, or the definition's workdir> [--concurrency N] [--no-rollback] [--on URL] [--resume RUN]`
 * - rollback: `rollback <file> [--workflow W] --workdir <file's folder, or the definition's workdir>`
 *
 * (`workdir` is the folder a relative file is taken from; see {@link runWorkdir}.)
 * - test: `test <file> [--filter=TEXT] [--test=NAME]`
 *
 * A file whose (relative) path starts with `-` is given as `./-…`, and the
 * test filter or name as one `--filter=TEXT` (`--test=NAME`) argument: the
 * CLI's parser would take either for an option.
 * - bench: `bench --workdir <folder>`
 */
export function cliArguments(
  definition: MomoflowTaskDefinition,
  workdir: string,
  settings: RunSettings = {},
): string[] {
  const args: string[] = [definition.action];
  if (definition.action !== "bench") args.push(fileArgument(definition.file ?? ""));
  switch (definition.action) {
    case "run":
      if (definition.workflow) args.push("--workflow", definition.workflow);
      for (const [name, value] of Object.entries(definition.params ?? {}))
        if (!definition.secrets?.includes(name))
          args.push("--param", `${name}=${paramText(value)}`);
      args.push(...taskWorkdirArguments(definition, workdir));
      if (settings.concurrency !== undefined)
        args.push("--concurrency", String(settings.concurrency));
      if (settings.rollbackOnFailure === false) args.push("--no-rollback");
      if (settings.on) args.push("--on", settings.on);
      if (definition.resume) args.push("--resume", definition.resume);
      break;
    case "rollback":
      // Only its `secrets` reach it, in its environment: a rollback takes no other params.
      if (definition.workflow) args.push("--workflow", definition.workflow);
      args.push(...taskWorkdirArguments(definition, workdir));
      break;
    case "test":
      // One argument: a test name starting with "-" is not taken for an option.
      if (definition.filter) args.push(`--filter=${definition.filter}`);
      if (definition.test !== undefined) args.push(`--test=${definition.test}`);
      break;
    case "bench":
      args.push("--workdir", workdir);
      break;
  }
  return args;
}

/**
 * The working directory of a run (or rollback) of `file`, as `momoflow run
 * <file>` takes it from any folder: the file's own folder, so that its
 * relative paths and shell actions, and its run records, are where the
 * terminal has them. A relative `file` is taken from `folder`; undefined for a
 * file naming a `${…}` that VS Code substitutes later (the CLI takes the same
 * folder itself then).
 */
export function runWorkdir(file: string, folder: string): string | undefined {
  return file.includes("${") ? undefined : dirname(resolve(folder, file));
}

/** `--workdir`: the definition's own `workdir` (taken from `folder`), else the file's folder. */
function taskWorkdirArguments(definition: MomoflowTaskDefinition, folder: string): string[] {
  return definition.workdir
    ? ["--workdir", resolve(folder, definition.workdir)]
    : workdirArguments(definition.file ?? "", folder);
}

function workdirArguments(file: string, folder: string): string[] {
  const workdir = runWorkdir(file, folder);
  return workdir === undefined ? [] : ["--workdir", workdir];
}

/** A file as the CLI's positional argument: `./-x.momoflow` for `-x.momoflow`, not an option. */
export function fileArgument(file: string): string {
  return file.startsWith("-") ? `./${file}` : file;
}

/** How to start the CLI: which program, with which arguments, environment and folder. */
export interface CliInvocation {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
}

/** Where the CLI and the runtime are. */
export interface CliLocation {
  /** The bundled `dist/cli.js`. */
  cliPath: string;
  /** VS Code's own runtime (`process.execPath`), run as Node with `ELECTRON_RUN_AS_NODE=1`. */
  execPath: string;
  /** The `momoflow.runtime` setting: a Node executable to use instead, when set. */
  runtime?: string | undefined;
}

/**
 * The process a task runs: VS Code's runtime as Node (or the configured
 * runtime) on the bundled CLI, in the workspace folder (where the CLI's
 * `rollback` looks for runs, and where relative files are found), with colour
 * forced (the task terminal is a terminal, but the CLI cannot always tell).
 */
export function cliInvocation(
  definition: MomoflowTaskDefinition,
  workspaceFolder: string,
  location: CliLocation,
  settings: RunSettings = {},
): CliInvocation {
  // Only what the task adds to its environment: VS Code merges it with its own.
  const runtime = cliRuntime(location.execPath, location.runtime, {
    FORCE_COLOR: "1",
    ...secretParamEnv(definition),
  });
  return {
    command: runtime.command,
    args: [location.cliPath, ...cliArguments(definition, workspaceFolder, settings)],
    env: runtime.env as Record<string, string>,
    cwd: workspaceFolder,
  };
}

/**
 * What identifies "the same workflow" for refusing a second concurrent run (or
 * a rollback during a run): its file, resolved against the folder, and its name.
 * Tests are keyed apart (`test` action) so running tests never blocks a run.
 */
export function taskKey(definition: MomoflowTaskDefinition, workspaceFolder: string): string {
  if (definition.action === "bench") return `bench\u0000${resolve(workspaceFolder)}`;
  const given = definition.file ?? "";
  const file = isAbsolute(given) || given.includes("${") ? given : resolve(workspaceFolder, given);
  const scope = definition.action === "test" ? `test:${testSelection(definition)}` : "workflow";
  return `${scope}\u0000${file}\u0000${definition.workflow ?? ""}`;
}

/** Which tests a test task runs, as its key tells them apart: `=NAME` by name, else its filter. */
function testSelection(definition: MomoflowTaskDefinition): string {
  return definition.test !== undefined ? `=${definition.test}` : (definition.filter ?? "");
}

/**
 * The key of a run task of the same file that names no workflow (a task in
 * tasks.json may leave it out when the file has one): such a task runs the
 * workflow `key` names, if any. Undefined for other keys.
 */
export function unnamedWorkflowKey(key: string): string | undefined {
  const [scope, file, workflow, ...rest] = key.split("\u0000");
  if (scope !== "workflow" || file === undefined || !workflow || rest.length > 0) return undefined;
  return `${scope}\u0000${file}\u0000`;
}

/** The task's name in the terminal tab and in "Run Task": `run publish_site`, `test site.momoflow`. */
export function taskLabel(definition: MomoflowTaskDefinition, fileLabel: string): string {
  switch (definition.action) {
    case "run":
      return `${definition.resume ? "resume" : "run"} ${definition.workflow ?? fileLabel}`;
    case "rollback":
      return `rollback ${definition.workflow ?? fileLabel}`;
    case "test":
      return definition.test !== undefined || definition.filter
        ? `test "${definition.test ?? definition.filter}"`
        : `test ${fileLabel}`;
    case "bench":
      return "bench";
  }
}

/** The secret params of a run or rollback task, as the environment variables the CLI reads them from. */
export function secretParamEnv(definition: MomoflowTaskDefinition): Record<string, string> {
  const env: Record<string, string> = {};
  if (definition.action !== "run" && definition.action !== "rollback") return env;
  for (const name of definition.secrets ?? []) {
    const value = definition.params?.[name];
    if (value !== undefined) env[secretParamVariable(name)] = paramText(value);
  }
  return env;
}
