import { setMaxListeners } from "node:events";
import { Job, Queue, QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { connectionOptions, type RedisAddress } from "./redis-address";
import { WORKERS_KEY, cancelChannel, stepQueueName, workerQueueName } from "./queue-names";
import type { JobData, StepJobData, StepJobResult, UndoJobData, UndoJobResult } from "./step-job";

/** How often a job's state is read while waiting, in case its completion event was lost. */
const STATE_POLL_MS = 1000;

/**
 * The scheduler's side of the queues: sends a step to the workers of its
 * queue, an undo to the worker that ran the step, and a cancellation to all.
 * A job's end is awaited from its event and, since events are lost across a
 * Redis restart, from its state read now and then.
 */
export class Dispatcher {
  private readonly queues = new Map<string, { queue: Queue; events: QueueEvents }>();
  private readonly publisher: Redis;

  constructor(
    private readonly address: RedisAddress,
    private readonly onError: (error: Error) => void = () => {},
  ) {
    this.publisher = new Redis(connectionOptions(address) as object);
    this.publisher.on("error", onError);
  }

  /** Sends one attempt of a step to `queue` and waits for its outcome; aborting cancels it on its worker. */
  async runStep(data: StepJobData, queue: string, signal: AbortSignal): Promise<StepJobResult> {
    const onAbort = (): void => {
      void this.publisher.publish(
        cancelChannel(data.runId),
        JSON.stringify({ stepId: data.stepId, attempt: data.attempt }),
      );
    };
    // Every running step of a wide run listens to the run's signal at once: not a leak.
    setMaxListeners(0, signal);
    signal.addEventListener("abort", onAbort, { once: true });
    try {
      const jobId = stepJobId(data.runId, data.stepId, data.attempt);
      return (await this.send(stepQueueName(queue), jobId, data)) as StepJobResult;
    } finally {
      signal.removeEventListener("abort", onAbort);
    }
  }

  /**
   * The workers that took the attempts of a step, as BullMQ recorded them
   * (a job's `processedBy`); undefined when a job is gone from the queue, so
   * that who took it cannot be told. A job no worker took yet is removed
   * from the queue: the step is being undone, so it must never start.
   */
  async takenBy(
    queue: string,
    runId: string,
    stepId: string,
    attempts: number,
  ): Promise<Set<string> | undefined> {
    const { queue: steps } = this.channel(stepQueueName(queue));
    const workers = new Set<string>();
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const job = await Job.fromId(steps, stepJobId(runId, stepId, attempt));
      if (!job) return undefined;
      if (job.processedBy) workers.add(job.processedBy);
      // Not taken yet (its scheduler is gone): it must never start now.
      else if ((await job.getState()) === "waiting") await job.remove();
    }
    return workers;
  }

  /** Every worker that ever started on this Redis. */
  async knownWorkers(): Promise<string[]> {
    return (await this.publisher.smembers(WORKERS_KEY)).sort();
  }

  /**
   * Sends the undo of a step to the worker that ran it, and waits for it.
   * @throws Error when that worker is not connected: its undo waits for it.
   */
  async undo(data: UndoJobData, worker: string): Promise<UndoJobResult> {
    const { queue } = this.channel(workerQueueName(worker));
    if ((await queue.getWorkers()).length === 0)
      throw new Error(
        `worker ${worker} is not connected: its undo of ${data.stepId} waits until it is back (then roll back again)`,
      );
    const jobId = `undo-${data.runId}-${data.stepId}-${Date.now()}`.replace(
      /[^A-Za-z0-9_.-]/g,
      "_",
    );
    return (await this.send(workerQueueName(worker), jobId, data)) as UndoJobResult;
  }

  /** Tells every worker to stop the run's running steps. */
  async cancelRun(runId: string): Promise<void> {
    await this.publisher.publish(cancelChannel(runId), JSON.stringify({}));
  }

  async close(): Promise<void> {
    await Promise.all(
      [...this.queues.values()].flatMap(({ queue, events }) => [queue.close(), events.close()]),
    );
    await this.publisher.quit();
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

  private async send(queueName: string, jobId: string, data: JobData): Promise<unknown> {
    const { queue, events } = this.channel(queueName);
    await events.waitUntilReady();
    const job = await queue.add(data.kind, data, {
      jobId,
      attempts: 1,
      removeOnComplete: { age: 24 * 3600 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
    return waitForJob(job, queue, events, this.publisher);
  }
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
): Promise<unknown> {
  let poll: NodeJS.Timeout | undefined;
  const polled = new Promise<unknown>((resolve, reject) => {
    poll = setInterval(() => {
      void (async () => {
        const now = await Job.fromId(queue, job.id!);
        if (!now) return reject(new Error(`job ${job.id} disappeared from the queue`));
        if (now.finishedOn !== undefined) {
          if (now.failedReason) reject(jobError(now, now.failedReason));
          else resolve(now.returnvalue);
          return;
        }
        if (
          now.processedBy &&
          (await now.isActive()) &&
          !(await client.exists(queue.toKey(`${job.id}:lock`)))
        )
          reject(new LostWorkerError(now.processedBy));
      })().catch(reject);
    }, STATE_POLL_MS);
  });
  try {
    return await Promise.race([
      job.waitUntilFinished(events).catch(async (error: Error) => {
        const failed = await Job.fromId(queue, job.id!);
        throw failed ? jobError(failed, error.message) : error;
      }),
      polled,
    ]);
  } finally {
    clearInterval(poll);
  }
}

/** A job's failure: lost with its worker (a stalled job), or failed on it. */
function jobError(job: Job, message: string): Error {
  const stalled = !job.failedReason || /stalled/i.test(job.failedReason);
  return stalled && job.processedBy ? new LostWorkerError(job.processedBy) : new Error(message);
}

/** The worker running a job was lost: killed, or its machine gone. */
export class LostWorkerError extends Error {
  constructor(readonly worker: string) {
    super(
      `worker ${worker} was lost while it ran the step (no sign of life within its lock's duration); what it did is undone from its own record once it is back`,
    );
  }
}
