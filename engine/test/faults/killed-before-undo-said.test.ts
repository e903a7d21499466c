import assert from "node:assert/strict";
import { runCli, startCli, waitFor } from "../support/cli-process";
import { said } from "../support/cli-said";
import { journalEvents, runDirOf } from "../support/run-record-files";
import { opsLogLines } from "../support/ops-log";
import { useTempDir } from "../support/temp-dir";
import { TERMINAL_CLOCK } from "../support/terminal-clock";
import { writeWorkflow } from "../support/workflow-files";

/**
 * `mk` leaves a process behind that ignores SIGTERM (a rollback stops it
 * before the undo: SIGTERM, then SIGKILL after the grace), and its undo
 * notes in ops.log that it started.
 */
const WORKFLOW = `workflow leaves {
  step mk {
    run: "(trap '' TERM; exec sleep 30) >/dev/null 2>&1 & echo mk >> ops.log"
    rollback: "echo undo-mk >> ops.log"
  }
}
`;

/** What the next rollback says of mk: true whether or not the killed rollback had started its undo. */
const SAID_KILLED = new RegExp(
  `^mk: the rollback at ${TERMINAL_CLOCK} was killed at its undo \\(while the undo ran, or just before it started\\), so the undo may have run in part; it was run from its start now$`,
  "m",
);

/**
 * A rollback killed just before a step's undo — right after it recorded its
 * start, or while it stopped what the step left running — never started
 * that undo. The record cannot tell this from a kill mid-undo (no line per
 * undo), so the next rollback must not say the undo "was started": what it
 * says must hold either way.
 */
describe("a rollback killed just before a step's undo: the next one says only what is true (real kills)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-killed-before-undo-");

  async function ranOnce(): Promise<{ workdir: string; runDir: string }> {
    const { file, workdir } = writeWorkflow(tmp(), "leaves", WORKFLOW);
    const run = await runCli(["run", file, "--workdir", workdir], workdir);
    assert.equal(run.code, 0, said(run));
    return { workdir, runDir: runDirOf(workdir) };
  }

  async function rollbackSays(workdir: string, runDir: string): Promise<void> {
    assert.deepEqual(opsLogLines(workdir), ["mk"], "the killed rollback never started the undo");
    const again = await runCli(["rollback", runDir], workdir);
    assert.equal(again.code, 0, said(again));
    assert.deepEqual(opsLogLines(workdir), ["mk", "undo-mk"]);
    assert.match(again.stdout, SAID_KILLED, said(again));
    assert.doesNotMatch(again.stdout, /was started/, said(again));
  }

  it("killed right after it recorded its start (the record's kill hook)", async () => {
    const { workdir, runDir } = await ranOnce();
    const killed = await startCli(["rollback", runDir], workdir, {
      MOMOFLOW_TEST_KILL_AFTER_LINE_WITH: '"type":"rollback_started"',
    }).done;
    assert.equal(killed.signal, "SIGKILL", said(killed));
    await rollbackSays(workdir, runDir);
  });

  it("killed (SIGKILL) while it stopped the process the step left running", async () => {
    const { workdir, runDir } = await ranOnce();
    const { child, done } = startCli(["rollback", runDir], workdir);
    try {
      // The process ignores SIGTERM: the rollback waits its grace (2 s) before SIGKILL, then undoes.
      await waitFor(
        () => journalEvents(runDir).some((e) => e.type === "rollback_started"),
        "the rollback to start",
      );
    } finally {
      child.kill("SIGKILL");
    }
    assert.equal((await done).signal, "SIGKILL");
    await rollbackSays(workdir, runDir);
  });
});
