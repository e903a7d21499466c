import assert from "node:assert/strict";
import { appendFileSync, readFileSync } from "node:fs";
import { JournalReplay } from "../../src/record/journal-replay";
import {
  attemptKey,
  journalFile,
  readAttempts,
  WorkerJournal,
} from "../../src/distributed/worker-journal";
import { useTempDir } from "../support/temp-dir";

const WORKFLOW = { workflow: { id: "w", name: "w", version: "1" }, workdir: "/srv" };
const METRICS = {
  startTime: 1,
  endTime: 2,
  durationMs: 1,
  cpuUserMs: 0,
  cpuSystemMs: 0,
  peakMemoryBytes: 0,
};

describe("a worker's journal: one file per writer, each attempt a run of one step", () => {
  const tmp = useTempDir("momoflow-worker-journal-");

  it("keeps the attempts of several runs apart by key, across files, and a replay of one finds what to undo", () => {
    const main = new WorkerJournal(tmp(), journalFile(tmp(), "main"));
    const thread = new WorkerJournal(tmp(), journalFile(tmp(), 0));
    const first = attemptKey("run-a", "build", 1);
    // Attempt 11 of another step: its key begins as attempt 1's would, were it a prefix.
    const other = attemptKey("run-a", "build", 11);
    const a = thread.attempt(first, { id: "build", needs: [], reversible: true }, WORKFLOW);
    const b = main.attempt(other, { id: "build", needs: [], reversible: true }, WORKFLOW);
    a.emit({ type: "step_started", time: 1, step: "build", attempt: 1 });
    b.emit({ type: "step_started", time: 1, step: "build", attempt: 1 });
    a.emit({ type: "step_rollback_data", time: 1, step: "build", data: { backup: "x" } });
    a.emit({
      type: "step_finished",
      time: 2,
      step: "build",
      status: "success",
      attempts: 1,
      metrics: METRICS,
    });
    main.emit({
      type: "step_rolled_back",
      time: 3,
      step: other,
      status: "rolled_back",
      durationMs: 1,
    });
    main.close();
    thread.close();

    const found = readAttempts(tmp(), [first, other, attemptKey("run-b", "build", 1)]);
    assert.deepEqual(
      found.get(first)!.map((e) => e.type),
      ["run_started", "step_started", "step_rollback_data", "step_finished"],
    );
    assert.deepEqual(
      found.get(other)!.map((e) => e.type),
      ["run_started", "step_started", "step_rolled_back"],
    );
    assert.equal(found.has(attemptKey("run-b", "build", 1)), false, "nothing of another run");
    const plan = JournalReplay.of(found.get(first)!).undoPlan();
    assert.deepEqual(
      plan.toUndo.map((s) => [s.info.id, s.attemptData]),
      [[first, [{ backup: "x" }]]],
    );
    assert.equal(JournalReplay.of(found.get(other)!).undoPlan().undone.length, 1);
  });

  it("passes over a line torn by a kill, and a writer opened again starts on a line of its own", () => {
    const key = attemptKey("run-a", "deploy", 1);
    const path = journalFile(tmp(), 0);
    const before = new WorkerJournal(tmp(), path);
    before
      .attempt(key, { id: "deploy", needs: [], reversible: true }, WORKFLOW)
      .emit({ type: "step_started", time: 1, step: "deploy", attempt: 1 });
    before.close();
    appendFileSync(path, `{"type":"step_finished","time":2,"step":"${key}","status":"succ`);

    const after = new WorkerJournal(tmp(), path);
    const next = attemptKey("run-b", "deploy", 1);
    after
      .attempt(next, { id: "deploy", needs: [], reversible: true }, WORKFLOW)
      .emit({ type: "step_started", time: 3, step: "deploy", attempt: 1 });
    after.close();

    const lines = readFileSync(path, "utf8").split("\n");
    assert.match(lines[2]!, /"status":"succ$/, "the torn line is left as it was");
    assert.match(lines[3]!, /^\{"type":"run_started"/);
    const found = readAttempts(tmp(), [key, next]);
    // No outcome: the torn line is not read as one, so the step counts as half-done.
    assert.deepEqual(
      found.get(key)!.map((e) => e.type),
      ["run_started", "step_started"],
    );
    assert.deepEqual(
      found.get(next)!.map((e) => e.type),
      ["run_started", "step_started"],
    );
  });
});
