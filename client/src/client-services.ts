import type * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import type { RunRecordChange } from "./run-records/run-record-events";

/**
 * What every feature of the extension receives from `activate()`.
 *
 * A feature module exports `register<Feature>(context, services)`, pushes its
 * disposables onto `context.subscriptions`, and adds one line to
 * `extension.ts`. Features never start their own language client or output
 * channel; they use these.
 */
export interface ClientServices {
  /**
   * The language client, once created. It may still be starting, or stopped
   * (restart creates a new one), so read it each time; never cache it.
   * `undefined` only before activation finished creating it.
   */
  readonly client: () => LanguageClient | undefined;
  /** The "momoflow" output channel (logs of the extension and the server). */
  readonly output: vscode.LogOutputChannel;
  /** The status bar item: the server's state and the last run's status. */
  readonly statusBar: StatusBarController;
  /** Absolute paths and URIs of what the extension ships. */
  readonly paths: ClientPaths;
  /** Whether the workspace is trusted (running, rolling back and testing need it). */
  readonly isTrusted: () => boolean;
  /** Changes of the workspace's run records (`.momoflow/runs`), from every source. */
  readonly runRecords: RunRecordEventSource;
  /**
   * Fires with a document whose outline may have changed though it was not
   * edited: a file it imports changed (its steps' definitions quote what
   * they call there). Ask for its outline again.
   */
  readonly onDidChangeOutline: vscode.Event<vscode.Uri>;
}

/** See `RunRecordEvents`: the one place that says when run records changed. */
export interface RunRecordEventSource {
  /** Fires once per burst of changes of a runs folder. */
  readonly onDidChange: vscode.Event<RunRecordChange>;
  /** Follows a run in progress (its folder) and reports when it finished or died. */
  follow(runDir: string): void;
}

export interface ClientPaths {
  /** The extension's root folder. */
  readonly extensionUri: vscode.Uri;
  /** The bundled CLI: `<extension>/dist/cli.js`. */
  readonly cliPath: string;
  /** The bundled language server: `<extension>/dist/server.js`. */
  readonly serverPath: string;
}

/** The language server's state, as the status bar shows it. */
export type ServerState = "starting" | "running" | "stopped" | "error";

/**
 * The status of the last run started from the editor: `running` while it
 * runs, then one of the engine's workflow statuses (language.md §6), or
 * `not_run` when the CLI refused to start it (the file has errors, a bad
 * param): no run happened, so none is reported.
 */
export type LastRunStatus =
  | "running"
  | "success"
  | "failed"
  | "rolled_back"
  | "partially_rolled_back"
  | "cancelled"
  | "not_run";

/** Optional details shown in the status bar's tooltip. */
export interface LastRunDetail {
  /** The workflow's name. */
  readonly workflow?: string;
  /** The file that declares it. */
  readonly file?: vscode.Uri;
  /** What was done: a run, a rollback or a test. */
  readonly action?: "run" | "rollback" | "test";
  /** Wall time of the run in milliseconds, once it ended. */
  readonly durationMs?: number;
  /** The run's id, when its record is known. */
  readonly runId?: string;
  /** The file's name, shown when no workflow is named. */
  readonly fileName?: string;
  /** Why nothing ran (`not_run`): "the file has errors". */
  readonly reason?: string;
  /**
   * When what is reported started (epoch ms): a task's start for a task's
   * report, the run's start for a report from its record. A record's report of
   * a run that started before what is shown is old news (see `keepsShownRun`).
   */
  readonly startedAt?: number;
  /** The steps whose logs a full disk cut short (result.json's `incompleteLogs`); absent when none. */
  readonly incompleteLogs?: readonly string[];
  /** Of those, the steps cut short on the worker that ran them: its name (result.json's `incompleteLogsOn`). */
  readonly incompleteLogsOn?: Readonly<Record<string, string>>;
}

export interface StatusBarController {
  /** Shows the server's state (the language client sets this). */
  setServerState(state: ServerState, message?: string): void;
  /** Shows the last run's status; `undefined` clears it. */
  setLastRun(status: LastRunStatus | undefined, detail?: LastRunDetail): void;
}
