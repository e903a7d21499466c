/**
 * Stopping a run started outside the editor (a terminal, a script): the
 * editor has no task of it, so it signals the run's own process, which its
 * run record names — only while that very process runs it.
 */
import { existsSync } from "node:fs";
import { isProcessAlive, runRecordPaths } from "@momoflow/record";
import { readJournalStart } from "./rollback-availability";

/** What {@link stopOutsideRun} did. */
export type OutsideStop =
  /** The run's process was sent a Ctrl+C (SIGINT): it cancels the run and rolls back. */
  | { state: "stopping"; pid: number }
  /** The run had ended (or its process is gone): nothing was signalled. */
  | { state: "ended" }
  /**
   * The record does not say when its process started (not on Linux, or
   * `/proc` unreadable): its pid alone could name another process by now, so
   * nothing was signalled.
   */
  | { state: "unsure"; pid: number };

/** Sends a signal to a process (replaced in tests). */
export type SignalSender = (pid: number, signal: NodeJS.Signals) => void;

/**
 * Stops the run of the record folder `runDir` as Ctrl+C in its terminal
 * would: SIGINT to the process its journal names, which then cancels the run
 * and rolls back what it did (a second one stops it at once). Only when the
 * record says when that process started and the process with that pid now is
 * that one: a pid reused by another process is never signalled.
 */
export function stopOutsideRun(
  runDir: string,
  send: SignalSender = (pid, signal) => process.kill(pid, signal),
): OutsideStop {
  const paths = runRecordPaths(runDir);
  const start = readJournalStart(paths.journal);
  if (!start || existsSync(paths.result)) return { state: "ended" };
  if (start.pidStartTicks === undefined) return { state: "unsure", pid: start.pid };
  if (!isProcessAlive(start.pid, start.pidStartTicks)) return { state: "ended" };
  try {
    send(start.pid, "SIGINT");
  } catch {
    return { state: "ended" }; // It ended meanwhile.
  }
  return { state: "stopping", pid: start.pid };
}

/**
 * Whether the run of the record folder `runDir` can be stopped from the
 * editor (see {@link stopOutsideRun}): its record says when its process started.
 */
export function canStopOutsideRun(runDir: string): boolean {
  return readJournalStart(runRecordPaths(runDir).journal)?.pidStartTicks !== undefined;
}
