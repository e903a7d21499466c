import assert from "node:assert/strict";
import { join } from "node:path";
import { startCli, waitFor } from "../support/cli-process";
import { latestResult } from "../support/run-record-files";
import { useWorkerCluster } from "../support/worker-cluster";

/** A step for a queue no worker serves yet (a typo in runs_on looks the same). */
const FLOWS = `
workflow gpu_job {
  step train { runs_on: "gpu-late" run: "echo trained" rollback: none }
}
`;

describe("momoflow run --on: a step for a queue no connected worker serves", function () {
  this.timeout(90_000);
  const cluster = useWorkerCluster("momoflow-dist-unserved-", FLOWS);

  it("says that it waits for a worker of that queue, rather than waiting in silence; one started then runs it", async () => {
    await cluster.worker(`d-${cluster.tag}`, join(cluster.tmp(), "d"));
    const run = startCli(["run", "flow.momoflow", "--on", cluster.redis.url], cluster.scheduler);
    let said = "";
    run.child.stdout!.on("data", (d) => (said += d));
    run.child.stderr!.on("data", (d) => (said += d));
    try {
      await waitFor(
        () => said.includes('no worker of queue "gpu-late" is connected'),
        "the run to say that no worker serves the queue",
        30_000,
      );
      assert.match(said, /the step waits for one \(momoflow worker --queue gpu-late/);
      await cluster.worker(`g-${cluster.tag}`, join(cluster.tmp(), "g"), ["--queue", "gpu-late"]);
      const end = await run.done;
      assert.equal(end.code, 0, said);
    } finally {
      // Failed before its end: not left running.
      if (run.child.exitCode === null) run.child.kill("SIGKILL");
      await run.done;
    }
    assert.equal(latestResult(cluster.scheduler).steps[0]!.worker, `g-${cluster.tag}`);
  });
});
