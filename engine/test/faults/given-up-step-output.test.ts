import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { said } from "../support/cli-said";
import { startDeafRun, stopAtSummary } from "../support/deaf-run";
import { runDirOf } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";

/**
 * A step that ignores the run's cancellation is given up after the stop
 * grace, and may go on printing: its late lines must not land in the
 * summary, nor in its log after the run's end as if the run were still going.
 */
describe("a step given up after the stop grace", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-given-up-output-");

  it("prints nothing after the run's end: not over the summary, not into its log, which marks where it was given up", async () => {
    const run = startDeafRun(tmp(), "deaf");
    const { child, done, workdir } = run;
    try {
      await stopAtSummary(run);
      const runDir = runDirOf(workdir);
      const log = readFileSync(join(runDir, "logs", "deaf.log"), "utf8");
      // Lines printed once the run ended would have come well within this wait.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const progress = run.progress();
      const summary = progress.slice(progress.lastIndexOf("step "));
      assert.doesNotMatch(summary, /tick/, `the summary holds late output:\n${summary}`);
      assert.equal(readFileSync(join(runDir, "logs", "deaf.log"), "utf8"), log, "the log grew");
      assert.match(log, /── the run gave this step up: the lines below were printed after/);
      const result = JSON.parse(readFileSync(join(runDir, "result.json"), "utf8")) as {
        steps: { id: string; status: string; log?: string }[];
      };
      assert.deepEqual(
        result.steps.map((s) => [s.id, s.status, s.log]),
        [["deaf", "cancelled", "logs/deaf.log"]],
      );
      const out = await done;
      assert.equal(out.code, 130, said(out));
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
  });
});
