import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startRedis, type RedisServer } from "./redis-server";
import { useTempDir } from "./temp-dir";
import { startWorker, type WorkerProcess } from "./worker-process";

/** What a suite of runs on workers gets from {@link useWorkerCluster}, valid inside its tests. */
export interface WorkerCluster {
  /** The suite's redis-server (started before the suite, stopped after it by pid). */
  readonly redis: RedisServer;
  /** The test's scheduler folder, holding `flow.momoflow`. */
  readonly scheduler: string;
  /** A short random tag of the test, for names that must not meet another test's. */
  readonly tag: string;
  /** The test's temporary folder. */
  tmp(): string;
  /** Starts a worker named `name` in `workdir` (its environment changed by `env`); it is ended by pid after the test. */
  worker(
    name: string,
    workdir: string,
    extra?: string[],
    env?: Readonly<Record<string, string | undefined>>,
  ): Promise<WorkerProcess>;
}

/**
 * The setup every suite of runs on workers repeats: a real redis-server on a
 * free port for the suite, and for each test a temporary folder with a
 * scheduler folder holding `flows` as `flow.momoflow`, a fresh tag, and the
 * workers it started ended after it. Call it inside a `describe`.
 */
export function useWorkerCluster(prefix: string, flows: string): WorkerCluster {
  const tmp = useTempDir(prefix);
  let redis: RedisServer | undefined;
  let scheduler = "";
  let tag = "";
  const started: WorkerProcess[] = [];

  before(async () => {
    redis = await startRedis();
  });
  after(async () => {
    await redis?.stop();
  });
  beforeEach(() => {
    scheduler = join(tmp(), "scheduler");
    mkdirSync(scheduler);
    writeFileSync(join(scheduler, "flow.momoflow"), flows);
    tag = Math.random().toString(36).slice(2, 8);
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((w) => w.kill()));
  });

  return {
    get redis() {
      if (!redis)
        throw new Error("the cluster's redis-server is not started (use it inside a test)");
      return redis;
    },
    get scheduler() {
      return scheduler;
    },
    get tag() {
      return tag;
    },
    tmp,
    async worker(name, workdir, extra = [], env = {}) {
      const w = await startWorker(this.redis.url, name, workdir, extra, env);
      started.push(w);
      return w;
    },
  };
}
