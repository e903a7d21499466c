import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { latestRunDir } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";

/** `ship` calls `release` (two steps), then `announce` fails: everything is undone. */
const WORKFLOW = `workflow release {
  step bump {
    run: create_file(path: "VERSION", content: "1.4.0")
  }
  step tag {
    needs: bump
    run: create_file(path: "TAG", content: "v1.4.0")
  }
}

workflow ship {
  step prepare {
    run: create_file(path: "prepared.txt", content: "yes")
  }
  step release {
    needs: prepare
    run: workflow release()
  }
  step announce {
    needs: release
    run: fail(message: "announcing failed")
  }
}
`;

/**
 * "% of steps succeeded" counts the steps that do work. A step that calls a
 * workflow does none of its own — its row says the call completed, its
 * called steps' rows say what became of their work — as a fan-out step's row
 * only sums up its instances, which is not counted beside them. Counted, it
 * made a run whose every step was rolled back say "25% of steps succeeded".
 */
describe("% of steps succeeded: a step that calls a workflow is not counted beside its called steps", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-call-success-rate-");

  it("a run rolled back whole succeeded in 0% of its steps: summary, --json and result.json", async () => {
    const file = join(tmp(), "flow.momoflow");
    writeFileSync(file, WORKFLOW);
    const out = await runCli(["run", file, "--workflow", "ship", "--json"], tmp());
    assert.equal(out.code, 1, said(out));
    const printed = JSON.parse(out.stdout);
    assert.equal(printed.status, "rolled_back");
    assert.equal(printed.successRate, 0, "run --json");
    const result = JSON.parse(readFileSync(join(latestRunDir(tmp())!, "result.json"), "utf8"));
    assert.equal(result.successRate, 0, "result.json");
    const summary = await runCli(["run", file, "--workflow", "ship"], tmp());
    assert.match(summary.stdout, /rolled_back .*· {2}0% of steps succeeded/, said(summary));
  });

  it("a run that succeeded: 100%, each called step counted", async () => {
    const file = join(tmp(), "flow.momoflow");
    writeFileSync(
      file,
      WORKFLOW.replace('fail(message: "announcing failed")', 'log(message: "out")'),
    );
    const out = await runCli(["run", file, "--workflow", "ship", "--json"], tmp());
    assert.equal(out.code, 0, said(out));
    assert.equal(JSON.parse(out.stdout).successRate, 1);
  });
});
