import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { startCli, waitFor } from "../support/cli-process";
import { useWorkerCluster } from "../support/worker-cluster";

/** A step whose undo is given up soon: a run stopped with Redis gone ends within seconds. */
const FLOWS = `
workflow gone {
  step s {
    run: "touch s.txt; sleep 5"
    rollback: "rm -f s.txt"
    rollback_timeout: 2s
  }
}
`;

/**
 * Redis gone for good mid-run (its machine lost): the run waits for it,
 * saying so; stopped with Ctrl+C, it gives its step and the step's undo up,
 * says so in its summary, and exits — it does not hang after its summary
 * waiting for a Redis that will not come back to close its connections.
 */
describe("momoflow run --on: stopped while Redis is gone", function () {
  this.timeout(90_000);
  const cluster = useWorkerCluster("momoflow-dist-redis-gone-", FLOWS);

  it("exits once its summary is written, without waiting for Redis to come back", async () => {
    const worker = await cluster.worker(`g-${cluster.tag}`, join(cluster.tmp(), "g"));
    const run = startCli(["run", "flow.momoflow", "--on", cluster.redis.url], cluster.scheduler);
    let said = "";
    run.child.stdout!.on("data", (d) => (said += d));
    run.child.stderr!.on("data", (d) => (said += d));
    try {
      await waitFor(() => existsSync(join(worker.workdir, "s.txt")), "the step to start", 30_000);
      process.kill(cluster.redis.pid, "SIGKILL");
      await waitFor(() => said.includes("is not reachable"), "the run to say Redis is away");
      run.child.kill("SIGINT");
      await waitFor(() => said.includes("run record:"), "the run's summary", 60_000);
      const exited = await Promise.race([
        run.done.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 15_000)),
      ]);
      assert.ok(exited, `the run did not exit within 15s of its summary:\n${said}`);
      assert.equal((await run.done).code, 130, said);
    } finally {
      if (run.child.exitCode === null) run.child.kill("SIGKILL");
      await run.done;
    }
  });
});
