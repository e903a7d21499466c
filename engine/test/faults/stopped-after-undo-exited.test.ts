import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, startCli, waitFor } from "../support/cli-process";
import { said } from "../support/cli-said";
import { runRecorded } from "../support/recorded-run";
import { journalEvents } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";

/**
 * `two`'s undo does its work and exits at once, leaving behind a process
 * that holds its output open: the engine then still waits a moment for the
 * output, with the undo's work done.
 */
const WORKFLOW = `workflow leftover {
  step one {
    run: "echo one >> ops.log"
    rollback: "echo undo-one >> ops.log"
  }
  step two {
    needs: one
    run: "echo two >> ops.log"
    rollback: "echo undo-two >> ops.log; sleep 5 &"
  }
}
`;

/**
 * `two`'s undo ends when the test lets it (a file \`release\` appears), so
 * it can end while the engine is stopped. It ended at once before: the
 * engine could reap it and go on before the test stopped it, and the
 * rollback then ran to its end without the Ctrl+C (a flaky exit 0).
 */
const QUICK = `workflow quick {
  step one {
    run: "echo one >> ops.log"
    rollback: "echo undo-one >> ops.log"
  }
  step two {
    needs: one
    run: "echo two >> ops.log"
    rollback: "echo undo-two >> ops.log; while [ ! -e release ]; do sleep 0.01; done"
  }
}
`;

/** Whether process `pid` has exited and waits for its parent to reap it. */
function zombie(pid: number): boolean {
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true;
  }
}

/** Whether process `pid` is stopped (SIGSTOP). */
function stopped(pid: number): boolean {
  return /^\d+ \(.*\) T/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
}

/** Whether process `pid` is gone (exited and reaped). */
function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

/** Waits for the undo of `two` to start its shell, and gives the shell's pid. */
async function undoShellOfTwo(runDir: string): Promise<number> {
  let shell = 0;
  await waitFor(() => {
    const undo = journalEvents(runDir).find(
      (e) => e.type === "step_process" && e.step === "two" && e.undo === true,
    );
    shell = typeof undo?.pid === "number" ? undo.pid : 0;
    return shell > 0;
  }, "the undo of two to start");
  return shell;
}

/** The statuses the journal records for the undo of `two`. */
function undoStatusesOfTwo(runDir: string): unknown[] {
  return journalEvents(runDir)
    .filter((e) => e.type === "step_rolled_back" && e.step === "two")
    .map((e) => e.status);
}

/** A second `momoflow rollback` succeeds, and each undo ran once in all. */
async function rollBackAgainOnce(runDir: string, workdir: string): Promise<void> {
  const again = await runCli(["rollback", runDir], workdir);
  assert.equal(again.code, 0, said(again));
  assert.deepEqual(readFileSync(join(workdir, "ops.log"), "utf8").trim().split("\n"), [
    "one",
    "two",
    "undo-two",
    "undo-one",
  ]);
}

/**
 * Ctrl+C during `momoflow rollback` gives up the running undo — but an undo
 * whose shell had already exited 0 did all its work: it is undone, and must
 * be recorded so. Recorded as given up, the next `momoflow rollback` runs it
 * again, and the undo happens twice.
 */
describe("Ctrl+C after an undo's shell exited 0: the undo counts as done, and runs once", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-stopped-after-undo-");

  it("records the undo done, and a later rollback does not run it again", async () => {
    const { workdir, runDir } = await runRecorded(tmp(), "leftover", WORKFLOW, 0);

    const { child, done } = startCli(["rollback", runDir], workdir);
    try {
      const shell = await undoShellOfTwo(runDir);
      // Its shell exited 0 and was reaped: only its leftover `sleep` holds the output now.
      await waitFor(() => gone(shell), "the undo's shell to exit");
      child.kill("SIGINT");
    } finally {
      const out = await done;
      assert.equal(out.code, 130, said(out));
    }
    assert.deepEqual(undoStatusesOfTwo(runDir), ["rolled_back"]);
    await rollBackAgainOnce(runDir, workdir);
  });

  it("also when the engine learns of the undo's end only after the Ctrl+C", async function () {
    if (process.platform !== "linux") this.skip();
    const { workdir, runDir } = await runRecorded(tmp(), "quick", QUICK, 0);

    const { child, done } = startCli(["rollback", runDir], workdir);
    try {
      const shell = await undoShellOfTwo(runDir);
      // The engine stopped, its undo's shell ends unseen; Ctrl+C waits for the engine with it.
      child.kill("SIGSTOP");
      await waitFor(() => stopped(child.pid!), "the engine to stop");
      writeFileSync(join(workdir, "release"), "");
      await waitFor(() => zombie(shell), "the undo's shell to exit");
      child.kill("SIGINT");
      child.kill("SIGCONT");
    } finally {
      const out = await done;
      assert.equal(out.code, 130, said(out));
    }
    assert.deepEqual(undoStatusesOfTwo(runDir), ["rolled_back"]);
    await rollBackAgainOnce(runDir, workdir);
  });
});
