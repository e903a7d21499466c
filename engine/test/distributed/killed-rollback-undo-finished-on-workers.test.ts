import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, startCli, waitFor } from "../support/cli-process";
import { said } from "../support/cli-said";
import { latestResult, runDirOf } from "../support/run-record-files";
import { useWorkerCluster } from "../support/worker-cluster";

/** A step whose undo notes its start in ops.log, then takes a few seconds; then a failure. */
const FLOWS = `
workflow slow_undo {
  step made {
    run: "touch made.txt"
    rollback: "echo undo >> ops.log; sleep 3; rm -f made.txt"
  }
  step fails { needs: made run: "exit 3" rollback: none }
}
`;

/**
 * A `run --on` scheduler killed (`kill -9`) while its worker undoes a step:
 * the worker's undo goes on to its end. `momoflow rollback` then sends the
 * undo again; the worker takes it once the first ended, and finds the step
 * undone: it is not run again, and the rollback says what happened there,
 * not that the undo "was run from its start now".
 */
describe("momoflow rollback after a run --on killed during its rollback (real redis-server, workers)", function () {
  this.timeout(120_000);
  const cluster = useWorkerCluster("momoflow-dist-killed-rollback-", FLOWS);

  it("says the worker finished the undo under way, which is not run again", async () => {
    const worker = await cluster.worker(`k-${cluster.tag}`, join(cluster.tmp(), "k"));
    const ops = join(worker.workdir, "ops.log");
    const run = startCli(
      ["run", "flow.momoflow", "--workflow", "slow_undo", "--on", cluster.redis.url],
      cluster.scheduler,
    );
    await waitFor(() => existsSync(ops), "the worker's undo to start", 60_000);
    run.child.kill("SIGKILL");
    await run.done;
    assert.ok(existsSync(join(worker.workdir, "made.txt")), "the undo is under way");
    const rollback = await runCli(["rollback", runDirOf(cluster.scheduler)], cluster.scheduler);
    const out = said(rollback);
    assert.equal(rollback.code, 0, out);
    assert.ok(!existsSync(join(worker.workdir, "made.txt")), out);
    assert.deepEqual(readFileSync(ops, "utf8").trim().split("\n"), ["undo"], "undone once");
    assert.doesNotMatch(out, /run from its start|run again from/);
    assert.match(
      out,
      /made: the run's rollback at \d\d:\d\d:\d\d was killed at its undo; on worker k-\S+ that undo went on and finished, so it was not run again/,
    );
    const runs = await runCli(["runs", runDirOf(cluster.scheduler)], cluster.scheduler);
    assert.doesNotMatch(said(runs), /run from its start|run again from/);
    assert.match(
      said(runs),
      /made: the run's rollback at .* was killed at its undo; on worker k-\S+ that undo went on and finished/,
    );
    assert.equal(
      latestResult(cluster.scheduler).steps.find((s) => s.id === "made")!.status,
      "rolled_back",
    );
    // Said once, as an undo run again that was not: not also among the steps found undone.
    assert.equal(latestResult(cluster.scheduler).foundUndone, undefined);
  });
});
