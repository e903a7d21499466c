import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { killedRecorded } from "../support/recorded-run";
import { journalEvents } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";

/** `b` fails; `cleanup` handles it (its `when` reads `b`'s status), with an undo of its own. */
const WORKFLOW = `workflow handler_kill {
  step a {
    run: "echo a >> ops.log"
    rollback: "echo undo-a >> ops.log"
  }
  step b {
    needs: a
    run: "exit 1"
    rollback: none
  }
  step cleanup {
    needs: b
    when: steps.b.status == "failed"
    run: "echo cleanup >> ops.log"
    rollback: "echo undo-cleanup >> ops.log"
  }
}
`;

/**
 * A handler started after the run failed is kept by a later `momoflow
 * rollback` (docs/language.md, "Conditions on how steps ended"). The run can
 * be killed while the handler runs, before its outcome is written: its intent
 * must say already that it is a handler, or the rollback takes it for a
 * half-done step of the work being undone and runs its undo.
 */
describe("a run killed while its failure handler runs: momoflow rollback keeps the handler", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-killed-handler-");

  async function killedAfter(line: string): Promise<{ workdir: string; runDir: string }> {
    return killedRecorded(tmp(), "handler-kill", WORKFLOW, line);
  }

  function opsLog(workdir: string): string[] {
    return readFileSync(join(workdir, "ops.log"), "utf8").trim().split("\n");
  }

  it("records the handler's intent as started after the failure", async () => {
    const { runDir } = await killedAfter('"step":"cleanup","attempt"');
    const intent = journalEvents(runDir).find(
      (e) => e.type === "step_started" && e.step === "cleanup",
    );
    assert.equal(intent?.afterFailure, true);
    const others = journalEvents(runDir).filter(
      (e) => e.type === "step_started" && e.step !== "cleanup",
    );
    assert.ok(
      others.every((e) => !("afterFailure" in e)),
      JSON.stringify(others),
    );
  });

  it("undoes the work but not the handler killed after its intent", async () => {
    const { workdir, runDir } = await killedAfter('"step":"cleanup","attempt"');
    const undo = await runCli(["rollback", runDir], workdir);
    assert.equal(undo.code, 0, said(undo));
    assert.deepEqual(opsLog(workdir), ["a", "undo-a"], said(undo));
  });

  it("undoes the work but not the handler killed after its outcome", async () => {
    const { workdir, runDir } = await killedAfter('"step":"cleanup","status"');
    const undo = await runCli(["rollback", runDir], workdir);
    assert.equal(undo.code, 0, said(undo));
    assert.deepEqual(opsLog(workdir), ["a", "cleanup", "undo-a"], said(undo));
  });
});
