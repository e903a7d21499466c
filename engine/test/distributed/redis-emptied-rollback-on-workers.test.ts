import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Queue } from "bullmq";
import { workerQueueName } from "../../src/distributed/queue-names";
import { runCli, startCli, waitFor } from "../support/cli-process";
import { latestResult, runDirOf } from "../support/run-record-files";
import { useWorkerCluster } from "../support/worker-cluster";
import type { WorkerProcess } from "../support/worker-process";

/** Two steps at once, each on a worker of its own queue; each ends within a couple of seconds. */
const FLOWS = `
workflow spread {
  step a { run: "touch a.txt; sleep 2" rollback: "rm -f a.txt" }
  step b { runs_on: "b" run: "touch b.txt; sleep 2" rollback: "rm -f b.txt" }
}
`;

/** Whether `worker`'s journal holds the end of step `step`'s attempt. */
function finishedOn(worker: WorkerProcess, step: string): boolean {
  const dir = join(worker.workdir, ".momoflow", "workers", worker.name);
  if (!existsSync(dir)) return false;
  return readdirSync(dir)
    .filter((f) => f.endsWith(".jsonl"))
    .some((f) =>
      readFileSync(join(dir, f), "utf8")
        .split("\n")
        .some((line) => line.includes('"step_finished"') && line.includes(`--${step}--1"`)),
    );
}

/** Waits until worker `name` takes undos again: its own queue has a worker connected. */
async function waitUntilServed(port: number, name: string): Promise<void> {
  const queue = new Queue(workerQueueName(name), { connection: { host: "127.0.0.1", port } });
  try {
    const deadline = Date.now() + 30_000;
    while ((await queue.getWorkers()).length === 0) {
      if (Date.now() > deadline) throw new Error(`worker ${name} did not reconnect within 30s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await queue.close();
  }
}

/**
 * The scheduler killed (SIGKILL) as soon as its steps started on their
 * workers, before it read who holds their jobs (once a second), then Redis
 * restarted without its data: no record names the workers that ran the
 * steps, and Redis no longer knows who took their jobs. `momoflow rollback`
 * then asks every worker Redis knows; it must not report a step undone that
 * none of them shows it ran.
 */
describe("momoflow rollback after Redis lost its data: steps whose worker no record names", function () {
  this.timeout(120_000);
  const cluster = useWorkerCluster("momoflow-dist-emptied-rollback-", FLOWS);

  /** Starts the two workers, runs `spread`, kills its scheduler at once, lets the steps end there, and restarts Redis without its data. */
  async function runThenLoseRedis(): Promise<{ a: WorkerProcess; b: WorkerProcess }> {
    const a = await cluster.worker(`a-${cluster.tag}`, join(cluster.tmp(), "a"));
    const b = await cluster.worker(`b-${cluster.tag}`, join(cluster.tmp(), "b"), ["--queue", "b"]);
    const { child, done } = startCli(
      ["run", "flow.momoflow", "--on", cluster.redis.url],
      cluster.scheduler,
    );
    try {
      await waitFor(
        () => existsSync(join(a.workdir, "a.txt")) && existsSync(join(b.workdir, "b.txt")),
        "both steps to start",
        30_000,
      );
    } finally {
      child.kill("SIGKILL");
      await done;
    }
    await waitFor(() => finishedOn(a, "a") && finishedOn(b, "b"), "both steps to end", 30_000);
    await cluster.redis.restart(300);
    return { a, b };
  }

  it("the workers still connected are asked again: each undoes what its journal shows it ran", async () => {
    const { a, b } = await runThenLoseRedis();
    // Reconnected: each worker's undo queue is served again (its clients reconnect one by one).
    for (const w of [a, b]) await waitUntilServed(cluster.redis.port, w.name);
    const rollback = await runCli(["rollback", runDirOf(cluster.scheduler)], cluster.scheduler);
    assert.equal(rollback.code, 0, rollback.stdout + rollback.stderr);
    assert.equal(existsSync(join(a.workdir, "a.txt")), false, "a undone on its worker");
    assert.equal(existsSync(join(b.workdir, "b.txt")), false, "b undone on its worker");
  });

  it("a step none of the workers asked shows it ran is not reported undone: rollback_failed, to roll back again", async () => {
    const { a, b } = await runThenLoseRedis();
    // b's machine is gone; a is started again (so Redis knows it).
    await b.kill();
    await a.kill();
    const again = await cluster.worker(a.name, a.workdir);
    const rollback = await runCli(["rollback", runDirOf(cluster.scheduler)], cluster.scheduler);
    assert.equal(rollback.code, 1, rollback.stdout + rollback.stderr);
    assert.equal(existsSync(join(again.workdir, "a.txt")), false, "a undone on its worker");
    assert.ok(existsSync(join(b.workdir, "b.txt")), "b's effect is still there");
    const result = latestResult(cluster.scheduler);
    const stepB = result.steps.find((s) => s.id === "b")!;
    assert.equal(stepB.status, "rollback_failed", rollback.stdout + rollback.stderr);
    assert.match(rollback.stdout + rollback.stderr, /roll back again/);
  });
});
