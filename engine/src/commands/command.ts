import type { ChildMetrics } from "../runtime/metrics";
import type { Logger } from "../runtime/logger";

/** Types of command parameters (language.md §3). */
export type ParamType =
  | "string"
  | "int"
  | "number"
  | "bool"
  | "duration"
  | "size"
  | "path"
  | "list"
  | "map"
  | "any"
  /** Text that is masked (`***`) wherever momoflow writes it. */
  | "secret";

/** One typed parameter of a command. Without a default it is required. */
export interface CommandParam {
  name: string;
  type: ParamType;
  default?: unknown;
  description?: string;
  /**
   * The value is a shell script (`sh`'s `script`): a `${...}` reference that a
   * `CommandStep` argument puts into it is shell-quoted for where it lands.
   */
  shellScript?: boolean;
}

/** What a command gets when it runs or is undone. */
export interface CommandInvocation {
  /** The step the command runs or undoes for, when it runs for one (a `StepExecution` is an invocation). */
  readonly stepId?: string;
  readonly workingDirectory: string;
  readonly signal: AbortSignal;
  readonly env: Record<string, string | undefined>;
  readonly logger: Logger;
  /** A private folder for backups, kept with the run record (create it on demand). */
  readonly backupDir: string;
  /** Record rollback data before the effect it protects (see `StepExecution.remember`). */
  remember(rollbackData: unknown): void;
  reportChildMetrics(metrics: ChildMetrics): void;
  /**
   * Writes what a process the command started printed, as it arrives, to the
   * step's log and the live display (see `StepExecution.writeOutput`).
   */
  writeOutput?(stream: "stdout" | "stderr", text: string): void;
  /**
   * Reports a process group the command started (its leader's pid), so that a
   * rollback after a crash can stop what is left of it (see `StepExecution.reportProcess`).
   */
  reportProcess?(pid: number): void;
  /**
   * Only for an undo: the step never started anywhere (a run on workers
   * whose job no worker took), so there was nothing to undo; the rollback
   * records it as never run rather than rolled back (see `StepExecution.reportNeverStarted`).
   */
  reportNeverStarted?(): void;
  /**
   * Only for an undo: the workers that ran the step (`workers`, by name)
   * found it undone already — by the undo an earlier rollback sent them,
   * which went on there after that rollback was killed — so nothing was
   * undone again; the rollback records where it was finished.
   */
  reportFoundUndone?(workers: readonly string[]): void;
  /**
   * Hides the secrets a message must not show (secret params as `***`,
   * environment values as `${env.NAME}`). A command applies it to what it
   * quotes *before* cutting it short: a script's first line cut at 60
   * characters, or its output cut into lines, would otherwise keep part of a
   * value that no later mask recognizes.
   */
  hideInMessage?(text: string): string;
  /**
   * Only for an undo: replace what was changed since the step did its work
   * (`momoflow rollback --force`). Without it an undo that would overwrite
   * newer work fails instead, naming the file.
   */
  readonly force?: boolean;
}

/** Arguments by parameter name. */
export type CommandArgs = Record<string, unknown>;

/** How a command is declared: `registry.register(name, spec)`. */
export interface CommandSpec {
  /** One line; when empty or absent, the first paragraph of `doc` stands in. */
  description?: string;
  /** Longer Markdown documentation (shown in hover). */
  doc?: string;
  params?: CommandParam[];
  /** Does the work; the return value (awaited) is the output. A throw is a failure. */
  run(args: CommandArgs, invocation: CommandInvocation): unknown;
  /** The automatic undo: called with the same args and the data `run` remembered. */
  rollback?(args: CommandArgs, rollbackData: unknown, invocation: CommandInvocation): unknown;
  /** What undoes it, in words, for hover (e.g. "restoring what was there before"). */
  undoDescription?: string;
  /**
   * Changes nothing outside the run (`sleep`, `log`): there is nothing to undo,
   * so a step calling it never makes a rollback partial.
   */
  effectFree?: boolean;
  /**
   * Takes arguments beyond its `params`, passed on unchecked (a mock, or a
   * port of a momo-workflow command that took `**kwargs`). Default false.
   */
  anyArguments?: boolean;
}

/** A command's public signature: what the language server and the checker read. */
export interface CommandSignature {
  name: string;
  description: string;
  doc?: string;
  params: CommandParam[];
  /** Has an automatic undo. */
  reversible: boolean;
  undoDescription?: string;
  /** Changes nothing outside the run: nothing to undo (see {@link CommandSpec.effectFree}). */
  effectFree?: boolean;
  /** Takes arguments beyond its params (see {@link CommandSpec.anyArguments}). */
  anyArguments?: boolean;
  builtin: boolean;
}

/** A registered command. */
export interface Command extends CommandSignature {
  run(args: CommandArgs, invocation: CommandInvocation): Promise<unknown>;
  rollback?(args: CommandArgs, rollbackData: unknown, invocation: CommandInvocation): Promise<void>;
}
