import assert from "node:assert/strict";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startCli, waitFor, type CliOutcome } from "../support/cli-process";
import { startRedis, type RedisServer } from "../support/redis-server";
import { journalEvents, latestResult, runDirOf } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";
import { startWorker, type WorkerProcess } from "../support/worker-process";

const FLOWS = `
workflow emptied {
  step long { run: "touch long.txt; sleep 3" rollback: "rm -f long.txt" }
  step after { needs: [long] run: "true" }
}
`;

/**
 * Redis restarted without its data (no `appendonly`): the queues, the jobs
 * and the list of known workers are gone. A step that ran on a worker must
 * not then be reported undone when no undo reached it.
 */
describe("momoflow run --on: Redis restarted without its data mid-step", function () {
  this.timeout(90_000);
  const tmp = useTempDir("momoflow-dist-emptied-");
  let redis: RedisServer;
  let worker: WorkerProcess | undefined;

  before(async () => {
    redis = await startRedis();
  });
  afterEach(async () => {
    await worker?.kill();
    worker = undefined;
  });
  after(async () => {
    await redis?.stop();
  });

  /**
   * Starts the worker and a run of `emptied` on it; returns once the long
   * step runs there and the scheduler recorded the worker holding it (it
   * reads who holds a job once a second).
   */
  async function longStepHeldByWorker(extra: string[] = []): Promise<{
    scheduler: string;
    done: Promise<CliOutcome>;
    held: WorkerProcess;
  }> {
    const scheduler = join(tmp(), "scheduler");
    mkdirSync(scheduler);
    writeFileSync(join(scheduler, "flow.momoflow"), FLOWS);
    const held = await startWorker(redis.url, "emptied", join(tmp(), "w"), extra);
    worker = held;
    const { done } = startCli(
      ["run", "flow.momoflow", "--workflow", "emptied", "--on", redis.url],
      scheduler,
    );
    await waitFor(() => existsSync(join(held.workdir, "long.txt")), "the step to start", 30_000);
    await waitFor(
      () =>
        journalEvents(runDirOf(scheduler)).some(
          (e) =>
            e.type === "step_rollback_data" &&
            e.step === "long" &&
            (e.data as { heldBy?: string[] }).heldBy?.includes("emptied") === true,
        ),
      "the scheduler to record the worker holding the long step",
      30_000,
    );
    return { scheduler, done, held };
  }

  it("a step's undo still goes to the worker the scheduler saw holding it: undone there, not reported undone while its effect stays", async () => {
    const { scheduler, done, held } = await longStepHeldByWorker();
    await redis.restart(500);
    const run = await done;
    const result = latestResult(scheduler);
    const long = result.steps.find((s) => s.id === "long")!;
    // Seen holding the step, the worker is sent its undo: the jobs Redis lost do not matter.
    assert.equal(long.status, "rolled_back", run.stdout + run.stderr);
    assert.equal(existsSync(join(held.workdir, "long.txt")), false, "undone on the worker");
    // The step's end could not be reported: Redis had lost its job, which is not "unreachable".
    assert.doesNotMatch(held.output(), /not reachable \(Missing/, held.output());
    assert.match(held.output(), /Redis no longer holds job \S+ \(restarted without its data\?\)/);
  });

  it("a worker whose lock renewal finds its job gone says Redis lost the job, not that its lock expired while Redis was away", async () => {
    // Renewed each second: the first renewal after the restart, not the step's end, finds the job gone.
    const { done, held } = await longStepHeldByWorker(["--lock-duration", "2s"]);
    await redis.restart(300);
    await done;
    assert.doesNotMatch(held.output(), /expired while Redis was unreachable/, held.output());
    assert.match(held.output(), /Redis no longer holds job \S+ \(restarted without its data\?\)/);
  });

  it("a worker still reconnecting when the run's rollback asks for it is waited for: the undo reaches it once it is back", async () => {
    const { scheduler, done, held } = await longStepHeldByWorker();
    // Stopped, the worker cannot reconnect before the scheduler's rollback asks for it.
    process.kill(held.pid, "SIGSTOP");
    try {
      await redis.restart(500);
      await waitFor(
        () => journalEvents(runDirOf(scheduler)).some((e) => e.type === "rollback_started"),
        "the run's rollback to start",
        30_000,
      );
    } finally {
      process.kill(held.pid, "SIGCONT");
    }
    const run = await done;
    const long = latestResult(scheduler).steps.find((s) => s.id === "long")!;
    assert.equal(long.status, "rolled_back", run.stdout + run.stderr);
    assert.equal(existsSync(join(held.workdir, "long.txt")), false, "undone on the worker");
  });
});
