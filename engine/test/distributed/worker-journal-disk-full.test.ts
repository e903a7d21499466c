import assert from "node:assert/strict";
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { JournalEvent } from "../../src/record/journal-event";
import { RecordWriteError } from "../../src/record/record-write-error";
import { silentLogger } from "../../src/runtime/logger";
import {
  attemptKey,
  openWorkerReserve,
  readAttempts,
  WORKER_RESERVE_BYTES,
  WORKER_RESERVE_FILE,
  WorkerJournal,
} from "../../src/distributed/worker-journal";
import { undoStepHere } from "../../src/distributed/worker-undo";
import { MAIN_WRITER } from "../../src/distributed/journal-segments";
import { fillLeaving } from "../support/disk-filler";
import { useSmallDisk } from "../support/tmpfs-mount";
import { ATTEMPT_STEP, ATTEMPT_WORKFLOW, attemptSucceeded } from "../support/worker-attempts";
import { undoInThread } from "../support/undo-in-thread";
import type { UndoJobData, UndoJobResult } from "../../src/distributed/step-job";

/** An undo of a worker: `undoStepHere` on this thread, or in a step thread as a worker runs it. */
type Undo = (
  job: UndoJobData,
  place: { worker: string; workdir: string },
  journal: WorkerJournal,
) => Promise<UndoJobResult>;

const UNDOS: ReadonlyArray<readonly [string, Undo]> = [
  ["here", (job, place, journal) => undoStepHere(job, { ...place, logger: silentLogger }, journal)],
  [
    "in a step thread, its lines written by the main thread",
    (job, place, journal) => undoInThread(job, place, journal),
  ],
];

/** One attempt that made `made.txt` and succeeded; its undo (a shell script) removes the file. */
function ranStep(journal: WorkerJournal, key: string): void {
  const sink = journal.attempt(key, ATTEMPT_STEP, ATTEMPT_WORKFLOW);
  const time = Date.now();
  sink.emit({
    type: "step_started",
    time,
    step: "build",
    attempt: 1,
    undo: { kind: "run", command: "sh", args: { script: "rm made.txt" } },
  });
  sink.emit(attemptSucceeded(time));
}

function undoEventTypes(dir: string, runId: string, key: string): string[] {
  const events = readAttempts(dir, runId, [key]).get(key) ?? [];
  return events.filter((e: JournalEvent) => e.type === "step_rolled_back").map((e) => e.type);
}

/**
 * A worker keeps room on its disk for its undos' lines, as a run's record
 * does: on a full disk (a real tmpfs) an undo that happens is recorded, so a
 * later rollback does not run it again; once the room is used up an undo is
 * not started; forward lines never draw on it.
 */
describe("worker journal: undos recorded on a full disk", () => {
  const small = useSmallDisk("momoflow-worker-full-", 1024 * 1024);
  let dir = "";
  let workdir = "";
  let journal: WorkerJournal | undefined;
  const filler = (): string => join(small.disk, "filler");

  beforeEach(() => {
    dir = join(small.disk, "journal");
    workdir = join(small.disk, "work");
    mkdirSync(dir, { recursive: true });
    mkdirSync(workdir, { recursive: true });
  });
  afterEach(() => {
    // Closed before the disk is unmounted: an open file keeps it busy.
    journal?.close();
    journal = undefined;
    rmSync(filler(), { force: true });
    rmSync(filler() + "2", { force: true });
    rmSync(dir, { recursive: true, force: true });
    rmSync(workdir, { recursive: true, force: true });
  });

  it("keeps its reserve in the journal folder, grown back to full after the disk made it give room", () => {
    const reserve = openWorkerReserve(dir)!;
    const path = join(dir, WORKER_RESERVE_FILE);
    assert.equal(reserve.left, WORKER_RESERVE_BYTES);
    assert.equal(statSync(path).size, WORKER_RESERVE_BYTES);
    while (reserve.giveBack());
    fillLeaving(filler(), 8192);
    assert.equal(reserve.topUp(WORKER_RESERVE_BYTES), 8192, "only what the disk has room for");
    assert.equal(statSync(path).size, 8192, "whole blocks only");
    rmSync(filler());
    assert.equal(openWorkerReserve(dir)!.left, WORKER_RESERVE_BYTES);
  });

  it("records an undo's line from the reserve when the disk is full, and refuses a forward line", () => {
    const reserve = openWorkerReserve(dir)!;
    journal = new WorkerJournal(dir, MAIN_WRITER, undefined, reserve);
    const key = attemptKey("r1", "build", 1);
    ranStep(journal, key);
    fillLeaving(filler(), 0);
    // Longer than the room left in the segment's last block: it needs a block of its own.
    const forward = journal.attempt(attemptKey("r1", "test", 1), ATTEMPT_STEP, ATTEMPT_WORKFLOW);
    const data = "x".repeat(5000);
    assert.throws(
      () => forward.emit({ type: "step_rollback_data", time: 1, step: "test", data }),
      RecordWriteError,
    );
    journal.emit({
      type: "step_rolled_back",
      time: Date.now(),
      step: key,
      // A failed undo's long error: its line needs a block of its own too.
      status: "rollback_failed",
      durationMs: 1,
      error: data,
    });
    assert.deepEqual(undoEventTypes(dir, "r1", key), ["step_rolled_back"]);
    assert.ok(reserve.left < WORKER_RESERVE_BYTES, "the line took room from the reserve");
  });

  for (const [where, undo] of UNDOS)
    it(`undoes a step on a full disk and records it; with no room left, does not start the undo and says why (${where})`, async () => {
      const reserve = openWorkerReserve(dir)!;
      journal = new WorkerJournal(dir, MAIN_WRITER, undefined, reserve);
      const place = { worker: "w1", workdir };
      const first = attemptKey("r1", "build", 1);
      const second = attemptKey("r2", "build", 1);
      writeFileSync(join(workdir, "made.txt"), "made by r1\n");
      ranStep(journal, first);
      ranStep(journal, second);
      fillLeaving(filler(), 0);

      const undone = await undo(
        { kind: "undo", runId: "r1", stepId: "build", attempts: 1 },
        place,
        journal,
      );
      assert.equal(undone.status, "rolled_back", JSON.stringify(undone));
      assert.equal(existsSync(join(workdir, "made.txt")), false, "the undo ran");
      assert.deepEqual(undoEventTypes(dir, "r1", first), ["step_rolled_back"]);

      writeFileSync(join(workdir, "made.txt"), "made by r2\n");
      // The reserve used up, and what it gave back taken by something else.
      while (reserve.giveBack());
      fillLeaving(filler() + "2", 0);
      // A line that needs a block of its own: the journal now knows the disk is full.
      const forward = journal.attempt(attemptKey("r3", "test", 1), ATTEMPT_STEP, ATTEMPT_WORKFLOW);
      assert.throws(
        () =>
          forward.emit({
            type: "step_rollback_data",
            time: 1,
            step: "test",
            data: "x".repeat(5000),
          }),
        RecordWriteError,
      );
      const refused = await undo(
        { kind: "undo", runId: "r2", stepId: "build", attempts: 1 },
        place,
        journal,
      );
      assert.equal(refused.status, "rollback_failed");
      assert.match(String(refused.error), /disk of worker w1 is full.*not started/);
      assert.equal(
        existsSync(join(workdir, "made.txt")),
        true,
        "an undo that could not be recorded did not run",
      );
      assert.deepEqual(undoEventTypes(dir, "r2", second), []);
    });
});
