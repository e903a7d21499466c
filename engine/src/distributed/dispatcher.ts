import { setMaxListeners } from "node:events";
import { Job, Queue, QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { CLOSED_CLIENT_GRACE_MS, connectionOptions, type RedisAddress } from "./redis-address";
import {
  WORKERS_KEY,
  cancelChannel,
  stepQueueName,
  workerQueueName,
  type CancelMessage,
} from "./queue-names";
import type { SourceBundle } from "./source-bundle";
import { publishSource } from "./source-store";
import { beforeQueueAdd, duringQueueAdd } from "./test-queue-add-pause";
import type {
  JobData,
  SourceRef,
  StepJobData,
  StepJobResult,
  UndoJobData,
  UndoJobResult,
} from "./step-job";

/** How often a job's state is read while waiting, in case its completion event was lost. */
const STATE_POLL_MS = 1000;

/** How long a step's job waits untaken before the scheduler asks whether any worker serves its queue, and between asks. */
const UNSERVED_AFTER_MS = 5000;

/**
 * How long after its connection to Redis came back the scheduler waits for
 * a worker an undo goes to: Redis restarted, the workers reconnect too, and
 * one a moment slower than the scheduler is not gone.
 */
export const RECONNECT_GRACE_MS = 10_000;
/** How often a worker that is not connected is looked for during {@link RECONNECT_GRACE_MS}. */
const WORKER_POLL_MS = 200;

/**
 * The scheduler's side of the queues: sends a step to the workers of its
 * queue, an undo to the worker that ran the step, and a cancellation to all.
 * A job's end is awaited from its event and, since events are lost across a
 * Redis restart, from its state read now and then.
 */
export class Dispatcher {
  private readonly queues = new Map<string, { queue: Queue; events: QueueEvents }>();
  private readonly publisher: Redis;
  /** Sources put in Redis by this scheduler, by hash: once per run. */
  private readonly published = new Map<string, Promise<SourceRef>>();
  /** When the connection to Redis last came back (`performance.now()`); never, until it does. */
  private reconnectedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly address: RedisAddress,
    private readonly onError: (error: Error) => void = () => {},
  ) {
    this.publisher = new Redis({
      ...(connectionOptions(address) as object),
      disconnectTimeout: CLOSED_CLIENT_GRACE_MS,
    });
    this.publisher.on("error", onError);
    let connected = false;
    this.publisher.on("ready", () => {
      if (connected) this.reconnectedAt = performance.now();
      connected = true;
    });
  }

  /** Puts a workflow's source in Redis (once), for the jobs that name it by hash. */
  source(bundle: SourceBundle): Promise<SourceRef> {
    let ref = this.published.get(bundle.hash);
    if (!ref) {
      ref = publishSource(this.publisher, bundle);
      // A failure is the step's to report; the next step tries again.
      ref.catch(() => this.published.delete(bundle.hash));
      this.published.set(bundle.hash, ref);
    }
    return ref;
  }

  /** Sends one attempt of a step to `queue` and waits for its outcome; aborting cancels it on its worker. */
  async runStep(
    data: StepJobData,
    queue: string,
    signal: AbortSignal,
    /** Told the worker that took the job, once it is seen running it. */
    onTaken?: (worker: string) => void,
    /** Told when the attempt, given up before any worker took it, was taken off the queue: it never starts. */
    onNeverTaken?: () => void,
    /** Told once when its job has waited a while and no worker of its queue is connected: it waits for one. */
    onUnserved?: () => void,
  ): Promise<StepJobResult> {
    const jobId = stepJobId(data.runId, data.stepId, data.attempt);
    const name = stepQueueName(queue);
    const cancel = (): void => {
      const message: CancelMessage = { stepId: data.stepId, attempt: data.attempt };
      // Redis away or the run ended (its connection closed): the worker's lock, or the undo, settles it.
      this.publisher
        .publish(cancelChannel(data.runId), JSON.stringify(message))
        .catch(() => undefined);
    };
    let neverTaken = false;
    const taken = (): void => {
      neverTaken = true;
      onNeverTaken?.();
    };
    // The run may end before the job is next read: who holds it is read now.
    const giveUp = (): Promise<void> =>
      this.givenUp(name, jobId, onTaken, taken).catch(() => undefined);
    /** Once the job is in Redis: before, the listener would find no job, and the add settles it. */
    let added = false;
    const onAbort = (): void => {
      cancel();
      if (added) void giveUp();
    };
    // Every running step of a wide run listens to the run's signal at once: not a leak.
    setMaxListeners(0, signal);
    signal.addEventListener("abort", onAbort, { once: true });
    try {
      // Said again at each read of the job while it runs on: a worker that took it just after
      // the first was published never heard it.
      const again = (): void => {
        if (signal.aborted) cancel();
      };
      const gate: AddGate = {
        signal,
        // Given up already (during the source's upload, say: an aborted signal fires no listener).
        mayAdd: () => {
          if (!signal.aborted) return true;
          taken();
          return false;
        },
        // Given up while the add was on its way: off the queue now, before any worker takes it.
        added: async () => {
          added = true;
          if (signal.aborted) await giveUp();
        },
      };
      return (await this.send(name, jobId, data, {
        ...(onTaken && { onTaken }),
        onRead: again,
        gate,
        ...(onUnserved && { onUnserved }),
      })) as StepJobResult;
    } catch (error) {
      if (neverTaken) throw new Error(NEVER_TAKEN, { cause: error });
      throw error;
    } finally {
      signal.removeEventListener("abort", onAbort);
    }
  }

  /**
   * An attempt given up (its timeout, the run stopped): a job no worker took
   * yet is taken off the queue, so that it never starts (a worker started
   * later would run it); one a worker holds names that worker now, since
   * the run may record the step before the job is next read.
   */
  private async givenUp(
    queueName: string,
    jobId: string,
    onTaken: ((worker: string) => void) | undefined,
    onNeverTaken: (() => void) | undefined,
  ): Promise<void> {
    const { queue } = this.channel(queueName);
    const job = await Job.fromId(queue, jobId);
    if (!job) return;
    if (job.processedBy === undefined && (await job.getState()) === "waiting") {
      // Marked first: its undo, which may read it as soon as it is gone, must know that none took it.
      await this.publisher.set(neverTakenKey(jobId), "1", "EX", NEVER_TAKEN_KEPT_S);
      try {
        // Fails when a worker took it meanwhile (its lock): then it is read again below.
        await job.remove();
        onNeverTaken?.();
        return;
      } catch {
        // Taken in between.
        await this.publisher.del(neverTakenKey(jobId));
      }
    }
    const now = await Job.fromId(queue, jobId);
    if (now?.processedBy && now.finishedOn === undefined) onTaken?.(now.processedBy);
  }

  /**
   * The workers that took the attempts of a step, as BullMQ recorded them
   * (a job's `processedBy`), and how many of its attempts no worker ever
   * took; undefined when a job is gone from the queue, so that who took it
   * cannot be told. A job no worker took yet is removed from the queue (its
   * scheduler was killed): the step is being undone, so it must never start;
   * it is marked never taken first, as a job its scheduler gave up is.
   */
  async takenBy(
    queue: string,
    runId: string,
    stepId: string,
    attempts: number,
  ): Promise<{ workers: Set<string>; untaken: number } | undefined> {
    const { queue: steps } = this.channel(stepQueueName(queue));
    const workers = new Set<string>();
    let untaken = 0;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const id = stepJobId(runId, stepId, attempt);
      const job = await Job.fromId(steps, id);
      if (!job) {
        // Taken off the queue before any worker took it: nothing to undo of it.
        if ((await this.publisher.exists(neverTakenKey(id))) === 1) {
          untaken++;
          continue;
        }
        return undefined;
      }
      // A job lost with its worker is failed by the next worker that picks it up,
      // which BullMQ then names: that one never ran it (the scheduler kept who did).
      if (job.processedBy && !isStalledFailure(job)) workers.add(job.processedBy);
      // Not taken now (its scheduler is gone): it must never start; none ever took it when none is named.
      else if ((await this.takeOffQueue(job, id)) && job.processedBy === undefined) untaken++;
    }
    return { workers, untaken };
  }

  /**
   * Removes a job no worker took yet, marked never taken first (a rollback
   * cut short here reads the mark); false when a worker took it meanwhile
   * (its lock) or it is not waiting.
   */
  private async takeOffQueue(job: Job, id: string): Promise<boolean> {
    if ((await job.getState()) !== "waiting") return false;
    await this.publisher.set(neverTakenKey(id), "1", "EX", NEVER_TAKEN_KEPT_S);
    try {
      await job.remove();
      return true;
    } catch {
      await this.publisher.del(neverTakenKey(id));
      return false;
    }
  }

  /** Every worker that ever started on this Redis. */
  async knownWorkers(): Promise<string[]> {
    return (await this.publisher.smembers(WORKERS_KEY)).sort();
  }

  /**
   * Sends the undo of a step to the worker that ran it, and waits for it.
   * Aborting `signal` (the undo given up) tells that worker to give it up
   * too: it stops the undo's processes and reports it `rollback_failed`.
   * @throws Error when that worker is not connected: its undo waits for it.
   */
  async undo(data: UndoJobData, worker: string, signal?: AbortSignal): Promise<UndoJobResult> {
    const { queue } = this.channel(workerQueueName(worker));
    const notConnected = (): Error =>
      new Error(
        `worker ${worker} is not connected: its undo of ${data.stepId} waits until it is back (then roll back again)`,
      );
    if (!(await this.workerServes(queue, signal))) throw notConnected();
    const jobId = `undo-${data.runId}-${data.stepId}-${Date.now()}`.replace(
      /[^A-Za-z0-9_.-]/g,
      "_",
    );
    const onAbort = (): void => {
      const cancel: CancelMessage = { stepId: data.stepId, undo: true };
      void this.publisher.publish(cancelChannel(data.runId), JSON.stringify(cancel));
    };
    if (signal?.aborted) onAbort();
    else signal?.addEventListener("abort", onAbort, { once: true });
    try {
      // A worker stopped while its undo waited in its queue (behind another) never takes it.
      const gone = async (): Promise<Error | undefined> =>
        (await this.servedNow(queue)) ? undefined : notConnected();
      return (await this.send(workerQueueName(worker), jobId, data, { gone })) as UndoJobResult;
    } catch (error) {
      // Not a step's loss: what it had undone is kept, and the rest waits for it.
      if (error instanceof LostWorkerError)
        throw new Error(
          `worker ${worker} was lost during the undo of ${data.stepId}: roll back again once it is back`,
          { cause: error },
        );
      throw error;
    } finally {
      signal?.removeEventListener("abort", onAbort);
    }
  }

  /**
   * Whether a worker serves `queue` (its own): now, or — within
   * {@link RECONNECT_GRACE_MS} of Redis coming back — once it reconnected.
   */
  private async workerServes(queue: Queue, signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      if ((await queue.getWorkers()).length > 0) return true;
      const waited = performance.now() - this.reconnectedAt;
      if (waited >= RECONNECT_GRACE_MS || signal?.aborted) return false;
      await new Promise((resolve) =>
        setTimeout(resolve, Math.min(WORKER_POLL_MS, RECONNECT_GRACE_MS - waited)),
      );
    }
  }

  /**
   * Whether a worker serves `queue` (its own) now, or may yet: Redis came
   * back less than {@link RECONNECT_GRACE_MS} ago, and it may be reconnecting.
   */
  private async servedNow(queue: Queue): Promise<boolean> {
    if (performance.now() - this.reconnectedAt < RECONNECT_GRACE_MS) return true;
    return (await queue.getWorkers()).length > 0;
  }

  /** Tells every worker to stop the run's running steps. */
  async cancelRun(runId: string): Promise<void> {
    const cancel: CancelMessage = {};
    await this.publisher.publish(cancelChannel(runId), JSON.stringify(cancel));
  }

  async close(): Promise<void> {
    await Promise.all(
      [...this.queues.values()].flatMap(({ queue, events }) => [
        closedOrDropped(queue),
        closedOrDropped(events),
      ]),
    );
    // QUIT waits for Redis's answer: one that took the connection and never answers would hold the run for ever.
    if (this.publisher.status === "ready") await this.publisher.quit();
    else this.publisher.disconnect();
  }

  private channel(name: string): { queue: Queue; events: QueueEvents } {
    let found = this.queues.get(name);
    if (!found) {
      const connection = connectionOptions(this.address);
      found = {
        queue: new Queue(name, { connection }),
        events: new QueueEvents(name, { connection }),
      };
      // One waiter per running step on each: as many as the run has steps at once.
      found.queue.setMaxListeners(0);
      found.events.setMaxListeners(0);
      // Redis away: the clients reconnect, and the wait reads the jobs' state again then.
      found.queue.on("error", this.onError);
      found.events.on("error", this.onError);
      this.queues.set(name, found);
    }
    return found;
  }

  private async send(
    queueName: string,
    jobId: string,
    data: JobData,
    { gate, ...watch }: SendOptions = {},
  ): Promise<unknown> {
    const { queue, events } = this.channel(queueName);
    await events.waitUntilReady();
    if (gate) {
      await beforeQueueAdd(gate.signal);
      if (!gate.mayAdd()) throw new Error("given up before its job was added");
      await duringQueueAdd(gate.signal);
    }
    const job = await queue.add(data.kind, data, {
      jobId,
      attempts: 1,
      removeOnComplete: { age: 24 * 3600 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
    await gate?.added();
    return waitForJob(job, queue, events, this.publisher, watch);
  }
}

/** How long closing a queue's connection may wait for Redis: one gone for good would hold the run's exit for ever. */
const CLOSE_GRACE_MS = 2000;

/**
 * Closes a queue's (or its events') connection, which waits for Redis to
 * answer; one that does not within {@link CLOSE_GRACE_MS} (Redis away, or
 * gone with its machine) is dropped: the run has ended, and its record says
 * what is left.
 */
async function closedOrDropped(client: Queue | QueueEvents): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const closed = client.close().then(
    () => true,
    () => true,
  );
  const waited = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), CLOSE_GRACE_MS);
  });
  try {
    // Not awaited: it waits for the end of a socket Redis no longer answers on.
    if (!(await Promise.race([closed, waited]))) void client.disconnect().catch(() => undefined);
  } finally {
    clearTimeout(timer);
  }
}

