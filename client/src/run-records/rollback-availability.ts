import { closeSync, existsSync, fstatSync, openSync, readSync } from "node:fs";
import {
  type JournalEvent,
  type RunStartedEvent,
  readJournal,
  JournalReplay,
  isProcessAlive,
  runRecordPaths,
} from "@momoflow/record";
import type { RunSummary } from "./run-history";

/**
 * Whether the latest run of a workflow can be rolled back, and why (or why not):
 * what `momoflow rollback` would undo, by the same journal replay
 * (engine/src/record/journal-replay.ts); it refuses a run whose process is still alive.
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
export type LivenessProbe = (pid: number, startTicks?: number) => boolean;

/**
 * Whether the run `run` (the latest of its workflow) can be rolled back: the
 * same journal replay as `momoflow rollback` decides what is left to undo.
 */
export function rollbackAvailability(
  run: RunSummary | undefined,
  isAlive: LivenessProbe = isProcessAlive,
): RollbackAvailability {
  if (!run) return { state: "no-run" };
  const paths = runRecordPaths(run.dir);
  // A running run's journal may be long and growing, so its first line (with
  // the pid) and its end are read before the whole of it.
  const start = readJournalStart(paths.journal);
  if (
    start &&
    !existsSync(paths.result) &&
    isAlive(start.pid, start.pidStartTicks) &&
    !journalTailHasRunFinished(paths.journal)
  )
    return { state: "running", run };
  let replay: JournalReplay;
  try {
    replay = JournalReplay.of(readJournal(paths.journal).events);
  } catch {
    return { state: "nothing-to-undo", run, status: run.status };
  }
  const finished = replay.finished !== undefined;
  if (!finished && replay.start && isAlive(replay.start.pid, replay.start.pidStartTicks))
    return { state: "running", run };
  return replay.undoPlan().toUndo.length > 0
    ? { state: "available", run, why: finished ? "finished" : "killed" }
    : { state: "nothing-to-undo", run, status: replay.runStatus() ?? run.status };
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
