import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, startCli, waitFor, type CliOutcome } from "../support/cli-process";
import { journalEvents, latestRunDir, recordedStatus } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";
import { writeWorkflow } from "../support/workflow-files";

/**
 * A step that ignores the run's cancellation: given up after the stop grace,
 * its timer still holds the process for a moment after the run has written
 * its record and printed its summary.
 */
const WORKFLOW = `workflow deaf {
  step deaf {
    run: js("./deaf.mjs", "run")
    rollback: none
  }
}
`;
const DEAF_MODULE = `export function run(_args, context) {
  let n = 0;
  setInterval(() => context.logger.info(\`tick \${++n}\`), 20);
  return new Promise(() => {});
}
`;

/**
 * Ctrl+C, then a second stop once the run's record is written (while the
 * process prints its summary and exits): the stop handling must still be in
 * place, or the signal's default action ends the process (SIGTERM: 143)
 * instead of the documented 130.
 */
describe("a second stop after momoflow run has written its record", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-stop-after-record-");
  const said = (out: CliOutcome): string =>
    `exit ${out.code} (signal ${out.signal})\n${out.stdout}${out.stderr}`;

  for (const second of ["SIGTERM", "SIGINT"] as const) {
    it(`exits 130 on ${second}, the record kept`, async () => {
      const { file, workdir } = writeWorkflow(tmp(), `deaf-${second}`, WORKFLOW);
      writeFileSync(join(tmp(), "deaf.mjs"), DEAF_MODULE);
      const { child, done } = startCli(["run", file, "--workdir", workdir], workdir);
      let progress = "";
      child.stdout!.on("data", (chunk) => (progress += chunk));
      try {
        await waitFor(() => /deaf \| tick 3/.test(progress), "the step to print");
        child.kill("SIGINT");
        await waitFor(() => /run record:/.test(progress), "the run's summary", 20_000);
        child.kill(second);
      } finally {
        const out = await done;
        assert.equal(out.code, 130, said(out));
      }
      assert.equal(recordedStatus(latestRunDir(workdir)!), "cancelled");
    });
  }

  it("momoflow rollback: exits 130 on a SIGTERM after its report, while an undo left behind holds it", async () => {
    const { file, workdir } = writeWorkflow(
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
    );
    writeFileSync(join(tmp(), "deaf.mjs"), `${DEAF_MODULE}export const done = () => "ok";\n`);
    const ran = await runCli(["run", file, "--workdir", workdir, "--no-rollback"], workdir);
    assert.equal(ran.code, 1, said(ran));
    const runDir = latestRunDir(workdir)!;
    const { child, done } = startCli(["rollback", runDir], workdir);
    let notices = "";
    child.stderr!.on("data", (chunk) => (notices += chunk));
    // The undo left behind would hold the process for good: never leave it running.
    const guard = setTimeout(() => child.kill("SIGKILL"), 40_000);
    try {
      await waitFor(
        () => journalEvents(runDir).some((e) => e.type === "rollback_started"),
        "the rollback to start",
      );
      await new Promise((r) => setTimeout(r, 300));
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
