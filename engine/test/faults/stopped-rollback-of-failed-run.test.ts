import assert from "node:assert/strict";
import { startCli, waitFor } from "../support/cli-process";
import { said } from "../support/cli-said";
import { printedSoFar } from "../support/printed-so-far";
import { journalEvents, latestRunDir, recordedStatus, runDirOf } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";
import { writeWorkflow } from "../support/workflow-files";

/**
 * The last step fails: the run rolls back three steps, each undo taking 0.3 s
 * but the first, c's, 3 s: the window in which the stops land, wide enough
 * for a loaded machine.
 */
const WORKFLOW = `workflow fail_late {
  step a {
    run: "echo a >> ops.log"
    rollback: "sleep 0.3; echo undo-a >> ops.log"
  }
  step b {
    needs: a
    run: "echo b >> ops.log"
    rollback: "sleep 0.3; echo undo-b >> ops.log"
  }
  step c {
    needs: b
    run: "echo c >> ops.log"
    rollback: "sleep 3; echo undo-c >> ops.log"
  }
  step boom {
    needs: c
    run: "exit 1"
  }
}
`;

/**
 * Ctrl+C while a failed run is being rolled back: the user stopped the run,
 * so it exits 130 (as a cancelled one does), not 1; its status says how far
 * the rollback got.
 */
describe("Ctrl+C during the rollback of a run that had already failed", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-stopped-failed-rollback-");

  for (const [times, status] of [
    [1, "rolled_back"],
    [2, "partially_rolled_back"],
  ] as const) {
    it(`exits 130 after ${times} Ctrl+C, the run ${status}`, async () => {
      const { file, workdir } = writeWorkflow(tmp(), `fail-late-${times}`, WORKFLOW);
      const { child, done } = startCli(["run", file, "--workdir", workdir], workdir);
      const printed = printedSoFar(child, "stdout");
      try {
        await waitFor(
          () =>
            latestRunDir(workdir) !== undefined &&
            journalEvents(latestRunDir(workdir)!).some((e) => e.undo === true),
          "the rollback to start",
        );
        child.kill("SIGINT");
        if (times === 2) {
          // Sent before the first is taken, a second SIGINT merges into it (one pending signal).
          await waitFor(
            () => /Ctrl\+C: cancelling/.test(printed()),
            "the first Ctrl+C to be taken",
          );
          child.kill("SIGINT");
        }
      } finally {
        const out = await done;
        assert.equal(out.code, 130, said(out));
      }
      assert.equal(recordedStatus(runDirOf(workdir)), status);
    });
  }
});
