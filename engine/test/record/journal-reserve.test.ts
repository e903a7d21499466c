import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { JournalEvent } from "../../src/record/journal-event";
import { JournalReserve } from "../../src/record/journal-reserve";
import { JournalWriter } from "../../src/record/journal-writer";
import { RecordWriteError } from "../../src/record/record-write-error";
import { fillLeaving } from "../support/disk-filler";
import { mountTmpfsOrSkip, unmountTmpfs } from "../support/tmpfs-mount";

/** A line of a little over one 4 KB block (with no `data`, a short one): each long one needs a block of its own. */
const line = (step: string, data = "x".repeat(4096)): JournalEvent => ({
  type: "step_rollback_data",
  time: 1,
  step,
  data,
});

function stepsIn(path: string): string[] {
  return readFileSync(path, "utf8")
    .trim()
    .split("\n")
    .map((l) => (JSON.parse(l) as { step: string }).step);
}

/**
 * The room a run keeps for its rollback's lines: on a full disk (a real
 * tmpfs) only lines written within `withReserve` draw on it, a block at a
 * time, and once it is used up the writer says an undo would go unrecorded.
 */
describe("journal reserve: room for the rollback's lines on a full disk", () => {
  let mountPoint = "";
  let mounted = false;

  beforeEach(function () {
    mountPoint = mkdtempSync(join(tmpdir(), "momoflow-reserve-"));
    mountTmpfsOrSkip(this, mountPoint, "size=64k");
    mounted = true;
  });
  afterEach(() => {
    if (mounted) unmountTmpfs(mountPoint);
    mounted = false;
    rmSync(mountPoint, { recursive: true, force: true });
  });

  it("is given back a block per line that did not fit, only within withReserve, and says when it is used up", () => {
    const path = join(mountPoint, "journal.jsonl");
    const writer = new JournalWriter(path, mountPoint);
    try {
      const reserve = JournalReserve.create(join(mountPoint, "journal.reserve"), 3 * 4096);
      writer.reserve = reserve;
      writer.emit(line("a", ""));
      fillLeaving(join(mountPoint, "filler"), 0);
      assert.ok(writer.roomAssured(), "no write found the disk full yet");

      // A forward line does not touch the reserve: it fails as without one.
      assert.throws(() => writer.emit(line("forward")), RecordWriteError);
      assert.equal(reserve.left, 3 * 4096);
      assert.ok(writer.roomAssured(), "the reserve still holds room for an undo's lines");

      writer.withReserve(() => writer.emit(line("undo1")));
      assert.equal(reserve.left, 2 * 4096);
      assert.ok(writer.roomAssured());
      writer.withReserve(() => writer.emit(line("undo2")));
      assert.equal(reserve.left, 4096);
      assert.ok(!writer.roomAssured(), "no room is sure for another undo's two lines");
      // What is left still takes the run's end.
      writer.withReserve(() => writer.emit(line("end")));
      assert.equal(reserve.left, 0);
      assert.ok(!existsSync(reserve.path), "used up, the file is gone");

      assert.throws(
        () => writer.withReserve(() => writer.emit(line("more"))),
        (error: Error) => error instanceof RecordWriteError && error.code === "ENOSPC",
      );
    } finally {
      writer.close();
    }
    assert.deepEqual(stepsIn(path), ["a", "undo1", "undo2", "end"]);
  });

  it("cannot be made on a disk without room for it: a RecordWriteError, and no part of it is left", () => {
    fillLeaving(join(mountPoint, "filler"), 4096);
    const path = join(mountPoint, "journal.reserve");
    assert.throws(
      () => JournalReserve.create(path, 16 * 1024),
      (error: Error) =>
        error instanceof RecordWriteError &&
        error.message === `the run record could not be written: disk full at ${path}`,
    );
    assert.ok(!existsSync(path));
  });

  it("takes whole blocks, and a run's is capped", () => {
    const reserve = JournalReserve.create(join(mountPoint, "journal.reserve"), 5000);
    assert.equal(statSync(reserve.path).size, 8192);
    assert.equal(JournalReserve.bytesFor(10_000), 64 * 1024);
    reserve.remove();
    assert.ok(!existsSync(reserve.path));
  });
});
