import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { runCli, runCliWithin } from "../support/cli-process";
import { latestResult, runDirOf } from "../support/run-record-files";
import { useWorkerCluster } from "../support/worker-cluster";

/** A step done on a worker, then a failure, with the rollback off: left for momoflow rollback. */
const FLOWS = `
workflow left {
  rollback_on_failure: false
  step made { run: "touch made.txt" rollback: "rm -f made.txt" }
  step fails { needs: made run: "exit 3" rollback: none }
}
`;

/**
 * `momoflow rollback` of a run whose steps ran on workers, while its Redis
 * is down: it says so at once, and leaves the steps to undo, rather than
 * waiting each undo's whole rollback_timeout (5 minutes by default) and
 * then saying the undo did not stop in time, as if it had run.
 */
describe("momoflow rollback of a run on workers while Redis is down", function () {
  this.timeout(120_000);
  const cluster = useWorkerCluster("momoflow-dist-rollback-redis-gone-", FLOWS);

  it("says that Redis is not reachable, within seconds, and leaves the steps undone for a later rollback", async () => {
    const worker = await cluster.worker(`l-${cluster.tag}`, join(cluster.tmp(), "l"));
    const run = await runCli(
      ["run", "flow.momoflow", "--on", cluster.redis.url],
      cluster.scheduler,
    );
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.ok(existsSync(join(worker.workdir, "made.txt")));
    process.kill(cluster.redis.pid, "SIGKILL");
    const rollback = await runCliWithin(
      ["rollback", runDirOf(cluster.scheduler)],
      cluster.scheduler,
      60_000,
    );
    const said = rollback.stdout + rollback.stderr;
    assert.equal(rollback.signal, null, `the rollback did not end within 60s:\n${said}`);
    assert.equal(rollback.code, 1, said);
    assert.match(
      said,
      /made rollback_failed .*Redis at redis:\/\/127\.0\.0\.1:\d+ is not reachable/,
    );
    assert.match(said, /nothing was sent to its worker/);
    assert.doesNotMatch(said, /rollback_timeout|run again from its start/);
    assert.ok(existsSync(join(worker.workdir, "made.txt")), "not undone: Redis was down");
    assert.equal(
      latestResult(cluster.scheduler).steps.find((s) => s.id === "made")!.status,
      "rollback_failed",
    );
  });
});
