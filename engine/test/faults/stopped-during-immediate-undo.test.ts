import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, startCli, waitFor } from "../support/cli-process";
import { said } from "../support/cli-said";
import { printedSoFar } from "../support/printed-so-far";
import { journalEvents, latestRunDir, runDirOf } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";
import { writeWorkflow } from "../support/workflow-files";

/**
 * `soft` fails and the run goes on: its half-done work is undone at once,
 * by an undo that takes a while to stop (it ignores SIGTERM: only the SIGKILL
 * 2 s later ends it, before it did anything), while `hold`
 * still runs beside it.
 */
const WORKFLOW = `workflow soft_then_stop {
  concurrency: 2
  step soft {
    run: "echo soft >> ops.log; exit 1"
    rollback: "trap '' TERM; sleep 4; echo undo-soft >> ops.log"
    continue_on_error: true
  }
  step hold {
    run: "echo hold >> ops.log; sleep 30"
    rollback: "echo undo-hold >> ops.log"
  }
}
`;

/**
 * Ctrl+C twice while a `continue_on_error` step's half-done work is being
 * undone: the run stops at once, gives that undo up, and must still record
 * how the undo ended before it closes its record — not crash when the undo
 * ends after the journal was closed, leaving its outcome unrecorded and the
 * exit code 1.
 */
describe("Ctrl+C twice during a continue_on_error step's own undo: the run ends cleanly", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-stopped-immediate-undo-");

  it("records the given-up undo, exits 130, and momoflow rollback undoes each step once", async () => {
    const { file, workdir } = writeWorkflow(tmp(), "soft", WORKFLOW);
    const { child, done } = startCli(["run", file, "--workdir", workdir], workdir);
    const printed = printedSoFar(child, "stdout");
    try {
      await waitFor(
        () =>
          latestRunDir(workdir) !== undefined &&
          journalEvents(latestRunDir(workdir)!).some(
            (e) => e.type === "step_process" && e.step === "soft" && e.undo === true,
          ),
        "the undo of soft to start",
      );
      child.kill("SIGINT");
      // Sent before the first is taken, a second SIGINT merges into it (one pending signal).
      await waitFor(() => /Ctrl\+C: cancelling/.test(printed()), "the first Ctrl+C to be taken");
      child.kill("SIGINT");
    } finally {
      const out = await done;
      assert.equal(out.code, 130, said(out));
      assert.doesNotMatch(out.stderr, /^\s+at /m, said(out));
    }
    const runDir = runDirOf(workdir);
    const events = journalEvents(runDir);
    const finishedAt = events.findIndex((e) => e.type === "run_finished");
    const softUndoneAt = events.findIndex(
      (e) => e.type === "step_rolled_back" && e.step === "soft",
    );
    assert.ok(finishedAt >= 0, "the journal has no run_finished");
    assert.ok(
      softUndoneAt >= 0 && softUndoneAt < finishedAt,
      "the undo of soft is not recorded before the run's end",
    );

    const undo = await runCli(["rollback", runDir], workdir);
    assert.equal(undo.code, 0, said(undo));
    const ops = readFileSync(join(workdir, "ops.log"), "utf8").trim().split("\n");
    assert.equal(ops.filter((op) => op === "undo-soft").length, 1, ops.join(" "));
    assert.equal(ops.filter((op) => op === "undo-hold").length, 1, ops.join(" "));
  });
});
