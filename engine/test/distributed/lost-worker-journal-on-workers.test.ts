import assert from "node:assert/strict";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { latestResult, latestRunDir } from "../support/run-record-files";
import { useWorkerCluster } from "../support/worker-cluster";

/** Each step notes its effect, and its undo, in ops.log in the folder of the worker that runs it. */
const FLOWS = `
workflow made {
  step make {
    run: "echo made >> ops.log"
    rollback: "echo undone >> ops.log"
  }
}
`;

/** What the steps did in `dir`, a worker's folder, in order. */
function ops(dir: string): string[] {
  const file = join(dir, "ops.log");
  return existsSync(file) ? readFileSync(file, "utf8").trim().split("\n") : [];
}

/**
 * The undo of a step goes to the worker of the name that ran it, and is
 * made from that worker's journal, where the step was recorded before its
 * effect. When that journal does not hold the step — a worker of that name
 * started elsewhere since (another machine, another `--workdir`: the one
 * that ran it is gone), or the journal was removed by hand — the step is not
 * reported undone while its effect stays where it ran: the rollback says why.
 */
describe("the undo of a step whose worker's journal does not hold it (real redis-server, workers)", function () {
  this.timeout(120_000);
  const cluster = useWorkerCluster("momoflow-dist-journal-lost-", FLOWS);

  it("momoflow rollback is rollback_failed, naming both places; once the worker runs where it ran the step, undone there once", async () => {
    const name = `wn-${cluster.tag}`;
    const first = join(cluster.tmp(), "first");
    const elsewhere = join(cluster.tmp(), "elsewhere");
    const w = await cluster.worker(name, first);
    const ran = await runCli(
      ["run", "flow.momoflow", "--on", cluster.redis.url],
      cluster.scheduler,
    );
    assert.equal(ran.code, 0, said(ran));
    assert.equal((await w.stop()).code, 0, w.output());

    const other = await cluster.worker(name, elsewhere);
    const run = latestRunDir(cluster.scheduler)!;
    const refused = await runCli(["rollback", run], cluster.scheduler);
    assert.equal(refused.code, 1, said(refused) + other.output());
    assert.match(
      refused.stdout,
      new RegExp(
        `worker ${name} now runs at ${hostname()}:${elsewhere}, whose journal has no record of step "make"; it ran the step at ${hostname()}:${first}: start worker ${name} there again and roll back again`,
      ),
      said(refused),
    );
    assert.equal(latestResult(cluster.scheduler).steps[0]!.status, "rollback_failed");
    assert.deepEqual(ops(first), ["made"]);
    assert.deepEqual(ops(elsewhere), []);
    assert.equal((await other.stop()).code, 0, other.output());

    const back = await cluster.worker(name, first);
    const again = await runCli(["rollback", run], cluster.scheduler);
    assert.equal(again.code, 0, said(again) + back.output());
    assert.equal(latestResult(cluster.scheduler).status, "rolled_back", said(again));
    assert.deepEqual(ops(first), ["made", "undone"]);
  });

  it("momoflow rollback is rollback_failed, saying the journal has no record of a step that ran there", async () => {
    const name = `wr-${cluster.tag}`;
    const dir = join(cluster.tmp(), "work");
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
    assert.deepEqual(ops(dir), ["made"], "nothing undone, nothing said undone");
    assert.equal((await again.stop()).code, 0, again.output());
  });
});
