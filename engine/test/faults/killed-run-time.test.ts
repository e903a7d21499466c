import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { killedRecorded } from "../support/recorded-run";
import { useTempDir } from "../support/temp-dir";

/** `slow` takes 300 ms and ends; `next` starts, and the run is killed there. */
const WORKFLOW = `workflow w {
  step slow {
    run: "sleep 0.3"
    rollback: none
  }
  step next {
    needs: slow
    run: "echo next > next.txt"
    rollback: "rm -f next.txt"
  }
}
`;

/**
 * A killed run has no recorded end, and the `result.json` its rollback wrote
 * gave it 0 ms: `momoflow runs` and the run's summary said `rolled_back
 * 0.00 ms` of a run that ran for seconds. Its time is what it recorded
 * itself, from its start to its last line, not the rollback's after it.
 * The step the kill cut said 0.00 ms too: it has no figures (`—`).
 */
describe("momoflow rollback of a killed run: the run's time and its cut step's", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-killed-run-time-");

  it("is the time the run recorded, in result.json, momoflow runs and the run's summary", async () => {
    const run = await killedRecorded(tmp(), "w", WORKFLOW, '"step":"next","attempt"');
    const undo = await runCli(["rollback", run.runDir], run.workdir);
    assert.equal(undo.code, 0, said(undo));
    const result = JSON.parse(readFileSync(join(run.runDir, "result.json"), "utf8")) as {
      metrics: { startTime: number; endTime: number; durationMs: number };
      steps: { id: string; metrics: { startTime: number; endTime: number } }[];
    };
    const slowEnd = result.steps.find((s) => s.id === "slow")!.metrics.endTime;
    assert.ok(result.metrics.durationMs >= 300, JSON.stringify(result.metrics));
    assert.ok(result.metrics.endTime >= slowEnd, JSON.stringify(result));
    assert.equal(result.metrics.endTime - result.metrics.startTime, result.metrics.durationMs);
    const runs = await runCli(["runs"], run.workdir);
    assert.equal(runs.code, 0, said(runs));
    assert.match(runs.stdout, /rolled_back +\d{3} ms /, runs.stdout);
    const detail = await runCli(["runs", run.runDir], run.workdir);
    assert.match(detail.stdout, /^ {2}rolled_back +\d{3} ms +·/m, detail.stdout);
    // The step the kill cut was never timed to an end: no figures, as one the run gave up.
    assert.match(detail.stdout, /^ {2}next +rolled_back +1 +— +—$/m, detail.stdout);
    const next = result.steps.find((s) => s.id === "next")!.metrics;
    assert.deepEqual([next.startTime, next.endTime], [0, 0]);
  });
});
