import assert from "node:assert/strict";
import { join } from "node:path";
import { startCli } from "../support/cli-process";
import { cliIn, firstResumableRun, rollBackOwner } from "../support/resumable-run";
import { useTempDir } from "../support/temp-dir";
import { treeDiff } from "../support/tree-diff";
import { treeState } from "../support/tree-state";

/**
 * Where a resuming run can be killed (SIGKILL, by the CLI's test-only hook,
 * right after the write of the first journal line holding the text): the
 * old run's mark, the new run's start, each step's takeover of the old
 * run's attempts, intent and outcome, its end.
 */
const KILL_POINTS = [
  '"type":"run_resumed"',
  '"type":"run_started"',
  '"type":"step_earlier_attempts","time"',
  '"step":"half","from"',
  '"step":"half","attempt"',
  '"step":"copy","attempt"',
  '"type":"run_finished"',
];

/**
 * A `momoflow run --resume` killed at any point leaves nothing of either run
 * undone: `momoflow rollback` (of the run that owns the steps) puts the
 * user's files back as they were before the first run — and so does one
 * after the killed resume is resumed in turn.
 */
describe("a resuming run killed (SIGKILL) at each point of its record", function () {
  this.timeout(180_000);
  const tmp = useTempDir("momoflow-killed-resume-");
  const workdir = (): string => join(tmp(), "work");

  async function resumeKilledAt(text: string): Promise<void> {
    const { done } = startCli(["run", "flow.momoflow", "--resume", "--param", "v=2"], workdir(), {
      MOMOFLOW_TEST_KILL_AFTER_LINE_WITH: text,
    });
    const killed = await done;
    assert.equal(killed.signal, "SIGKILL", `not killed after ${text}:\n${killed.stdout}`);
  }

  it("momoflow rollback puts the user's files back", async () => {
    const failures: string[] = [];
    for (const text of KILL_POINTS) {
      const before = await firstResumableRun(workdir());
      await resumeKilledAt(text);
      const undo = await rollBackOwner(workdir());
      const lost = treeDiff(before, treeState(workdir()));
      if (undo.code !== 0 || lost.length > 0)
        failures.push(
          `killed after ${text}: rollback exit ${undo.code}; not back: ${lost.join(", ")}\n${undo.stdout}${undo.stderr}`,
        );
    }
    assert.deepEqual(failures, []);
  });

  it("resumed again, then rolled back: the user's files are back", async () => {
    const failures: string[] = [];
    // Killed after its end, it had succeeded: there is nothing to resume (the first test rolls it back).
    for (const text of KILL_POINTS.filter((t) => !t.includes("run_finished"))) {
      const before = await firstResumableRun(workdir());
      await resumeKilledAt(text);
      const again = await cliIn(workdir())("run", "flow.momoflow", "--resume", "--param", "v=2");
      const undo = await rollBackOwner(workdir());
      const lost = treeDiff(before, treeState(workdir()));
      if (again.code !== 0 || undo.code !== 0 || lost.length > 0)
        failures.push(
          `killed after ${text}: resume exit ${again.code}, rollback exit ${undo.code}; not back: ${lost.join(", ")}\n` +
            `${again.stdout}${again.stderr}${undo.stdout}${undo.stderr}`,
        );
    }
    assert.deepEqual(failures, []);
  });
});
