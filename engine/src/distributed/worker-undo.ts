import { getCommandRegistry } from "../commands/registry";
import type { JournalEvent } from "../record/journal-event";
import { JournalReplay, undoCalls, type ReplayedStep } from "../record/journal-replay";
import { recordedProcesses, stopLeftoverProcesses } from "../record/leftover-processes";
import { RecordWriteError } from "../record/record-write-error";
import { WorkflowContext } from "../runtime/context";
import { undoSteps, type UndoItem } from "../runtime/rollback";
import { undoExecution } from "../runtime/undo-execution";
import {
  recordUndoWay,
  undoFromRecord,
  type RecordedAttempts,
  type RecordUndoPlace,
} from "../runtime/undo-from-record";
import { PrintedOutput } from "./printed-output";
import type { UndoJobData, UndoJobResult } from "./step-job";
import { join } from "node:path";
import { attemptFolder, attemptKey, readAttempts, type WorkerJournal } from "./worker-journal";
import type { WorkerPlace } from "./worker-step-run";
import { wasExpired } from "./journal-pruning";
import type { AttemptParamValues } from "./undo-param-values";
import { MissingSecretParamError } from "../runtime/missing-secret-param-error";
import { secretParamVariable } from "../runtime/secret-param-source";
import { DEFAULT_ROLLBACK_TIMEOUT_MS } from "../runtime/undo-deadline";

/**
 * Undoes what this worker did for one step of a run, from its journal alone
 * (as `momoflow rollback` undoes a run from its record), the latest attempt
 * first, by the run record's rules: a completed step is undone, a half-done
 * one (no outcome: it failed, or the worker was killed mid-step) when it may
 * have had an effect, a step undone before is not undone again. Process
 * groups a killed attempt left running are stopped first. A worker whose
 * journal holds no start of the step did nothing to undo.
 *
 * @param journal where the undo's own events go (the worker's main journal,
 *   which holds the undos, from a step thread through `UndoJournalLink`);
 *   when it cannot be written the undo goes on, and says so in the log.
 * @param giveUp aborted when the scheduler gave the undo up (its deadline,
 *   a second Ctrl+C): the running undo is given up, its processes stopped,
 *   and no further attempt is undone.
 * @param params the values of the secret params the attempts' undos read,
 *   as this worker process ran them (its journal keeps references only);
 *   one not there is read from `MOMOFLOW_PARAM_<NAME>`.
 */
export async function undoStepHere(
  job: UndoJobData,
  place: WorkerPlace,
  journal: UndoJournal,
  giveUp?: AbortSignal,
  params?: AttemptParamValues,
): Promise<UndoJobResult> {
  const keys = undoAttemptKeys(job);
  const recorded = readAttempts(journal.dir, job.runId, keys);
  let started = false;
  // Whether an attempt was undone before this job (by an earlier one), and whether this job undid one.
  let undoneBefore = false;
  let undoneNow = false;
  const printed = new PrintedOutput(
    place.logger,
    keys.flatMap((key) => Object.values(params?.of(key) ?? {})),
  );
  const ended = (result: UndoJobResult): UndoJobResult => {
    const log = printed.text();
    return log === "" ? result : { ...result, log };
  };
  for (const key of keys) {
    const events = recorded.get(key);
    if (!events?.some((e) => e.type === "step_started")) continue;
    started = true;
    const replay = JournalReplay.of(events);
    if (!events.some((e) => e.type === "step_finished"))
      await stopLeftoverProcesses(recordedProcesses(events), { logger: place.logger });
    const plan = replay.undoPlan();
    if (plan.undone.length > 0) undoneBefore = true;
    if (plan.toUndo.length === 0) continue;
    undoneNow = true;
    const record = (event: JournalEvent): void => {
      replay.apply(event);
      try {
        journal.emit(event);
      } catch (error) {
        if (!(error instanceof RecordWriteError)) throw error;
        place.logger.warn(`the undo of ${key} is not in the journal: ${error.message}`);
      }
    };
    const outcome = await undoSteps(
      plan.toUndo.map((s) =>
        undoItem(
          s,
          job,
          place,
          attemptFolder(journal.dir, key),
          printed,
          params?.of(key) ?? {},
          journal,
        ),
      ),
      "manual",
      record,
      // An undo whose lines would not fit is not started: it would run again in a later rollback.
      { giveUp, recordable: () => journal.roomAssured() },
    );
    const failed = [...outcome.failed.values()][0];
    if (failed !== undefined)
      return ended({ worker: place.worker, status: "rollback_failed", error: failed });
    if (outcome.unrecordable)
      return ended({
        worker: place.worker,
        status: "rollback_failed",
        error: `the disk of worker ${place.worker} is full: its journal has no room to record the undo of step "${job.stepId}", so it was not started; free space there and roll back again`,
      });
    if (outcome.notAttempted.length > 0)
      return ended({
        worker: place.worker,
        status: "rollback_failed",
        error: "given up by the scheduler before it started",
      });
  }
  if (!started && wasExpired(journal.dir, job.runId))
    return {
      worker: place.worker,
      status: "rollback_failed",
      error: `the journal entries of run ${job.runId} on worker ${place.worker} were pruned (older than its --retain): undo step "${job.stepId}" by hand there`,
    };
  if (!started) return ended({ worker: place.worker, status: "nothing_to_undo" });
  // An undo job sent while an earlier one of the step ran here (its scheduler killed) waits for it, then finds it done.
  if (undoneBefore && !undoneNow)
    return ended({ worker: place.worker, status: "rolled_back", foundUndone: true });
  return ended({ worker: place.worker, status: "rolled_back" });
}