/** What a job's wait tells its sender, and asks it (see {@link waitForJob}). */
interface JobWatch {
  /** Told the worker that took the job, once it is seen running it. */
  onTaken?: (worker: string) => void;
  /** Called at each read of the job's state. */
  onRead?: () => void;
  /** Called once when the job waited untaken for a while and no worker of its queue is connected. */
  onUnserved?: () => void;
  /**
   * Read while the job waits untaken: an error when no worker will take it,
   * which the wait then ends with, the job taken off the queue first.
   */
  gone?: () => Promise<Error | undefined>;
}

/** How a job is sent: asked before it is added (a step's), and watched while it waits. */
interface SendOptions extends JobWatch {
  gate?: AddGate;
}

/** What a step's send asks its step about adding the job: given up, it must never start. */
interface AddGate {
  /** The step's: aborted when it is given up. */
  signal: AbortSignal;
  /** False when the step was given up: the job is not added (it never started). */
  mayAdd(): boolean;
  /** The job is in Redis: given up meanwhile, it is taken off the queue. */
  added(): Promise<void>;
}

/** Why an attempt given up before any worker took it ended: its job is off the queue. */
const NEVER_TAKEN = "given up before any worker took it: taken off the queue, it never started";

/** How long the mark of a job taken off the queue unrun is kept: as long as a failed job is. */
const NEVER_TAKEN_KEPT_S = 7 * 24 * 3600;

