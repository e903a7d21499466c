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
    const logLine = /the log of step "loud" is incomplete/;
    assert.match(said(run), logLine, "the run's summary says it");
    // Its log here says why, and where the rest of it was to be kept.
    const log = readFileSync(join(runDirOf(cluster.scheduler), "logs", "loud.log"), "utf8");
    assert.match(log, new RegExp(`its log on worker ${name} is incomplete`), log.slice(0, 400));

    const runs = await runCli(["runs", runDirOf(cluster.scheduler)], cluster.scheduler);
    assert.equal(runs.code, 0, said(runs));
    assert.match(runs.stdout, logLine, runs.stdout);
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
    assert.deepEqual(JSON.parse(run.stdout).incompleteLogs, ["loud"], run.stdout);
  });
});
