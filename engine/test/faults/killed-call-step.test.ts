import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { killedRecorded } from "../support/recorded-run";
import { useTempDir } from "../support/temp-dir";

/** `sub` calls `inner`, whose two steps each append to ops.log and undo that. */
const WORKFLOW = `workflow inner {
  step one {
    run: "echo one >> ops.log"
    rollback: "echo undo-one >> ops.log"
  }
  step two {
    needs: one
    run: "echo two >> ops.log"
    rollback: "echo undo-two >> ops.log"
  }
}

workflow outer {
  step first {
    run: "echo first >> ops.log"
    rollback: "echo undo-first >> ops.log"
  }
  step sub {
    needs: first
    run: workflow inner()
  }
  step last {
    needs: sub
    run: "echo last >> ops.log"
    rollback: "echo undo-last >> ops.log"
  }
}
`;

interface RecordedStep {
  id: string;
  status: string;
  error?: string;
}

/**
 * A step that calls a workflow does nothing of its own: it joins the steps it
 * called once they all ended, and cannot fail. A run killed between its
 * intent and its outcome line cut none of its work — it must not be shown as
 * a failed step the run interrupted, but as it would have ended (and as a
 * run that failed later and was rolled back shows it). A step with work of
 * its own, killed while it ran, is still shown interrupted.
 */
describe("a run killed at the end of a workflow call: the calling step is not shown failed", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-killed-call-step-");

  async function killedThenRolledBack(line: string): Promise<Map<string, RecordedStep>> {
    const { workdir, runDir } = await killedRecorded(tmp(), "call-kill", WORKFLOW, line, [
      "--workflow",
      "outer",
    ]);
    const undo = await runCli(["rollback", runDir], workdir);
    assert.equal(undo.code, 0, said(undo));
    const result = JSON.parse(readFileSync(join(runDir, "result.json"), "utf8")) as {
      steps: RecordedStep[];
    };
    return new Map(result.steps.map((s) => [s.id, s]));
  }

  it("shows the calling step as ended when its called steps all had, after the rollback", async () => {
    const steps = await killedThenRolledBack('"step":"sub","attempt"');
    const sub = steps.get("sub");
    assert.equal(sub?.status, "success", JSON.stringify(sub));
    assert.equal(sub?.error, undefined);
    assert.equal(steps.get("sub/one")?.status, "rolled_back");
    assert.equal(steps.get("sub/two")?.status, "rolled_back");
    assert.equal(steps.get("first")?.status, "rolled_back");
    assert.equal(steps.get("last")?.status, "not_run");
  });

  it("still shows a called step killed while it ran as interrupted, and the call as failed", async () => {
    const steps = await killedThenRolledBack('"step":"sub/two","attempt"');
    assert.match(steps.get("sub/two")?.error ?? "", /^interrupted: /);
    assert.equal(steps.get("sub")?.status, "failed");
  });
});
