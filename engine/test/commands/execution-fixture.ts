import { join } from "node:path";
import type { CommandInvocation } from "../../src/commands/command";
import type { LogFields, Logger } from "../../src/runtime/logger";
import type { ChildMetrics } from "../../src/runtime/metrics";
import type { StepExecution } from "../../src/runtime/step";

/** A log line a {@link RecordingExecution} received. */
export interface LogLine {
  level: keyof Logger;
  message: string;
  fields?: LogFields;
}

/**
 * A real StepExecution (a plain object, usable as a CommandInvocation) that
 * records what the command told it. Files go to `<dir>/work`, backups to
 * `<dir>/record/backups`, as the engine lays them out.
 */
export interface RecordingExecution extends StepExecution {
  readonly controller: AbortController;
  readonly remembered: unknown[];
  readonly childMetrics: ChildMetrics[];
  readonly logs: LogLine[];
  /** The last remembered rollback data. */
  readonly lastRemembered: unknown;
}

export interface ExecutionInit {
  workingDirectory: string;
  backupDir?: string;
  env?: Record<string, string | undefined>;
  /** Called on each `remember`, after recording; a throw here simulates a crash right after it. */
  onRemember?: (data: unknown) => void;
}

export function recordingExecution(init: ExecutionInit): RecordingExecution {
  const controller = new AbortController();
  const remembered: unknown[] = [];
  const childMetrics: ChildMetrics[] = [];
  const logs: LogLine[] = [];
  const log =
    (level: keyof Logger) =>
    (message: string, fields?: LogFields): void => {
      logs.push(fields ? { level, message, fields } : { level, message });
    };
  return {
    stepId: "step",
    attempt: 1,
    signal: controller.signal,
    controller,
    workingDirectory: init.workingDirectory,
    backupDir: init.backupDir ?? join(init.workingDirectory, ".momoflow", "backups", "step"),
    env: init.env ?? process.env,
    logger: { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") },
    remembered,
    childMetrics,
    logs,
    get lastRemembered() {
      return remembered[remembered.length - 1];
    },
    remember(data) {
      // Through JSON, as the run record stores it.
      remembered.push(JSON.parse(JSON.stringify(data)) as unknown);
      init.onRemember?.(data);
    },
    reportChildMetrics(metrics) {
      childMetrics.push(metrics);
    },
  };
}

/** Thrown by `onRemember` to stop a command right after it remembered, as a kill would. */
export class SimulatedCrash extends Error {
  constructor() {
    super("simulated crash after remember");
  }
}

/** An `onRemember` that crashes the command right after its first remember. */
export function crashAfterRemember(): void {
  throw new SimulatedCrash();
}

/** Type check: a StepExecution is usable as a CommandInvocation as it is. */
export const _executionIsInvocation = (e: StepExecution): CommandInvocation => e;