/** The key that marks a step's job as taken off the queue before any worker took it. */
function neverTakenKey(jobId: string): string {
  return `momoflow-never-taken:${jobId}`;
}

/** The id of the job of one attempt of one step of a run. */
function stepJobId(runId: string, stepId: string, attempt: number): string {
  return `${runId}-${stepId}-${attempt}`.replace(/[^A-Za-z0-9_.-]/g, "_");
}

/**
 * The job's return value once it completed; its failure as an error. A job
 * that is active while no worker holds its lock any more lost its worker
 * (killed, or its machine gone): that fails too, naming the worker, rather
 * than waiting for a worker that will not come back.
 */
async function waitForJob(
  job: Job,
  queue: Queue,
  events: QueueEvents,
  client: Redis,
  { onTaken = () => {}, onRead = () => {}, onUnserved, gone }: JobWatch,
): Promise<unknown> {
  let poll: NodeJS.Timeout | undefined;
  /** Until when the job may wait before the queue's workers are counted (once). */
  let unservedAt = onUnserved ? Date.now() + UNSERVED_AFTER_MS : Infinity;
  /** The worker seen running the job: BullMQ's record of it is replaced when a lost job is failed. */
  let holder: string | undefined;
  const polled = new Promise<unknown>((resolve, reject) => {
    /** Settles with a finished job's outcome; false while it is not finished. */
    const settled = (now: Job): boolean => {
      if (now.finishedOn === undefined) return false;
      if (now.failedReason) reject(jobError(now, now.failedReason, holder));
      else resolve(now.returnvalue);
      return true;
    };
    poll = setInterval(() => {
      void (async () => {
        onRead();
        const now = await Job.fromId(queue, job.id!);
        if (!now) return reject(new Error(`job ${job.id} disappeared from the queue`));
        if (settled(now)) return;
        if (!now.processedBy && gone) {
          const error = await gone();
          // Not taken off when a worker took it in between (its lock): its outcome is awaited.
          if (error && (await now.getState()) === "waiting" && (await removed(now)))
            return reject(error);
        }
        if (!now.processedBy && Date.now() >= unservedAt) {
          // Counted again later while it waits: the workers of its queue may all leave meanwhile.
          unservedAt = Date.now() + UNSERVED_AFTER_MS;
          // A queue no worker serves (none started yet, or a typo in runs_on): said once, not waited on in silence.
          if ((await queue.getWorkers()).length === 0) {
            unservedAt = Infinity;
            onUnserved?.();
          }
        }
        if (!now.processedBy || !(await now.isActive())) return;
        if (await client.exists(queue.toKey(`${job.id}:lock`))) {
          if (holder !== now.processedBy) onTaken(now.processedBy);
          holder = now.processedBy;
          return;
        }
        // Completing a job removes its lock: one that completed between the
        // reads above (a worker reporting as soon as Redis is back, say) is
        // finished now, not lost.
        const after = await Job.fromId(queue, job.id!);
        if (after && settled(after)) return;
        reject(new LostWorkerError(holder ?? now.processedBy));
      })().catch(reject);
    }, STATE_POLL_MS);
  });
  try {
    return await Promise.race([
      job.waitUntilFinished(events).catch(async (error: Error) => {
        const failed = await Job.fromId(queue, job.id!);
        throw failed ? jobError(failed, error.message, holder) : error;
      }),
      polled,
    ]);
  } finally {
    clearInterval(poll);
  }
}

/** Whether `job` was removed; false when a worker holds it (its lock) or it is gone. */
async function removed(job: Job): Promise<boolean> {
  try {
    await job.remove();
    return true;
  } catch {
    return false;
  }
}

/** A job's failure: lost with its worker (a stalled job), or failed on it. */
function jobError(job: Job, message: string, holder: string | undefined): Error {
  const stalled = !job.failedReason || isStalledFailure(job);
  if (!stalled) return new Error(message);
  // After a stalled failure BullMQ names the worker that failed the job, not the one lost.
  return new LostWorkerError(holder ?? (isStalledFailure(job) ? undefined : job.processedBy));
}

/** Failed by BullMQ as lost with its worker (its lock expired). */
function isStalledFailure(job: Job): boolean {
  return job.failedReason !== undefined && /stalled/i.test(job.failedReason);
}

/** The worker running a job was lost: killed, or its machine gone. */
export class LostWorkerError extends Error {
  /** @param worker the worker lost; undefined when the queue no longer tells which (it named the one that failed the job). */
  constructor(readonly worker: string | undefined) {
    super(
      `${worker ? `worker ${worker}` : "the worker that took it"} was lost while it ran the step (no sign of life within its lock's duration); what it did is undone from its own record once it is back`,
    );
  }
}
