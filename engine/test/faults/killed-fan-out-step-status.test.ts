import assert from "node:assert/strict";
import { runCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { killThenRollBack } from "../support/kill-then-roll-back";
import { useTempDir } from "../support/temp-dir";
import type { ResultStep } from "../../src/record/result-file";

/**
 * `deploy` fans out over three regions, one instance at a time, either as a
 * shell step (`plain`) or as a call of `release` per region (`calls`). `us`
 * writes its shell's pid and sleeps: the run is killed (SIGKILL) there, so
 * the journal holds the fan-out and its instances' lines, but no end of
 * `deploy` itself.
 */
const FLOWS = `workflow release {
  param region: string
  step push {
    run: "echo push-\${region} >> ops.log && if [ \${region} = us ]; then echo $$ > us.pid; sleep 30; fi"
    rollback: "echo undo-push-\${region} >> ops.log"
  }
}

workflow plain {
  param regions: list = ["eu", "us", "ap"]
  step deploy {
    for_each: region in regions
    run: "echo push-\${region} >> ops.log && if [ \${region} = us ]; then echo $$ > us.pid; sleep 30; fi"
    rollback: "echo undo-push-\${region} >> ops.log"
  }
}

workflow parts {
  param region: string
  param parts: list = ["p1", "p2"]
  step push {
    for_each: p in parts
    run: "echo push-\${region}-\${p} >> ops.log && if [ \${region}-\${p} = us-p2 ]; then echo $$ > us.pid; sleep 30; fi"
    rollback: "echo undo-push-\${region}-\${p} >> ops.log"
  }
}

workflow nested {
  param regions: list = ["eu", "us", "ap"]
  step deploy {
    for_each: region in regions
    run: workflow parts(region: region)
  }
}

workflow calls {
  param regions: list = ["eu", "us", "ap"]
  step deploy {
    for_each: region in regions
    run: workflow release(region: region)
  }
}
`;

describe("a fan-out step of a run killed (SIGKILL) while one of its instances runs", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-killed-fan-out-status-");

  for (const [workflow, running] of [
    ["plain", "deploy[1]"],
    ["calls", "deploy[1]/push"],
    ["nested", "deploy[1]/push[1]"],
  ] as const) {
    it(`reads failed, interrupted, not not_run, once momoflow rollback read the record (${workflow})`, async () => {
      const { workdir, runDir, result } = await killThenRollBack(tmp(), workflow, FLOWS, running);
      const byId = new Map<string, ResultStep>(result.steps.map((s) => [s.id, s]));
      const deploy = byId.get("deploy")!;
      // It ran (one instance done, one cut by the kill): not a step that never started.
      assert.equal(deploy.status, "failed", JSON.stringify(deploy));
      assert.equal(deploy.error, "interrupted: the run ended while this step was running");
      assert.equal(byId.get("deploy[1]")!.status, workflow === "plain" ? "rolled_back" : "failed");
      // A fan-out of the called workflow, cut the same way, and so the call holding it.
      if (workflow === "nested") assert.equal(byId.get("deploy[1]/push")!.status, "failed");
      assert.equal(byId.get("deploy[2]")!.status, "not_run");
      // The summary read back says the same.
      const shown = await runCli(["runs", runDir], workdir);
      assert.equal(shown.code, 0, said(shown));
      assert.match(shown.stdout, /^ {2}deploy +failed /m, said(shown));
    });
  }
});