/**
 * Where a worker's undo reads the attempts it undoes, and records its own
 * events; `undoing`, when there, is told as each attempt's undo starts,
 * with its bound (see `UndoJournalServer`).
 */
export type UndoJournal = Pick<WorkerJournal, "dir" | "emit" | "roomAssured"> & {
  undoing?(step: string, timeoutMs: number): void;
};

/** The journal keys of the attempts an undo job undoes, the latest first. */
export function undoAttemptKeys(job: UndoJobData): string[] {
  const keys: string[] = [];
  for (let attempt = job.attempts; attempt >= 1; attempt--)
    keys.push(attemptKey(job.runId, job.stepId, attempt));
  return keys;
}

/**
 * How an attempt is undone from the worker's journal, as a rollback undoes a
 * step from its run record (see `undoFromRecord`): by its recipe, or, its
 * undo being a `js()` function, by the function the journal names. A worker
 * keeps no workflow for its undos: an undo that is code and names no
 * function (a journal written before they did) is undone by hand.
 */
function undoItem(
  s: ReplayedStep,
  job: UndoJobData,
  place: WorkerPlace,
  folder: string,
  printed: PrintedOutput,
  params: Readonly<Record<string, string>>,
  journal: UndoJournal,
): UndoItem {
  const { stepId } = job;
  const context = new WorkflowContext({ workingDirectory: place.workdir, logger: place.logger });
  // As the step had it: a js() undo may name what it undoes by the run (`context.runId`).
  context.runId = job.runId;
  const backups = join(folder, "backups");
  const attempts: RecordedAttempts = {
    recipe: s.undo,
    calls: undoCalls(s),
    result: () => {
      throw new Error("a worker keeps no workflow code to undo with");
    },
  };
  const where: RecordUndoPlace = {
    registry: getCommandRegistry(),
    context,
    params,
    step: undefined,
    missing: () =>
      `the undo of step "${stepId}" is code in the workflow module (js()), which a worker does not keep: undo it by hand on ${place.worker}`,
  };
  if (recordUndoWay(attempts, undefined) === undefined)
    return { stepId: s.info.id, undo: () => Promise.reject(new Error(where.missing())) };
  return {
    stepId: s.info.id,
    timeoutMs: s.info.rollbackTimeoutMs,
    undo: async (abort) => {
      journal.undoing?.(s.info.id, s.info.rollbackTimeoutMs ?? DEFAULT_ROLLBACK_TIMEOUT_MS);
      const execution = undoExecution(
        context,
        stepId,
        s.attempts,
        backups,
        undefined,
        undefined,
        abort,
        printed.sinks(),
      );
      try {
        await undoFromRecord(attempts, where, execution);
      } catch (error) {
        // A worker is given no --param: its environment is where the value goes.
        if (!(error instanceof MissingSecretParamError)) throw error;
        throw new Error(
          `it reads the secret param \`${error.param}\`, which its journal does not keep: start worker ${place.worker} with ${secretParamVariable(error.param)} in its environment (a value given to momoflow rollback is not sent through Redis)`,
          { cause: error },
        );
      } finally {
        execution.endOutput();
      }
    },
  };
}
