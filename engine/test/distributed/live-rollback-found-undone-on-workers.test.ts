import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, startCli, waitFor } from "../support/cli-process";
import { said } from "../support/cli-said";
import { journalEvents, latestResult, runDirOf } from "../support/run-record-files";
import { useWorkerCluster } from "../support/worker-cluster";
import { Dispatcher } from "../../src/distributed/dispatcher";
import { parseRedisAddress } from "../../src/distributed/redis-address";

/** `made` is undone once (its undo notes it in ops.log); `gate` waits for a file `go`, then fails. */
const FLOWS = `
workflow gated {
  step made {
    run: "touch made.txt"
    rollback: "echo undo >> ops.log; rm -f made.txt"
  }
  step gate {
    needs: made
    run: "while [ ! -e go ]; do sleep 0.1; done; exit 3"
    rollback: none
  }
}
`;

/**
 * A `run --on` whose own rollback (after a failed step) finds a step undone
 * already on its worker — by an undo sent there meanwhile, as a `momoflow
 * rollback` of a copy of the record elsewhere sends it — does not undo it
 * again, and says so, as `momoflow rollback` says it of an undo it finds
 * finished on its worker: not counted undone in silence.
 */
describe("a run --on whose live rollback finds a step undone already on its worker (real redis-server, workers)", function () {
  this.timeout(120_000);
  const cluster = useWorkerCluster("momoflow-dist-live-found-undone-", FLOWS);

  it("says the worker had undone it, records it, and does not undo it again", async () => {
    const name = `g-${cluster.tag}`;
    const worker = await cluster.worker(name, join(cluster.tmp(), "g"));
    const made = join(worker.workdir, "made.txt");
    const run = startCli(
      ["run", "flow.momoflow", "--workflow", "gated", "--on", cluster.redis.url],
      cluster.scheduler,
    );
    try {
      await waitFor(() => existsSync(made), "step made to have run on the worker", 60_000);
      const runId = String(journalEvents(runDirOf(cluster.scheduler))[0]!.runId);
      // The undo of `made`, sent to its worker as a rollback elsewhere sends it, while `gate` waits.
      const elsewhere = new Dispatcher(parseRedisAddress(cluster.redis.url));
      try {
        const undone = await elsewhere.undo(
          { kind: "undo", runId, stepId: "made", attempts: 1 },
          name,
        );
        assert.equal(undone.status, "rolled_back", JSON.stringify(undone));
      } finally {
        await elsewhere.close();
      }
      assert.ok(!existsSync(made));
    } finally {
      // `gate` ends (fails), and with it the run, whatever happened above.
      writeFileSync(join(worker.workdir, "go"), "");
    }
    const out = await run.done;
    const printed = said(out);
    assert.equal(out.code, 1, printed + worker.output());
    assert.deepEqual(
      readFileSync(join(worker.workdir, "ops.log"), "utf8").trim().split("\n"),
      ["undo"],
      "undone once",
    );
    const result = latestResult(cluster.scheduler);
    assert.equal(result.status, "rolled_back", printed);
    const note = new RegExp(
      `on worker ${name} its journal shows it undone already \\(by an earlier rollback\\), so it was not undone again`,
    );
    assert.match(printed, note, "said as the run rolls back");
    const log = readFileSync(join(runDirOf(cluster.scheduler), "logs", "made.log"), "utf8");
    assert.match(log, note, log);
    // Recorded as momoflow rollback records it: the worker that had undone it.
    const undoneLine = journalEvents(runDirOf(cluster.scheduler)).find(
      (e) => e.type === "step_rolled_back" && e.step === "made",
    );
    assert.deepEqual(undoneLine?.foundUndoneOn, [name], JSON.stringify(undoneLine));
    // Kept in result.json, and said under the run's summary and by momoflow runs <run>.
    assert.deepEqual(result.foundUndone, [{ stepId: "made", on: [name] }]);
    const line = new RegExp(`^\\s*made: ${note.source}`, "m");
    assert.match(printed, line, printed);
    const runs = await runCli(["runs", runDirOf(cluster.scheduler)], cluster.scheduler);
    assert.match(said(runs), line, said(runs));
  });
});
