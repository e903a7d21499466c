import assert from "node:assert/strict";
import Ajv from "ajv";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, startCli, waitFor } from "../support/cli-process";
import { said } from "../support/cli-said";
import { latestResult, runDirOf } from "../support/run-record-files";
import { opsLogLines } from "../support/ops-log";
import { useTempDir } from "../support/temp-dir";
import { TERMINAL_CLOCK } from "../support/terminal-clock";
import { writeWorkflow } from "../support/workflow-files";
import journalSchema from "../../../schemas/run-journal-event.schema.json";
import resultSchema from "../../../schemas/run-result.schema.json";

/**
 * `first`, then `mk`, whose undo notes it started in ops.log and, while the
 * file `block` exists, waits for good; `first`'s undo fails until the file
 * `allow` exists.
 */
const WORKFLOW = `workflow again {
  step first {
    run: "echo first >> ops.log"
    rollback: "test -f allow && echo undone-first >> ops.log"
  }
  step mk {
    needs: first
    run: "echo mk >> ops.log"
    rollback: "echo undo-mk >> ops.log; if [ -f block ]; then sleep 60; fi; echo undone-mk >> ops.log"
  }
}
`;

const SAID_AGAIN = new RegExp(
  `^ {2}mk: the rollback at ${TERMINAL_CLOCK} was killed at its undo \\(while the undo ran, or just before it started\\), so the undo may have run in part; it was run from its start now$`,
  "m",
);

interface RecordedAgain {
  undosRunAgain?: { stepId: string; by: string; how: string; startedAt: string }[];
}

/**
 * An undo that a killed rollback left unfinished, run again by the next
 * rollback: `rollback --json` says so (`undosRunAgain`), and so does the
 * run's record afterwards — result.json, which the editor's history reads,
 * and `momoflow runs <run>` — also once a later rollback rewrote it.
 */
describe("an undo run again is kept in the run's record (real SIGKILL)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-undo-again-record-");

  it("result.json carries undosRunAgain, momoflow runs <run> says it, and a later rollback keeps it", async () => {
    const { file, workdir } = writeWorkflow(tmp(), "again", WORKFLOW);
    const run = await runCli(["run", file, "--workdir", workdir], workdir);
    assert.equal(run.code, 0, said(run));
    const runDir = runDirOf(workdir);

    // The first rollback killed while mk's undo waits.
    writeFileSync(join(workdir, "block"), "");
    const { child, done } = startCli(["rollback", runDir], workdir);
    try {
      await waitFor(() => opsLogLines(workdir).includes("undo-mk"), "the undo of mk to start");
    } finally {
      child.kill("SIGKILL");
    }
    assert.equal((await done).signal, "SIGKILL");
    rmSync(join(workdir, "block"));

    // The second runs mk's undo again; first's undo fails (no `allow` yet).
    const second = await runCli(["rollback", runDir, "--json"], workdir);
    assert.equal(second.code, 1, said(second));
    const report = JSON.parse(second.stdout) as RecordedAgain;
    const expected = [{ stepId: "mk", by: "rollback", how: "killed" }];
    const shape = (r: RecordedAgain): unknown =>
      r.undosRunAgain?.map(({ stepId, by, how }) => ({ stepId, by, how }));
    assert.deepEqual(shape(report), expected, second.stdout);

    const recorded = latestResult(workdir) as RecordedAgain;
    assert.deepEqual(recorded.undosRunAgain, report.undosRunAgain);
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addSchema(journalSchema);
    const valid = ajv.compile(resultSchema);
    assert.ok(valid(recorded), ajv.errorsText(valid.errors));

    const shown = await runCli(["runs", runDir], workdir);
    assert.equal(shown.code, 0, said(shown));
    assert.match(shown.stdout, SAID_AGAIN, said(shown));

    // The third undoes first, rewriting result.json: what the second ran again stays said.
    writeFileSync(join(workdir, "allow"), "");
    const third = await runCli(["rollback", runDir, "--json"], workdir);
    assert.equal(third.code, 0, said(third));
    assert.equal((JSON.parse(third.stdout) as RecordedAgain).undosRunAgain, undefined);
    const after = latestResult(workdir) as RecordedAgain & { status: string };
    assert.equal(after.status, "rolled_back");
    assert.deepEqual(after.undosRunAgain, report.undosRunAgain);
    const shownAfter = await runCli(["runs", runDir], workdir);
    assert.match(shownAfter.stdout, SAID_AGAIN, said(shownAfter));
  });

  it("a run whose undos all finished at once records none", async () => {
    const { file, workdir } = writeWorkflow(tmp(), "again", WORKFLOW);
    writeFileSync(join(workdir, "allow"), "");
    const run = await runCli(["run", file, "--workdir", workdir], workdir);
    assert.equal(run.code, 0, said(run));
    const rollback = await runCli(["rollback", runDirOf(workdir)], workdir);
    assert.equal(rollback.code, 0, said(rollback));
    assert.equal((latestResult(workdir) as RecordedAgain).undosRunAgain, undefined);
    const shown = await runCli(["runs", runDirOf(workdir)], workdir);
    assert.doesNotMatch(shown.stdout, /run again/, said(shown));
  });
});
