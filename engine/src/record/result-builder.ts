import { emptyMetrics, type ExecutionMetrics } from "../runtime/metrics";
import type { WorkflowStatus } from "../runtime/status";
import { earlierUndoneFrom, type JournalReplay, type ReplayedStep } from "./journal-replay";
import { RECORD_FORMAT_VERSION, type RunStartedEvent } from "./journal-event";
import type { KeptMetricsBytes } from "./kept-metrics-bytes";
import { resultFileBytes, ResultStepsBytes } from "./result-file-bytes";
import type { ResultStep, RunResultFile } from "./result-file";
import { stepLogPath } from "./run-paths";
import { SuccessCount, successRate } from "../runtime/success-rate";
import { instancesUndoError } from "../runtime/fan-out";
import { summedUpStepIds } from "./summed-up-steps";
import { rollbackFailedError } from "../runtime/rollback-failed-error";
import { giveTimeoutReasons } from "../runtime/not-run-after-timeout";
import type { UndoRunAgain } from "../runtime/rollback-undos-run-again";

/** What a run's `result.json` says beyond its steps. */
export interface RunOutcome {
  status: WorkflowStatus;
  error?: string;
  metrics: ExecutionMetrics;
  /** The undos its rollbacks ran again, from the journal (see `undosRunAgainIn`); absent when none. */
  undosRunAgain?: readonly UndoRunAgain[];
  /** The steps its workflow's timeout left unstarted, as `run_finished` records them (see `RunFinishedEvent`). */
  notRunAfterTimeout?: readonly string[];
}

/**
 * Builds `result.json` from the journal replay — the one builder, used when a
 * run ends and after every later rollback, so the file always says what the
 * journal says (see {@link resultStepMaker} for its steps' logs).
 *
 * @throws Error when the replay has no `run_started` event.
 */
export function buildResultFile(
  replay: JournalReplay,
  outcome: RunOutcome,
  hasLog: (relativePath: string) => boolean = () => false,
): RunResultFile {
  const start = startOf(replay);
  const steps = replay.mapSteps(resultStepMaker(replay, hasLog));
  // The journal records no outcome for a step the run never started: why, when its timeout stopped it.
  giveTimeoutReasons(start.workflow.id, outcome.error, steps, outcome.notRunAfterTimeout);
  const rate = successRate(
    steps,
    (s) => s.id,
    (s) => s.status,
    summedUpStepIds(steps),
  );
  return resultFile(start, replay, outcome, rate, steps);
}

/**
 * The bytes of `result.json` as {@link buildResultFile} and `resultFileBytes`
 * give them, for a run that ended without an error, made a step at a time:
 * each step's object is encoded as soon as it is made, and let go — no list
 * of a large run's steps, each object copied by the garbage collector while
 * the list is built. Undefined when the run ended with an error (a timeout's
 * reasons are given over the whole list) or a step's output has no JSON:
 * {@link buildResultFile} then.
 */
export function streamedResultFileBytes(
  replay: JournalReplay,
  outcome: RunOutcome,
  hasLog: (relativePath: string) => boolean,
  kept: KeptMetricsBytes | undefined,
): Buffer | undefined {
  if (outcome.error !== undefined || outcome.notRunAfterTimeout !== undefined) return undefined;
  const start = startOf(replay);
  const infos = replay.stepInfos();
  // A step's id, needs and what it sums up are its info's: the same set as from the steps.
  const count = new SuccessCount(summedUpStepIds(infos));
  const stepOf = resultStepMaker(replay, hasLog);
  const steps = new ResultStepsBytes(infos.length, kept);
  try {
    replay.forEachStep((s) => {
      const step = stepOf(s);
      count.add(step.id, step.status);
      steps.add(step);
    });
  } catch {
    // An output JSON cannot hold (a BigInt, a cycle): the whole file gets its stand-ins.
    return undefined;
  }
  return resultFileBytes(resultFile(start, replay, outcome, count.rate, []), kept, steps.end());
}

function startOf(replay: JournalReplay): RunStartedEvent {
  const start = replay.start;
  if (!start) throw new Error("the journal has no run_started event");
  return start;
}

/** The file around its steps and success rate, its fields in the order the file has them. */
function resultFile(
  start: RunStartedEvent,
  replay: JournalReplay,
  outcome: RunOutcome,
  rate: number,
  steps: ResultStep[],
): RunResultFile {
  const file: RunResultFile = {
    v: RECORD_FORMAT_VERSION,
    runId: start.runId,
    workflow: start.workflow,
    workdir: start.workdir,
    status: outcome.status,
    metrics: outcome.metrics,
    successRate: rate,
    rolledBackSteps: replay.rolledBackOrder(),
    steps,
  };
  if (start.source) file.source = start.source;
  if (start.stepDefinitions) file.stepDefinitions = start.stepDefinitions;
  if (outcome.error !== undefined) file.error = outcome.error;
  if (start.resumedFrom !== undefined) file.resumedFrom = start.resumedFrom;
  if (replay.resumedBy !== undefined) file.resumedBy = replay.resumedBy;
  if (outcome.undosRunAgain !== undefined) file.undosRunAgain = [...outcome.undosRunAgain];
  return file;
}

/**
 * What makes a replayed step's entry of `result.json`. A step's `log` is
 * what its outcome recorded; for a step that never finished (the run was
 * killed), or that was undone (its undo may have printed when it did not),
 * `hasLog` says whether it left one.
 */
function resultStepMaker(
  replay: JournalReplay,
  hasLog: (relativePath: string) => boolean,
): (s: ReplayedStep) => ResultStep {
  let empty: ExecutionMetrics | undefined;
  // A step that never ran is placed at the run's own end (as measured), not at
  // the later moment the end was written: its figures stay within the run.
  const noMetrics = (): ExecutionMetrics =>
    (empty ??= emptyMetrics(replay.finished?.metrics?.endTime ?? replay.finished?.time));
  return (s) => {
    const status = replay.stepStatus(s);
    const interrupted = replay.interrupted(s);
    // Field by field, in the journal's order: no spread, and `needs` shared (the file is only serialized).
    const info = s.info;
    const step = { id: info.id, needs: info.needs, reversible: info.reversible } as ResultStep;
    if (info.description !== undefined) step.description = info.description;
    if (info.effectFree !== undefined) step.effectFree = info.effectFree;
    if (info.instanceOf !== undefined) {
      step.instanceOf = info.instanceOf;
      step.item = info.item;
    }
    step.status = status;
    step.attempts = s.attempts;
    step.metrics = s.metrics ?? noMetrics();
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
  };
}
