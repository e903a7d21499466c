import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startCli, waitFor } from "../support/cli-process";
import { latestResult } from "../support/run-record-files";
import { useWorkerCluster } from "../support/worker-cluster";

/** A step for a queue no worker serves yet (a typo in runs_on looks the same). */
const FLOWS = `
workflow gpu_job {
  step train { runs_on: "gpu-late" run: "echo trained" rollback: none }
}

workflow two_jobs {
  concurrency: 2
  step each {
    for_each: it in ["a", "b"]
    max_parallel: 2
    runs_on: "gpu-leaving"
    run: "echo start-\${it} >> ops.log; while [ ! -f go ]; do sleep 0.1; done"
    rollback: none
  }
}
`;

/** How long a job waits untaken before its queue's workers are counted (the dispatcher's UNSERVED_AFTER_MS), and a margin. */
const UNSERVED_AFTER_MS = 5000 + 1500;

describe("momoflow run --on: a step for a queue no connected worker serves", function () {
  this.timeout(90_000);
  const cluster = useWorkerCluster("momoflow-dist-unserved-", FLOWS);

  it("says that it waits for a worker of that queue, rather than waiting in silence; one started then runs it", async () => {
    await cluster.worker(`d-${cluster.tag}`, join(cluster.tmp(), "d"));
    const run = startCli(
      ["run", "flow.momoflow", "--workflow", "gpu_job", "--on", cluster.redis.url],
      cluster.scheduler,
    );
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

  it("a job that waited while its queue was served says so once the last worker of its queue is gone, rather than waiting on in silence", async () => {
    const leaving = await cluster.worker(`l-${cluster.tag}`, join(cluster.tmp(), "l"), [
      "--queue",
      "gpu-leaving",
      "--stop-grace",
      "60s",
    ]);
    const ops = (): string[] => {
      const file = join(leaving.workdir, "ops.log");
      return existsSync(file) ? readFileSync(file, "utf8").trim().split("\n") : [];
    };
    const run = startCli(
      ["run", "flow.momoflow", "--workflow", "two_jobs", "--on", cluster.redis.url],
      cluster.scheduler,
    );
    let said = "";
    run.child.stdout!.on("data", (d) => (said += d));
    run.child.stderr!.on("data", (d) => (said += d));
    try {
      await waitFor(() => ops().length === 1, "one instance to start", 30_000);
      // The other instance's job waits, past the time its queue's workers are first counted: one is connected.
      await new Promise((resolve) => setTimeout(resolve, UNSERVED_AFTER_MS));
      assert.doesNotMatch(said, /no worker of queue/);
      process.kill(leaving.pid, "SIGTERM");
      await waitFor(
        () => /takes no more steps/.test(leaving.output()),
        "the worker to stop",
        30_000,
      );
      writeFileSync(join(leaving.workdir, "go"), "");
      await waitFor(() => leaving.exited() !== undefined, "the worker to exit", 30_000);
      await waitFor(
        () => said.includes('no worker of queue "gpu-leaving" is connected'),
        "the run to say that no worker serves the queue any more",
        30_000,
      );
      const back = await cluster.worker(`l2-${cluster.tag}`, join(cluster.tmp(), "l2"), [
        "--queue",
        "gpu-leaving",
      ]);
      writeFileSync(join(back.workdir, "go"), "");
      const end = await run.done;
      assert.equal(end.code, 0, said);
    } finally {
      if (run.child.exitCode === null) run.child.kill("SIGKILL");
      await run.done;
    }
  });
});
