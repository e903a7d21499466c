import assert from "node:assert/strict";
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { readResultFile, runRecordPaths } from "@momoflow/record";
import { runCli } from "../../engine/test/support/cli-process";
import { said } from "../../engine/test/support/cli-said";
import { latestRunDir } from "../../engine/test/support/run-record-files";
import { useSmallDisk } from "../../engine/test/support/tmpfs-mount";
import { useWorkerCluster } from "../../engine/test/support/worker-cluster";
import { incompleteLogsNote } from "../src/metrics/step-log-links";
import { gatherMetrics } from "../src/webview/metrics-data";
import { incompleteLogsOf, renderStatusBar } from "../src/status-bar-view";

/** `loud` prints 2 MB on a worker whose disk holds 1 MB; `quiet` a line. */
const FLOWS = `
workflow chatty {
  step quiet {
    run: "echo one line"
  }
  step loud {
    needs: quiet
    run: "head -c 2000000 /dev/zero | tr '\\\\\\\\0' x; echo"
  }
}
`;

/**
 * A step run on a worker whose log there its full disk cut short was said
 * in the editor as if the run's own logs had stopped (`a write to the run's
 * logs failed`): the hover, the status bar and the metrics panel now name
 * the worker, and why, as `momoflow runs <run>` does.
 */
describe("the editor says which step's log a worker's full disk cut short (real redis-server, a worker on a tmpfs)", function () {
  this.timeout(60_000);
  const cluster = useWorkerCluster("momoflow-client-worker-log-", FLOWS);
  const small = useSmallDisk("momoflow-client-worker-log-small-", 1024 * 1024);
  afterEach(() => {
    for (const name of readdirSync(small.disk))
      rmSync(join(small.disk, name), { recursive: true, force: true });
  });

  it("in the step's hover, the status bar and the Run and History tabs, as momoflow runs <run> says it", async () => {
    const name = `wclient-${cluster.tag}`;
    const worker = await cluster.worker(name, join(small.disk, `w-${cluster.tag}`));
    const run = await runCli(
      ["run", "flow.momoflow", "--on", cluster.redis.url],
      cluster.scheduler,
    );
    assert.equal(run.code, 0, said(run) + worker.output());
    const runDir = latestRunDir(cluster.scheduler)!;
    const shown = await runCli(["runs", runDir], cluster.scheduler);
    const cliLine = shown.stdout
      .split("\n")
      .map((line) => line.trim())
      .find((line) => line.includes("is incomplete"));
    const why = `the log of step "loud" on worker ${name} is incomplete: a write to it failed there (a full disk?)`;
    assert.ok(cliLine?.startsWith(why), shown.stdout);

    const result = readResultFile(runRecordPaths(runDir).result)!;
    assert.equal(incompleteLogsNote(result, "quiet"), "", "its log is whole");
    // Markdown, its punctuation escaped.
    const hover = incompleteLogsNote(result, "loud").replace(/\\/g, "");
    assert.ok(hover.includes(`on worker ${name} is incomplete`), hover);
    assert.doesNotMatch(hover, /the run's logs/, hover);

    const bar = renderStatusBar({
      server: "running",
      trusted: true,
      lastRun: {
        status: result.status,
        detail: { workflow: "chatty", action: "run", ...incompleteLogsOf(result) },
      },
    });
    const sentence = cliLine!.charAt(0).toUpperCase() + cliLine!.slice(1);
    assert.ok(bar.tooltip.split("\n").includes(sentence), bar.tooltip);

    const data = await gatherMetrics({
      root: cluster.scheduler,
      source: join(cluster.scheduler, "flow.momoflow"),
    });
    assert.equal(data.run!.incompleteLogs, cliLine);
    assert.equal(data.history[0]!.incompleteLogs, cliLine);
  });
});
