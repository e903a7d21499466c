import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { treeState } from "../support/tree-state";
import { runCli, startCli, waitFor } from "../support/cli-process";
import { runRecorded } from "../support/recorded-run";
import { journalEvents, recordedStatus, runDirOf } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";
import { writeWorkflow } from "../support/workflow-files";

/**
 * A step stopped half-way (cancelled, timed out, or failing part-way through
 * its script) has already changed things: its rollback must run too, so the
 * half-done work is undone like that of completed steps.
 */
describe("half-done steps are undone", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-half-");

  /** Whether the journal records a successful undo of `step`. */
  function undoneInJournal(runDir: string, step: string): boolean {
    return journalEvents(runDir).some(
      (e) => e.type === "step_rolled_back" && e.step === step && e.status === "rolled_back",
    );
  }

  it("Ctrl+C during a shell step's sleep: what the step wrote is gone, the run is cancelled (exit 130)", async () => {
    const { file, workdir } = writeWorkflow(
      tmp(),
      "ctrl-c",
      `workflow ctrl_c {
  step two {
    run: "echo started > two.txt; sleep 30"
    rollback: delete_path(path: "two.txt")
  }
}
`,
    );
    writeFileSync(join(workdir, "mine.txt"), "mine");
    const before = treeState(workdir);
    const { child, done } = startCli(["run", file, "--workdir", workdir], workdir);
    try {
      await waitFor(() => existsSync(join(workdir, "two.txt")), "the step to write two.txt");
      child.kill("SIGINT");
      const out = await done;
      assert.equal(out.code, 130, out.stdout + out.stderr);
      const runDir = runDirOf(workdir);
      assert.equal(recordedStatus(runDir), "cancelled");
      assert.equal(existsSync(join(workdir, "two.txt")), false, "two.txt is still there");
      assert.ok(undoneInJournal(runDir, "two"), "the journal does not record the undo of step two");
      assert.deepEqual(treeState(workdir), before);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
  });

  it("a step that times out mid-way: the run fails and the step's half-done work is undone", async () => {
    const { workdir, out, runDir } = await runRecorded(
      tmp(),
      "timeout",
      `workflow times_out {
  step two {
    run: "echo started > two.txt; sleep 30"
    rollback: delete_path(path: "two.txt")
    timeout: 1s
  }
}
`,
      1,
    );
    assert.match(out.stdout, /timed out|timeout/);
    assert.equal(existsSync(join(workdir, "two.txt")), false, "two.txt is still there");
    assert.ok(undoneInJournal(runDir, "two"), "the journal does not record the undo of step two");
    // Something was undone, and everything that changed was: the run is rolled back.
    assert.equal(recordedStatus(runDir), "rolled_back");
  });

  it("a shell step that fails part-way: what it wrote before failing is gone", async () => {
    const { workdir, runDir } = await runRecorded(
      tmp(),
      "part-way",
      `workflow part_way {
  step write_then_fail {
    run: "echo x > a.txt; false"
    rollback: delete_path(path: "a.txt")
  }
}
`,
      1,
    );
    assert.equal(existsSync(join(workdir, "a.txt")), false, "a.txt is still there");
    assert.ok(undoneInJournal(runDir, "write_then_fail"));
    assert.equal(recordedStatus(runDir), "rolled_back");

    // Nothing is undone twice: a later rollback finds the step already undone.
    writeFileSync(join(workdir, "a.txt"), "written by the user afterwards");
    const again = await runCli(["rollback", runDir], workdir);
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.match(again.stdout, /nothing to undo/);
    assert.equal(
      existsSync(join(workdir, "a.txt")),
      true,
      "a later rollback deleted the user's a.txt",
    );
  });
});
