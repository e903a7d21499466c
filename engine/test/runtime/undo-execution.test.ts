import assert from "node:assert/strict";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { JournalEvent } from "../../src/record/journal-event";
import { WorkflowContext } from "../../src/runtime/context";
import { undoExecution } from "../../src/runtime/undo-execution";

describe("an undo's execution", () => {
  const context = new WorkflowContext({ workingDirectory: tmpdir(), env: {} });

  it("records the process groups its undo starts, as an undo's, when it is given where", () => {
    const recorded: JournalEvent[] = [];
    const execution = undoExecution(context, "s", 2, "/backups", undefined, (event) =>
      recorded.push(event),
    );
    execution.reportProcess!(process.pid);
    assert.equal(recorded.length, 1);
    assert.deepEqual(
      { ...recorded[0], time: 0, startTicks: 0 },
      { type: "step_process", time: 0, step: "s", pid: process.pid, undo: true, startTicks: 0 },
    );
    assert.equal(execution.backupDir, join("/backups", "s"));
    assert.equal(execution.attempt, 2);
  });

  it("has no process reporter without a record: a shell undo then starts at once, with no gate", () => {
    const execution = undoExecution(context, "s", 1, "/backups");
    assert.equal(execution.reportProcess, undefined);
    assert.equal(execution.signal.aborted, false);
  });
});
