import assert from "node:assert/strict";
import { readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { latestResult, runDirOf } from "../support/run-record-files";
import { useSmallDisk } from "../support/tmpfs-mount";
import { useWorkerCluster } from "../support/worker-cluster";

/**
 * `loud` prints 2 MB on a worker whose disk holds 1 MB: the worker's log of
 * it stops being written there. `quiet` and `after` print a line each, which
 * their logs keep.
 */
const FLOWS = `
workflow chatty {
  step quiet {
    run: "echo one line"
    rollback: "echo undone"
  }
  step loud {
    needs: quiet
    run: "head -c 2000000 /dev/zero | tr '\\\\\\\\0' x; echo"
  }
  step after {
    needs: loud
    run: "echo said after the log stopped"
  }
}
`;

/**
 * A step run on a worker whose log there could not keep all it printed (the
 * worker's disk is full) is named in the scheduler's record as a step run
 * here is: result.json's `incompleteLogs`, the run's summary, `momoflow runs
 * <run>` and `--json`.
 */
describe("a worker's step whose log its full disk cut short (real redis-server, a worker on a tmpfs)", function () {
  this.timeout(120_000);
  const cluster = useWorkerCluster("momoflow-dist-incomplete-log-", FLOWS);
  const small = useSmallDisk("momoflow-dist-incomplete-log-small-", 1024 * 1024);
  // Each test fills the worker's disk: the next one starts on an empty disk.
  afterEach(() => {
    for (const name of readdirSync(small.disk))
      rmSync(join(small.disk, name), { recursive: true, force: true });
  });

  it("is named in result.json, in the run's summary and in momoflow runs <run>", async () => {
    const name = `wlog-${cluster.tag}`;
    const worker = await cluster.worker(name, join(small.disk, `w-${cluster.tag}`));
    const run = await runCli(
      ["run", "flow.momoflow", "--on", cluster.redis.url],
      cluster.scheduler,
    );
    assert.equal(run.code, 0, said(run) + worker.output());
    const result = latestResult(cluster.scheduler);
    assert.equal(result.status, "success");
    assert.deepEqual(result.incompleteLogs, ["loud"], JSON.stringify(result, null, 1));
    // Where it was cut short: on the worker, whose disk is full, not in the run's logs here.
    assert.deepEqual(result.incompleteLogsOn, { loud: name }, JSON.stringify(result, null, 1));
    const logLine = new RegExp(
      `the log of step "loud" on worker ${name} is incomplete: a write to it failed there \\(a full disk\\?\\)`,
    );
    assert.match(said(run), logLine, "the run's summary says it");
    assert.doesNotMatch(said(run), /a write to the run's logs failed/, "the run's logs are whole");
    // Its log here says why, and where the rest of it was to be kept.
    const log = readFileSync(join(runDirOf(cluster.scheduler), "logs", "loud.log"), "utf8");
    assert.match(log, new RegExp(`its log on worker ${name} is incomplete`), log.slice(0, 400));

    const runs = await runCli(["runs", runDirOf(cluster.scheduler)], cluster.scheduler);
    assert.equal(runs.code, 0, said(runs));
    assert.match(runs.stdout, logLine, runs.stdout);
    assert.doesNotMatch(runs.stdout, /a write to the run's logs failed/, runs.stdout);
  });

  it("is still named so once momoflow rollback rewrote result.json", async () => {
    const name = `wundo-${cluster.tag}`;
    const worker = await cluster.worker(name, join(small.disk, `w-${cluster.tag}`));
    const run = await runCli(
      ["run", "flow.momoflow", "--on", cluster.redis.url],
      cluster.scheduler,
    );
    assert.equal(run.code, 0, said(run) + worker.output());
    const undo = await runCli(["rollback", runDirOf(cluster.scheduler)], cluster.scheduler);
    assert.equal(undo.code, 0, said(undo) + worker.output());
    const after = latestResult(cluster.scheduler);
    const quiet = after.steps.find((s) => s.id === "quiet")!;
    assert.equal(quiet.status, "rolled_back", JSON.stringify(after, null, 1));
    assert.deepEqual(after.incompleteLogsOn, { loud: name }, JSON.stringify(after, null, 1));
  });

  it("in what momoflow run --json prints", async () => {
    const worker = await cluster.worker(
      `wjson-${cluster.tag}`,
      join(small.disk, `w-${cluster.tag}`),
    );
    const run = await runCli(
      ["run", "flow.momoflow", "--on", cluster.redis.url, "--json", "--quiet"],
      cluster.scheduler,
    );
    assert.equal(run.code, 0, said(run) + worker.output());
    const printed = JSON.parse(run.stdout) as {
      incompleteLogs: string[];
      incompleteLogsOn: object;
    };
    assert.deepEqual(printed.incompleteLogs, ["loud"], run.stdout);
    assert.deepEqual(printed.incompleteLogsOn, { loud: `wjson-${cluster.tag}` }, run.stdout);
  });
});
