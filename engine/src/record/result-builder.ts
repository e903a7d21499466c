import { emptyMetrics, type ExecutionMetrics } from "../runtime/metrics";
import type { WorkflowStatus } from "../runtime/status";
import { earlierUndoneFrom, type JournalReplay } from "./journal-replay";
import { RECORD_FORMAT_VERSION } from "./journal-event";
import type { ResultStep, RunResultFile } from "./result-file";
import { stepLogPath } from "./run-paths";
import { successRate } from "../runtime/success-rate";
import { instancesUndoError } from "../runtime/fan-out";
import { summedUpStepIds } from "./summed-up-steps";
import { rollbackFailedError } from "../runtime/rollback-failed-error";
import { giveTimeoutReasons } from "../runtime/not-run-after-timeout";
import type { UndoRunAgain } from "../runtime/rollback-undos-run-again";
import { spanUnjoinedCalls } from "../runtime/call-span";
import type { FoundUndone } from "./found-undone-text";

/** The figures of a step never timed to an end (see `isMeasured`). */
const UNMEASURED: ExecutionMetrics = Object.freeze(emptyMetrics(0));

/** What a run's `result.json` says beyond its steps. */
export interface RunOutcome {
  status: WorkflowStatus;
  error?: string;
  metrics: ExecutionMetrics;
  /** The undos its rollbacks ran again, from the journal (see `undosRunAgainIn`); absent when none. */
  undosRunAgain?: readonly UndoRunAgain[];
  /** The steps its workflow's timeout left unstarted, as `run_finished` records them (see `RunFinishedEvent`). */
  notRunAfterTimeout?: readonly string[];
  /** The steps whose logs miss some of what they printed (see `RunResultFile.incompleteLogs`); absent when none. */
  incompleteLogs?: readonly string[];
  /** The worker of each of those cut short on their worker (see `RunResultFile.incompleteLogsOn`); absent when none. */
  incompleteLogsOn?: Readonly<Record<string, string>>;
  /** The steps a rollback found undone already on their workers (see `RunResultFile.foundUndone`); absent when none. */
  foundUndone?: readonly FoundUndone[];
}

/**
 * Builds `result.json` from the journal replay — the one builder, used when a
 * run ends and after every later rollback, so the file always says what the
 * journal says.
 *
 * A step's `log` is what its outcome recorded; for a step that never
 * finished (the run was killed), or that was undone (its undo may have
 * printed when it did not), `hasLog` says whether it left one.
 *
 * @throws Error when the replay has no `run_started` event.
 */
export function buildResultFile(
  replay: JournalReplay,
  outcome: RunOutcome,
  hasLog: (relativePath: string) => boolean = () => false,
): RunResultFile {
  const start = replay.start;
  if (!start) throw new Error("the journal has no run_started event");
  let empty: ExecutionMetrics | undefined;
  // A step that never ran is placed at the run's own end (as measured), not at
  // the later moment the end was written: its figures stay within the run.
  // A killed run's end is the one its outcome gives (see `killedRunMetrics`).
  const noMetrics = (): ExecutionMetrics =>
    (empty ??= emptyMetrics(
      replay.finished?.metrics?.endTime ?? replay.finished?.time ?? outcome.metrics.endTime,
    ));
  const steps = replay.mapSteps((s): ResultStep => {
    const status = replay.stepStatus(s);
    const interrupted = replay.interrupted(s);
    // Field by field, in the journal's order: no spread, and `needs` shared (the file is only serialized).
    const info = s.info;
    // `=== true`: a record of an earlier version may leave it out (see journal-event-shape.ts).
    const step = {
      id: info.id,
      needs: info.needs,
      reversible: info.reversible === true,
    } as ResultStep;
    if (info.description !== undefined) step.description = info.description;
    if (info.effectFree !== undefined) step.effectFree = info.effectFree;
    if (info.instanceOf !== undefined) {
      step.instanceOf = info.instanceOf;
      step.item = info.item;
    }
    step.status = status;
    step.attempts = s.attempts;
    // One the kill cut was never timed to an end: no figures (`—`), as one the run gave up.
    step.metrics = s.metrics ?? (interrupted ? UNMEASURED : noMetrics());
    const error =
      status === "rollback_failed"
        ? s.undoError === undefined && s.instances
          ? instancesUndoError(
              info.id,
              s.instances.map((i) => i.info.id),
              s.instances
                // A called step's failure its call went on after is no instance's (see fanOutStatus).
                .filter((i) => replay.stepStatus(i) === "rollback_failed" && i.status !== "failed")
                .map((i) => ({ id: i.info.id, error: i.undoError ?? "unknown error" })),
            )
          : rollbackFailedError(s.undoError ?? "unknown error", s.error)
        : (s.error ??
          (interrupted ? "interrupted: the run ended while this step was running" : undefined));
    if (error !== undefined) step.error = error;
    if (s.output !== undefined) step.output = s.output;
    // A step that was undone may have printed only then: its log is the one its undo wrote.
    const undone = status === "rolled_back" || status === "rollback_failed";
    const log = s.log ?? (interrupted || undone ? stepLogPath(s.info.id) : undefined);
    if (log !== undefined && (s.log !== undefined || hasLog(log))) step.log = log;
    if (s.fingerprint !== undefined) step.fingerprint = s.fingerprint;
    if (s.reusedFrom !== undefined) step.reusedFrom = s.reusedFrom;
    if (s.changedSince !== undefined) step.changedSince = s.changedSince;
    if (s.upToDate) step.upToDate = true;
    if (s.reason !== undefined) step.reason = s.reason;
    if (s.worker !== undefined) step.worker = s.worker;
    if (s.earlier !== undefined) {
      const undone = earlierUndoneFrom(s);
      if (undone.length > 0) step.earlierUndone = undone;
    }
    return step;
  });
  // Nor for a calling step whose call failed: its row gives the call's try and time.
  spanUnjoinedCalls(steps, (s) => s.id);
  // The journal records no outcome for a step the run never started: why, when its timeout stopped it.
  giveTimeoutReasons(start.workflow.id, outcome.error, steps, outcome.notRunAfterTimeout);
  const summedUp = summedUpStepIds(steps);
  const file: RunResultFile = {
    v: RECORD_FORMAT_VERSION,
    runId: start.runId,
    workflow: start.workflow,
    workdir: start.workdir,
    status: outcome.status,
    metrics: outcome.metrics,
    successRate: successRate(
      steps,
      (s) => s.id,
      (s) => s.status,
      summedUp,
    ),
    rolledBackSteps: replay.rolledBackOrder(),
    steps,
  };
  if (start.source) file.source = start.source;
  if (start.stepDefinitions) file.stepDefinitions = start.stepDefinitions;
  if (outcome.error !== undefined) file.error = outcome.error;
  if (start.resumedFrom !== undefined) file.resumedFrom = start.resumedFrom;
  if (replay.resumedBy !== undefined) file.resumedBy = replay.resumedBy;
  if (outcome.undosRunAgain !== undefined) file.undosRunAgain = [...outcome.undosRunAgain];
  if (outcome.incompleteLogs !== undefined) file.incompleteLogs = [...outcome.incompleteLogs];
  if (outcome.incompleteLogsOn !== undefined)
    file.incompleteLogsOn = { ...outcome.incompleteLogsOn };
  if (outcome.foundUndone !== undefined)
    file.foundUndone = outcome.foundUndone.map((f) => ({ ...f }));
  return file;
}
