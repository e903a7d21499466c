import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startCli, waitFor } from "../support/cli-process";
import { said } from "../support/cli-said";
import { DEAF_MODULE, startDeafRun, stopAtSummary } from "../support/deaf-run";
import { printedSoFar } from "../support/printed-so-far";
import { runRecorded } from "../support/recorded-run";
import { recordedStatus, runDirOf } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";

/**
 * Ctrl+C, then a second stop once the run's record is written (while the
 * process prints its summary and exits): the stop handling must still be in
 * place, or the signal's default action ends the process (SIGTERM: 143)
 * instead of the documented 130.
 */
describe("a second stop after momoflow run has written its record", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-stop-after-record-");

  for (const second of ["SIGTERM", "SIGINT"] as const) {
    it(`exits 130 on ${second}, the record kept`, async () => {
      const run = startDeafRun(tmp(), `deaf-${second}`);
      const { child, done, workdir } = run;
      try {
        await stopAtSummary(run);
        child.kill(second);
      } finally {
        const out = await done;
        assert.equal(out.code, 130, said(out));
      }
      assert.equal(recordedStatus(runDirOf(workdir)), "cancelled");
    });
  }

  it("momoflow rollback: exits 130 on a SIGTERM after its report, while an undo left behind holds it", async () => {
    writeFileSync(join(tmp(), "deaf.mjs"), `${DEAF_MODULE}export const done = () => "ok";\n`);
    const { workdir, runDir } = await runRecorded(
      tmp(),
      "deaf-undo",
      `workflow deaf_undo {
  step deaf {
    run: js("./deaf.mjs", "done")
    rollback: js("./deaf.mjs", "run")
  }
  step boom {
    needs: deaf
    run: "exit 1"
  }
}
`,
      1,
      ["--no-rollback"],
    );
    const { child, done } = startCli(["rollback", runDir], workdir);
    const printed = printedSoFar(child, "stdout");
    let notices = "";
    child.stderr!.on("data", (chunk) => (notices += chunk));
    // The undo left behind would hold the process for good: never leave it running.
    const guard = setTimeout(() => child.kill("SIGKILL"), 40_000);
    try {
      // The deaf undo runs (it prints): the Ctrl+C gives it up, and it holds the process on.
      await waitFor(() => /deaf \| tick 1\n/.test(printed()), "the deaf undo to print", 20_000);
      child.kill("SIGINT");
      await waitFor(() => /rollback stopped;/.test(notices), "the rollback's report", 20_000);
      child.kill("SIGTERM");
    } finally {
      const out = await done;
      clearTimeout(guard);
      assert.equal(out.code, 130, said(out));
    }
    assert.equal(recordedStatus(runDir), "partially_rolled_back");
  });
});
