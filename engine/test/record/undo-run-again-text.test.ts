import assert from "node:assert/strict";
import { recordedUndosRunAgain, undoRunAgainLine } from "../../src/record/undo-run-again-text";

const KILLED = {
  stepId: "mk",
  by: "rollback",
  startedAt: "2026-12-07T21:40:03.000Z",
  how: "killed",
} as const;

/** How an undo an earlier rollback did not finish is said, and read back from a result.json. */
describe("undo run again: its line and result.json's entries", () => {
  it("an undo a worker went on with and finished is said as not run again, naming the worker", () => {
    const line = undoRunAgainLine({ ...KILLED, finishedOn: ["w1"] });
    assert.match(
      line,
      /^mk: the rollback at \d\d:\d\d:03 was killed at its undo; on worker w1 that undo went on and finished, so it was not run again$/,
    );
    assert.doesNotMatch(line, /run from its start|run again from/);
    assert.match(
      undoRunAgainLine({ ...KILLED, how: "given_up", finishedOn: ["w1", "w2"] }),
      /^mk: its undo was given up by the rollback at .*, but on workers w1, w2 it went on and finished, so it was not run again$/,
    );
    // One machine: run again, as before.
    assert.match(undoRunAgainLine(KILLED), /it was run from its start now$/);
  });

  it("a result.json entry whose finishedOn is not a list of names is left out; one without is kept", () => {
    const read = recordedUndosRunAgain([
      KILLED,
      { ...KILLED, stepId: "a", finishedOn: ["w1"] },
      { ...KILLED, stepId: "b", finishedOn: "w1" },
      { ...KILLED, stepId: "c", finishedOn: [1] },
    ]);
    assert.deepEqual(
      read.map((u) => u.stepId),
      ["mk", "a"],
    );
  });
});
