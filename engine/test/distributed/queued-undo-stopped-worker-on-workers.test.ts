import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Redis } from "ioredis";
import { runCli, startCli, waitFor, type CliOutcome } from "../support/cli-process";
import { said } from "../support/cli-said";
import { isAlive } from "../support/process-liveness";
import { runIdsOf } from "../support/run-record-files";
import { useWorkerCluster } from "../support/worker-cluster";

/**
 * `held`'s undo notes its run in ops.log (in the worker's folder) and waits
 * there until `go` exists: the worker's undo queue (one undo at a time) is
 * held while it waits.
 */
const FLOWS = `
workflow held {
  step made {
    run: "echo made-\${run.id} >> ops.log"
    rollback: "echo undo-\${run.id} >> ops.log; while [ ! -f go ]; do sleep 0.1; done"
    rollback_timeout: 10m
  }
}
`;

/**
 * A worker stopped while the undo of another run waits in its queue behind
 * the undo it runs: that waiting undo is never taken by it. The rollback
 * that sent it says so once the worker is gone, as it says of an undo whose
 * worker is not connected when it is sent, rather than waiting in silence
 * for the step's rollback_timeout; the job is taken off the queue, and a
 * rollback once the worker is back undoes the step there, once.
 */
describe("a worker stopped while an undo waits in its queue (real redis-server, workers)", function () {
  this.timeout(180_000);
  const cluster = useWorkerCluster("momoflow-dist-queued-undo-", FLOWS);

  it("the rollback that sent it says the worker is not connected, within seconds of its exit; once back, a rollback undoes the step there", async () => {
    const name = `wq-${cluster.tag}`;
    const w = await cluster.worker(name, join(cluster.tmp(), "wq"), ["--stop-grace", "60s"]);
    const ops = (): string[] => {
      const file = join(w.workdir, "ops.log");
      return existsSync(file) ? readFileSync(file, "utf8").trim().split("\n") : [];
    };
    for (let i = 0; i < 2; i++) {
      const out = await runCli(
        ["run", "flow.momoflow", "--on", cluster.redis.url],
        cluster.scheduler,
      );
      assert.equal(out.code, 0, said(out));
    }
    const [first, second] = runIdsOf(cluster.scheduler).sort();
    const runDir = (id: string): string => join(cluster.scheduler, ".momoflow", "runs", id);
    const redis = new Redis(cluster.redis.url);
    const a = startCli(["rollback", runDir(first!)], cluster.scheduler);
    let b: ReturnType<typeof startCli> | undefined;
    let bEnded: CliOutcome | undefined;
    try {
      await waitFor(
        () => ops().includes(`undo-${first}`),
        `the first undo to start (${ops().join(" ")})`,
        30_000,
      );
      b = startCli(["rollback", runDir(second!)], cluster.scheduler);
      void b.done.then((end) => (bEnded = end));
      // The second run's undo waits in the worker's own queue, behind the first.
      let waiting = 0;
      await waitFor(
        () => {
          void redis.llen(`bull:momoflow-worker-${name}:wait`).then((n) => (waiting = n));
          return waiting > 0;
        },
        "the second undo to wait in the worker's queue",
        30_000,
      );
      process.kill(w.pid, "SIGTERM");
      await waitFor(() => /takes no more steps/.test(w.output()), "the worker to stop", 30_000);
      writeFileSync(join(w.workdir, "go"), "");
      const aEnd = await a.done;
      assert.equal(aEnd.code, 0, said(aEnd));
      await waitFor(() => w.exited() !== undefined, "the worker to exit", 60_000);
      assert.equal(isAlive(w.pid), false);

      // Not the step's rollback_timeout (10m): said within seconds of the worker's exit.
      await waitFor(() => bEnded !== undefined, "the second rollback to end", 60_000);
      const bEnd = bEnded!;
      assert.equal(bEnd.code, 1, said(bEnd));
      assert.match(
        bEnd.stdout,
        new RegExp(`worker ${name} is not connected: its undo of made waits until it is back`),
        said(bEnd),
      );
      assert.equal(await redis.llen(`bull:momoflow-worker-${name}:wait`), 0);
      assert.deepEqual(ops().slice(2), [`undo-${first}`]);
    } finally {
      for (const { child } of b ? [a, b] : [a])
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      redis.disconnect();
    }

    const back = await cluster.worker(name, w.workdir);
    const again = await runCli(["rollback", runDir(second!)], cluster.scheduler);
    assert.equal(again.code, 0, said(again) + back.output());
    assert.deepEqual(ops().slice(2), [`undo-${first}`, `undo-${second}`]);
  });
});
