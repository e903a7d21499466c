import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { killThenRollBack } from "../support/kill-then-roll-back";
import { useTempDir } from "../support/temp-dir";

/**
 * `ship` calls `release` once per region, one call at a time; each called
 * step appends what it did and each undo to ops.log. `us`'s tag writes its
 * shell's pid and sleeps: the run is killed there.
 */
const FLOWS = `workflow release {
  param region: string
  step bump {
    run: "echo bump-\${region} >> ops.log"
    rollback: "echo undo-bump-\${region} >> ops.log"
  }
  step tag {
    needs: bump
    run: "echo tag-\${region} >> ops.log && if [ \${region} = us ]; then echo $$ > us.pid; sleep 30; fi"
    rollback: "echo undo-tag-\${region} >> ops.log"
  }
}

workflow ship {
  param regions: list = ["eu", "us", "ap"]
  step deploy {
    for_each: region in regions
    max_parallel: 2
    run: workflow release(region: region)
  }
}
`;

describe("a run of a call made once per item, killed (SIGKILL) while a called step runs", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-killed-fan-out-call-");

  it("momoflow rollback stops what it left running and undoes each call as one unit, in reverse, from the record", async () => {
    const { workdir, runDir, result } = await killThenRollBack(
      tmp(),
      "ship",
      FLOWS,
      "deploy[1]/tag",
    );
    const ops = readFileSync(join(workdir, "ops.log"), "utf8").trim().split("\n");
    assert.deepEqual(
      ops.filter((line) => line.startsWith("undo-")),
      ["undo-tag-us", "undo-bump-us", "undo-tag-eu", "undo-bump-eu"],
    );
    assert.ok(!ops.some((line) => line.endsWith("-ap")), "ap's call never started");
    const status = Object.fromEntries(result.steps.map((s) => [s.id, s.status]));
    assert.equal(status["deploy[1]/tag"], "rolled_back", JSON.stringify(status));
    assert.equal(status["deploy[0]/bump"], "rolled_back");
    assert.equal(status["deploy[2]/bump"], "not_run");
    // Undone twice: nothing is undone twice.
    const again = await runCli(["rollback", runDir], workdir);
    assert.equal(again.code, 0, said(again));
    const after = readFileSync(join(workdir, "ops.log"), "utf8").trim().split("\n");
    assert.equal(after.length, ops.length, said(again));
  });
});
