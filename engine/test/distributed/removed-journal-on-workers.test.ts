import assert from "node:assert/strict";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { latestResult, latestRunDir } from "../support/run-record-files";
import { useWorkerCluster } from "../support/worker-cluster";

/** The step notes its effect, and its undo, in ops.log in the folder of the worker that runs it. */
const FLOWS = `
workflow made {
  step make {
    run: "echo made >> ops.log"
    rollback: "echo undone >> ops.log"
  }
}
`;

/**
 * A step that succeeded on a worker was recorded there before it had any
 * effect: the worker's journal holds its start. When that journal is gone
 * (its folder removed or moved by hand, the worker started again in the same
 * place), the worker finds nothing of the step to undo — but the step ran,
 * and its effect stays. The rollback must not report it undone.
 */
describe("the undo of a step whose worker's journal was removed (real redis-server, workers)", function () {
  this.timeout(120_000);
  const cluster = useWorkerCluster("momoflow-dist-removed-journal-", FLOWS);

  it("momoflow rollback is rollback_failed, saying the journal has no record of a step that ran there", async () => {
    const name = `wr-${cluster.tag}`;
    const dir = join(cluster.tmp(), "work");
    const ops = (): string[] => {
      const file = join(dir, "ops.log");
      return existsSync(file) ? readFileSync(file, "utf8").trim().split("\n") : [];
    };
    const w = await cluster.worker(name, dir);
    const ran = await runCli(
      ["run", "flow.momoflow", "--on", cluster.redis.url],
      cluster.scheduler,
    );
    assert.equal(ran.code, 0, said(ran));
    assert.equal((await w.stop()).code, 0, w.output());
    rmSync(join(dir, ".momoflow", "workers"), { recursive: true, force: true });

    const again = await cluster.worker(name, dir);
    const run = latestRunDir(cluster.scheduler)!;
    const refused = await runCli(["rollback", run], cluster.scheduler);
    assert.equal(refused.code, 1, said(refused) + again.output());
    assert.match(
      refused.stdout,
      new RegExp(
        `the journal of worker ${name} has no record of step "make", which it ran and recorded there: undo the step by hand where the worker runs \\(.*\\), or bring its journal back \\(\\.momoflow/workers/${name}/\\) and roll back again`,
      ),
      said(refused),
    );
    assert.equal(latestResult(cluster.scheduler).steps[0]!.status, "rollback_failed");
    assert.deepEqual(ops(), ["made"], "nothing undone, nothing said undone");
    assert.equal((await again.stop()).code, 0, again.output());
  });
});
