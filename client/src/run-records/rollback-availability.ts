import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import type { JournalEvent, RunStartedEvent } from "../../../engine/src/record/journal-event";
import { readJournal } from "../../../engine/src/record/journal-reader";
import { readResultFile, type RunResultFile } from "../../../engine/src/record/result-file";
import { runRecordPaths } from "../../../engine/src/record/run-paths";
import type { RunSummary } from "./run-history";

/**
 * Whether the latest run of a workflow can be rolled back, and why (or why not).
 * This mirrors what `momoflow rollback` does with the record
 * (engine/src/record/rollback-run.ts): it undoes the completed reversible steps
 * not undone yet (retrying those whose undo failed), and the steps a killed run
 * left half-done; it refuses a run whose process is still alive.
 */
export type RollbackAvailability =
  /** No run of this workflow. */
  | { state: "no-run" }
  /** The run ended (result.json) and has steps left to undo. */
  | { state: "available"; run: RunSummary; why: "finished" | "killed" }
  /** The run has not ended and its process is alive: the CLI would refuse. */
  | { state: "running"; run: RunSummary }
  /** Nothing left to undo: rolled back already, or nothing it did is reversible. */
  | { state: "nothing-to-undo"; run: RunSummary; status: string | undefined };

/** How to tell whether a process is alive (replaced in tests). */
export type LivenessProbe = (pid: number) => boolean;

/** Whether a process exists: signal 0 is delivered or refused for permission (it exists then). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Whether the run `run` (the latest of its workflow) can be rolled back. */
export function rollbackAvailability(
  run: RunSummary | undefined,
  isAlive: LivenessProbe = processIsAlive,
): RollbackAvailability {
  if (!run) return { state: "no-run" };
  const paths = runRecordPaths(run.dir);
  let result: RunResultFile | undefined;
  try {
    result = readResultFile(paths.result);
  } catch {
    result = undefined; // A damaged result.json: the journal still tells.
  }
  if (result) {
    return resultHasStepsToUndo(result)
      ? { state: "available", run, why: "finished" }
      : { state: "nothing-to-undo", run, status: result.status };
  }
  // No result yet: running, or killed. A running run's journal may be long and
  // growing, so its first line (with the pid) is read before the whole of it.
  const start = readJournalStart(paths.journal);
  if (start && isAlive(start.pid) && !journalTailHasRunFinished(paths.journal))
    return { state: "running", run };
  let events: JournalEvent[];
  let pid: number;
  try {
    const journal = readJournal(paths.journal);
    events = journal.events;
    pid = journal.start.pid;
  } catch {
    return { state: "nothing-to-undo", run, status: undefined };
  }
  const finished = events.some((e) => e.type === "run_finished");
  if (!finished && isAlive(pid)) return { state: "running", run };
  return journalHasStepsToUndo(events)
    ? { state: "available", run, why: finished ? "finished" : "killed" }
    : { state: "nothing-to-undo", run, status: undefined };
}

/** Bytes read from either end of a journal to find its first line or its end. */
const CHUNK = 16384;

/** The journal's `run_started` line, read alone (undefined when unreadable). */
export function readJournalStart(path: string): RunStartedEvent | undefined {
  const text = readChunk(path, "start");
  const newline = text?.indexOf("\n") ?? -1;
  if (text === undefined || newline < 0) return undefined;
  try {
    const event = JSON.parse(text.slice(0, newline)) as JournalEvent;
    return event.type === "run_started" ? event : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the end of a journal records `run_finished` (the run ended; result.json follows). */
function journalTailHasRunFinished(path: string): boolean {
  return readChunk(path, "end")?.includes('"type":"run_finished"') ?? false;
}

/** The first or last {@link CHUNK} bytes of a file, as text. */
function readChunk(path: string, where: "start" | "end"): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const size = fstatSync(fd).size;
    const length = Math.min(CHUNK, size);
    const buffer = Buffer.alloc(length);
    const n = readSync(fd, buffer, 0, length, where === "start" ? 0 : size - length);
    return buffer.subarray(0, n).toString("utf8");
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * A finished run has something to undo when a reversible step completed and is
 * not undone, or a step's undo failed (a rollback retries it).
 */
export function resultHasStepsToUndo(result: RunResultFile): boolean {
  if (result.status === "rolled_back") return false;
  return result.steps.some(
    (s) => (s.status === "success" && s.reversible) || s.status === "rollback_failed",
  );
}

/**
 * What a journal says is left to undo: reversible steps that completed, or
 * started and never finished (a killed run), and are not undone.
 */
export function journalHasStepsToUndo(events: JournalEvent[]): boolean {
  const reversible = new Map<string, boolean>();
  const started = new Set<string>();
  const outcome = new Map<string, string>();
  const undone = new Set<string>();
  for (const e of events) {
    if (e.type === "run_started") for (const s of e.steps) reversible.set(s.id, s.reversible);
    else if (e.type === "step_started") started.add(e.step);
    else if (e.type === "step_finished") outcome.set(e.step, e.status);
    else if (e.type === "step_rolled_back" && e.status === "rolled_back") undone.add(e.step);
  }
  for (const step of started) {
    if (undone.has(step) || !reversible.get(step)) continue;
    const status = outcome.get(step);
    if (status === undefined || status === "success") return true;
  }
  return false;
}

/** Why a workflow's last run cannot be rolled back, as the rollback command says it. */
export function unavailableReason(workflow: string, availability: RollbackAvailability): string {
  switch (availability.state) {
    case "no-run":
      return `${workflow} has no run to roll back in this workspace.`;
    case "running":
      return `The last run of ${workflow} is still running: stop it before rolling it back.`;
    case "nothing-to-undo":
      return availability.status === "rolled_back"
        ? `The last run of ${workflow} is rolled back already.`
        : `The last run of ${workflow} left nothing that can be undone.`;
    case "available":
      return "";
  }
}
