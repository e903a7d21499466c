import { existsSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { Worker, type Job } from "bullmq";
import { Redis } from "ioredis";
import type { Logger } from "../runtime/logger";
import { connectionOptions, type RedisAddress } from "./redis-address";
import {
  WORKERS_KEY,
  cancelChannel,
  stepQueueName,
  workerQueueName,
  type CancelMessage,
} from "./queue-names";
import { acquireRunLock, RunLockBusyError } from "../record/run-lock";
import {
  workerPlaceOf,
  type JobData,
  type StepJobData,
  type StepJobResult,
  type UndoJobResult,
} from "./step-job";
import { SourceCache } from "./source-store";
import { StepThreads } from "./step-thread";
import {
  DEFAULT_SEGMENT_BYTES,
  openWorkerReserve,
  WORKER_RESERVE_BYTES,
  WORKER_RESERVE_FILE,
  WorkerJournal,
  workerJournalDir,
} from "./worker-journal";
import { MAIN_WRITER, sealLeftSegments } from "./journal-segments";
import type { JournalReserve } from "../record/journal-reserve";
import { finishCutShortPrune, pruneJournal, type PruneOutcome } from "./journal-pruning";
import { undoAttemptKeys } from "./worker-undo";
import { UndoParamValues } from "./undo-param-values";
import { jobStep, jobWorkflow, runStepHere } from "./worker-step-run";
import { waitsWithoutWorking } from "./loop-safe-step";
import { refuseNameInUse } from "./worker-name";
import { claimWorkerName, type WorkerNameClaim } from "./worker-name-claim";
import { afterNameCheck } from "./test-name-check-pause";
import { NoWorkerJournalError } from "./no-worker-journal-error";
import { makeFolders } from "../runtime/make-folders";

/** Options of {@link startStepWorker} (`momoflow worker`). */
export interface StepWorkerOptions {
  address: RedisAddress;
  /** Unique among the workers of a Redis: undos of the steps it ran come to its own queue. */
  name: string;
  /** The queues of steps it takes (a step's `runs_on`; `default` for the others). */
  queues: readonly string[];
  /** Steps run at once. */
  concurrency: number;
  workdir: string;
  logger: Logger;
  /**
   * How long a job's lock lasts without renewal: a worker silent for this
   * long is taken for dead and its step for lost. Default 30 s (BullMQ's).
   */
  lockDurationMs?: number;
  /** How often lost steps are looked for. Default 30 s (BullMQ's). */
  stalledIntervalMs?: number;
  /** The size past which each writer of its journal starts a new segment. Default 64 MB. */
  segmentBytes?: number;
  /**
   * Prune its journal when it starts (see `journal-pruning`): runs with
   * nothing left to undo here, and runs whose last entry is older than
   * this (their undo is given up). Without it, nothing is pruned.
   */
  retainMs?: number;
}

/** A worker that runs: {@link StepWorker.close} ends it. */
export interface StepWorker {
  /**
   * Stops it: it takes no more jobs; the steps and undos it runs have
   * `graceMs` to end on their own (a restart need not fail the runs it
   * serves), then those still running are stopped (as a run's cancellation
   * does, `why` their reason); one in a step thread that does not stop
   * within `THREAD_STOP_GRACE_MS` is ended with its thread and fails saying
   * so. Resolves once each has ended and been reported.
   * @param why why it stops, as the steps' errors say it (`worker w1 was stopped (SIGINT)`).
   * @param graceMs how long what runs may go on before it is stopped (default 0: at once).
   */
  close(why?: string, graceMs?: number): Promise<void>;
}

/** The key of one attempt of one step: what a cancellation names. */
function attemptKey(runId: string, stepId: string, attempt: number): string {
  return `${runId}\0${stepId}\0${attempt}`;
}

/** The key of the undo of one step of a run: what an undo's cancellation names. */
function undoKey(runId: string, stepId: string): string {
  return `${runId}\0${stepId}`;
}

/**
 * Takes steps from the queues and undos from its own queue, until closed.
 * A step lost with its worker (its lock expired) is never started again by
 * BullMQ (`maxStalledCount: 0`): it fails, and the scheduler decides.
 * A run's cancellation (published by the scheduler) aborts its running steps.
 * Its journal (see {@link workerJournalDir}) is its own while it runs: a
 * second worker of the same name in the same folder is refused, and so is one
 * whose name a worker connected to this Redis holds (see `worker-name`).
 * @throws Error when that folder is another live worker's, or cannot be
 *   written, or the name is in use on this Redis.
 */
export async function startStepWorker(options: StepWorkerOptions): Promise<StepWorker> {
  const connection = connectionOptions(options.address);
  const running = new Map<string, { controller: AbortController; ended: Promise<unknown> }>();
  /** The undos running here, by {@link undoKey}: the scheduler may give one up. */
  const undoing = new Map<string, AbortController>();
  const place = { worker: options.name, workdir: options.workdir, logger: options.logger };
  const journalDir = workerJournalDir(options.workdir, options.name);
  const unlock = await lockJournal(journalDir, options.name);
  const commands = new Redis(connection as object);
  let claim: WorkerNameClaim;
  try {
    // Atomic: of two workers of one name started at once, one only gets it.
    claim = await claimWorkerName(commands, options.name);
    try {
      // A worker of an earlier version holds no claim: its connected queue tells.
      await refuseNameInUse(connection, options.name);
    } catch (error) {
      await claim.release();
      throw error;
    }
  } catch (error) {
    unlock();
    await commands.quit().catch(() => undefined);
    throw error;
  }
  const segmentBytes = options.segmentBytes ?? DEFAULT_SEGMENT_BYTES;
  let reserve: JournalReserve | undefined;
  try {
    await afterNameCheck();
    reserve = readyJournal(journalDir, options);
  } catch (error) {
    // Its name and folder are freed, and its connection closed: the worker exits, saying why.
    await claim.release();
    await commands.quit().catch(() => undefined);
    unlock();
    throw error;
  }
  // This thread's journal: the steps it runs itself, and the undos (whose step threads send it their lines).
  const journal = new WorkerJournal(journalDir, MAIN_WRITER, segmentBytes, reserve);
  // This very bundle (dist/distributed.js) is each step thread's script.
  // What its undos read that its journal does not keep: the values its steps ran with.
  const undoParams = new UndoParamValues();
  const keepUndoParams = (attempt: string, values: Record<string, string>): void =>
    undoParams.keep(attempt, values);
  const threads = new StepThreads(__filename, {
    ...place,
    journalDir,
    segmentBytes,
    keepUndoParams,
    undoJournal: journal,
  });
  const sources = new SourceCache(commands);
  /** Why the worker stops, once it does: a job it takes meanwhile is stopped at once. */
  let stopping: Error | undefined;

  // Named in each result: the undo of a step must reach the journal that holds it.
  const here = workerPlaceOf(hostname(), options.workdir);
  const processor = async (job: Job<JobData>): Promise<StepJobResult | UndoJobResult> => ({
    ...(await processed(job)),
    place: here,
  });
  const processed = async (job: Job<JobData>): Promise<StepJobResult | UndoJobResult> => {
    const data = job.data;
    if (data.kind === "undo") {
      options.logger.info(`undo ${data.stepId} of run ${data.runId}`);
      // A step still running here (its scheduler is gone) is stopped before it is undone.
      for (let attempt = 1; attempt <= data.attempts; attempt++) {
        const still = running.get(attemptKey(data.runId, data.stepId, attempt));
        if (!still) continue;
        still.controller.abort(new Error("stopped to be undone"));
        await still.ended.catch(() => undefined);
      }
      reserve?.topUp(WORKER_RESERVE_BYTES);
      const key = undoKey(data.runId, data.stepId);
      const controller = new AbortController();
      if (stopping) controller.abort(stopping);
      undoing.set(key, controller);
      try {
        // In a step thread, whatever the undo: a busy one must not hold up the renewal of this job's lock.
        const params = undoParams.forAttempts(undoAttemptKeys(data));
        return await threads.undo(data, params, controller.signal);
      } finally {
        undoing.delete(key);
      }
    }
    const key = attemptKey(data.runId, data.stepId, data.attempt);
    const controller = new AbortController();
    if (stopping) controller.abort(stopping);
    options.logger.info(`run ${data.stepId} of run ${data.runId} (attempt ${data.attempt})`);
    const ended = sources.get(data.source).then((bundle) => {
      // A step that only waits (a shell process, a timer) runs here: no hand-off to a thread and back.
      const step = jobStep(data, workflowHere(data, bundle, options.name));
      return waitsWithoutWorking(step)
        ? runStepHere(data, bundle, place, journal, controller.signal, keepUndoParams)
        : threads.run(data, bundle, controller.signal);
    });
    running.set(key, { controller, ended });
    try {
      return await ended;
    } finally {
      running.delete(key);
    }
  };

  // Redis away (restarting, the network down): said once per outage; the clients reconnect.
  let away = false;
  // The jobs said lost: a job's lock renewal and its end both find it lost, said once.
  const saidLost = new Set<string>();
  const onError = (error: Error): void => {
    const lost = lostJobOf(error);
    // Redis answers, but without the job or its lock: said as it is, and a later outage is still said.
    if (lost !== undefined) {
      if (saidLost.has(lost.job)) return;
      saidLost.add(lost.job);
      void whyLost(lost).then((why) =>
        options.logger.warn(
          `${why}: what this worker did for it stays in its journal, for a rollback to undo`,
        ),
      );
      return;
    }
    if (away) return;
    away = true;
    options.logger.warn(`Redis is not reachable (${error.message}); reconnecting`);
  };
  /**
   * Why a job's lock is gone: its job gone with it (Redis restarted without
   * its data, however short its outage), or its lock expired while the job
   * stayed. Said as a lock expired when Redis cannot be asked.
   */
  const whyLost = async (lost: LostJob): Promise<string> => {
    if (lost.jobGone) return lost.why;
    const keys = [...options.queues.map(stepQueueName), workerQueueName(options.name)].map(
      (queue) => `bull:${queue}:${lost.job}`,
    );
    try {
      return (await commands.exists(...keys)) === 0 ? jobGoneWhy(lost.job) : lost.why;
    } catch {
      return lost.why;
    }
  };
  const subscriber = new Redis(connection as object);
  subscriber.on("error", onError);
  commands.on("error", onError);
  subscriber.on("ready", () => {
    if (away) options.logger.info("Redis is back");
    away = false;
  });
  await subscriber.psubscribe(cancelChannel("*"));
  subscriber.on("pmessage", (_pattern: string, channel: string, message: string) => {
    const runId = channel.slice(cancelChannel("").length);
    const { stepId, attempt, undo } = JSON.parse(message) as CancelMessage;
    if (undo) {
      if (stepId !== undefined)
        undoing.get(undoKey(runId, stepId))?.abort(new Error("given up by the scheduler"));
      return;
    }
    for (const [key, { controller }] of running)
      if (
        key.startsWith(`${runId}\0`) &&
        (stepId === undefined || key === attemptKey(runId, stepId, attempt ?? 1))
      )
        controller.abort(new Error("cancelled by the scheduler"));
  });

  const common = {
    connection,
    maxStalledCount: 0,
    ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs } : {}),
    ...(options.stalledIntervalMs ? { stalledInterval: options.stalledIntervalMs } : {}),
  };
  const workers = [
    ...options.queues.map(
      (queue) =>
        new Worker<JobData>(stepQueueName(queue), processor, {
          ...common,
          concurrency: options.concurrency,
          name: options.name,
        }),
    ),
    // Undos one at a time, in the order the scheduler sends them.
    new Worker<JobData>(workerQueueName(options.name), processor, {
      ...common,
      concurrency: 1,
      name: options.name,
    }),
  ];
  for (const w of workers) w.on("error", onError);
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  // Known to schedulers: an undo whose worker is unknown goes to every worker known.
  const makeKnown = (): Promise<number> => commands.sadd(WORKERS_KEY, options.name);
  await makeKnown();
  // Again at each reconnection: a Redis restarted without its data has forgotten this worker.
  commands.on("ready", () => void makeKnown().catch(() => undefined));
  return {
    async close(why = `worker ${options.name} was stopped`, graceMs = 0) {
      // No more jobs; what runs may end on its own within the grace; then it is stopped, as a
      // cancellation stops it, and waited for.
      const closing = workers.map((w) => w.close());
      if (graceMs > 0) await endedOrPast(Promise.all(closing), graceMs);
      stopping = new Error(why);
      for (const controller of undoing.values()) controller.abort(stopping);
      // Its undo queue's worker gone first: the rollback of a step stopped here then finds
      // this worker not connected, rather than sending it an undo it would never take.
      await closing.at(-1);
      for (const { controller } of running.values()) controller.abort(stopping);
      await Promise.all(closing);
      await threads.close();
      await subscriber.quit();
      await claim.release();
      await commands.quit();
      try {
        journal.close();
        // The step threads' current segments, which they leave open.
        sealLeftSegments(journalDir);
      } finally {
        // Its folder is free for the next worker of its name, whatever the disk allowed.
        unlock();
      }
    },
  };
}

