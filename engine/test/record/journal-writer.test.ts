import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { JournalEvent } from "../../src/record/journal-event";
import { JournalWriter } from "../../src/record/journal-writer";
import { RecordWriteError } from "../../src/record/record-write-error";
import { mountTmpfsOrSkip, unmountTmpfs } from "../support/tmpfs-mount";

const event = (step: string, data = ""): JournalEvent => ({
  type: "step_rollback_data",
  time: 1,
  step,
  data,
});

describe("journal writer: every write is checked", () => {
  let mountPoint = "";
  let mounted = false;

  beforeEach(function () {
    mountPoint = mkdtempSync(join(tmpdir(), "momoflow-journal-"));
    mountTmpfsOrSkip(this, mountPoint, "size=16k");
    mounted = true;
  });
  afterEach(() => {
    if (mounted) unmountTmpfs(mountPoint);
    mounted = false;
    rmSync(mountPoint, { recursive: true, force: true });
  });

  it("a write the disk cannot take throws RecordWriteError (disk full, with the path) and cuts the half line off", () => {
    const path = join(mountPoint, "journal.jsonl");
    const writer = new JournalWriter(path, mountPoint);
    writer.emit(event("a"));
    // Fill the rest of the file system: the next line of 8 KB cannot fit.
    writeFileSync(join(mountPoint, "filler"), Buffer.alloc(4096));
    assert.throws(
      () => writer.emit(event("b", "x".repeat(16 * 1024))),
      (error: Error) => {
        assert.ok(error instanceof RecordWriteError);
        assert.equal(error.code, "ENOSPC");
        assert.equal(error.message, `the run record could not be written: disk full at ${path}`);
        return true;
      },
    );
    const text = readFileSync(path, "utf8");
    assert.ok(text.endsWith("\n"), "no half-written line is left");
    assert.deepEqual(
      text
        .trim()
        .split("\n")
        .map((l) => (JSON.parse(l) as { step: string }).step),
      ["a"],
    );
    // Once there is room again, the journal goes on with whole lines.
    rmSync(join(mountPoint, "filler"));
    writer.emit(event("c"));
    writer.close();
    assert.deepEqual(
      readFileSync(path, "utf8")
        .trim()
        .split("\n")
        .map((l) => (JSON.parse(l) as { step: string }).step),
      ["a", "c"],
    );
  });

  it("a journal whose last line was cut (a writer died mid-line) gets its next line on a line of its own", () => {
    const path = join(mountPoint, "journal.jsonl");
    writeFileSync(path, JSON.stringify(event("a")) + "\n" + '{"type":"step_rol');
    const writer = new JournalWriter(path, mountPoint);
    writer.emit(event("b"));
    writer.close();
    const lines = readFileSync(path, "utf8").split("\n");
    assert.equal(lines[1], '{"type":"step_rol');
    assert.equal((JSON.parse(lines[2]!) as { step: string }).step, "b");
  });

  it("a journal that cannot even be created (its folder is a file) is a RecordWriteError naming it", () => {
    const blocker = join(mountPoint, "file");
    writeFileSync(blocker, "");
    assert.throws(
      () => new JournalWriter(join(blocker, "journal.jsonl"), blocker),
      (error: Error) => error instanceof RecordWriteError && error.message.includes(blocker),
    );
  });
});