/**
 * Prunes a worker's journal (`momoflow worker --prune`) while no worker of
 * that name runs in `workdir`: seals what a kill left unsealed, then
 * removes the runs with nothing left to undo, and those older than
 * `retainMs` when given.
 * @throws NoWorkerJournalError when that worker has no journal there.
 * @throws Error when the worker runs there now.
 */
export async function pruneWorkerJournal(
  workdir: string,
  name: string,
  retainMs: number | undefined,
): Promise<PruneOutcome> {
  const dir = workerJournalDir(workdir, name);
  if (!existsSync(dir)) throw new NoWorkerJournalError(name, dir);
  const unlock = await lockJournal(dir, name);
  try {
    sealLeftSegments(dir);
    return pruneJournal(dir, retainMs === undefined ? {} : { retainMs });
  } finally {
    unlock();
  }
}

/**
 * Makes the journal folder of a worker starting ready for its writers: no
 * writer is at work, so what a kill left unsealed is sealed, and the journal
 * is pruned when asked; then the reserve for its undos' lines is opened.
 * @returns the reserve (undefined when the disk had no room to make it).
 * @throws Error naming the folder when it cannot be done (a full disk, say).
 */
function readyJournal(
  journalDir: string,
  options: Pick<StepWorkerOptions, "name" | "retainMs" | "logger">,
): JournalReserve | undefined {
  try {
    sealLeftSegments(journalDir);
    finishCutShortPrune(journalDir);
    if (options.retainMs !== undefined)
      reportPruned(pruneJournal(journalDir, { retainMs: options.retainMs }), options.logger);
    // Room for the undos' lines on a full disk, grown back before each undo job.
    const reserve = openWorkerReserve(journalDir);
    if ((reserve?.left ?? 0) < WORKER_RESERVE_BYTES)
      options.logger.warn(
        `the disk has room for ${reserve?.left ?? 0} of the ${WORKER_RESERVE_BYTES} bytes this worker keeps in ${join(journalDir, WORKER_RESERVE_FILE)} to record its undos on a full disk; an undo that cannot be recorded is not started`,
      );
    return reserve;
  } catch (error) {
    throw new Error(
      `worker ${options.name} cannot open its journal in ${journalDir}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

/** One line of what a prune removed, when it removed anything. */
function reportPruned(outcome: PruneOutcome, logger: Logger): void {
  if (outcome.segments.length === 0) return;
  logger.info(
    `journal pruned: ${outcome.segments.length} segment(s) of ${outcome.done.length} run(s) with nothing left to undo and ${outcome.expired.length} past --retain`,
  );
}

/** Takes the journal folder for this worker; @throws Error when a live worker holds it. */
async function lockJournal(dir: string, name: string): Promise<() => void> {
  makeFolders(dir);
  try {
    return await acquireRunLock(join(dir, "worker.lock"), { wait: false, runId: `worker ${name}` });
  } catch (error) {
    if (error instanceof RunLockBusyError)
      throw new Error(
        `worker ${name} already runs in this working directory (pid ${error.owner.pid}): its journal (${dir}) has one writer`,
        { cause: error },
      );
    throw error;
  }
}

/** Resolves when `ended` does or `ms` have passed, whichever comes first. */
async function endedOrPast(ended: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const past = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  try {
    await Promise.race([ended, past]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The job a BullMQ error says this worker lost, and why, as the worker says
 * it: Redis answered, so it is not unreachable. Its job gone (`Missing key for
 * job X. moveToFinished`): Redis lost its data. Its lock gone (`Missing lock
 * for job X. …`, `could not renew lock for job X`) while the job stays: the
 * lock expired while Redis was unreachable for longer than `--lock-duration`
 * (it kept its data), and the step was taken for lost. Undefined for any
 * other error.
 */
function lostJobOf(error: Error): LostJob | undefined {
  const gone = /^Missing key for job (\S+?)\.? /.exec(error.message)?.[1];
  if (gone !== undefined) return { job: gone, why: jobGoneWhy(gone), jobGone: true };
  const unlocked = /^(?:Missing lock for job (\S+?)\.? |could not renew lock for job (\S+)$)/.exec(
    error.message,
  );
  const job = unlocked?.[1] ?? unlocked?.[2];
  if (job === undefined) return undefined;
  return {
    job,
    why: `the lock of job ${job} expired while Redis was unreachable (longer than --lock-duration), so its scheduler took the step as lost`,
    jobGone: false,
  };
}

/** A job this worker lost (see {@link lostJobOf}). */
interface LostJob {
  job: string;
  /** Why, as BullMQ's error shows it. */
  why: string;
  /** Whether the error says the job itself is gone, not only its lock. */
  jobGone: boolean;
}

/** How the worker says that Redis lost job `job`. */
function jobGoneWhy(job: string): string {
  return `Redis no longer holds job ${job} (restarted without its data?)`;
}

/**
 * The job's workflow, compiled on this worker; one that does not compile here
 * (a secret this worker's environment lacks, say) fails the step before it
 * can report an outcome, so its error names this worker.
 */
function workflowHere(
  data: StepJobData,
  bundle: Parameters<typeof jobWorkflow>[1],
  worker: string,
): ReturnType<typeof jobWorkflow> {
  try {
    return jobWorkflow(data, bundle);
  } catch (error) {
    throw new Error(`on worker ${worker}: ${(error as Error).message}`, { cause: error });
  }
}
