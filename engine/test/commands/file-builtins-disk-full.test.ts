import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CommandArgs } from "../../src/commands/command";
import { createCommandRegistry } from "../../src/commands/registry";
import { recordingExecution } from "./execution-fixture";
import { treeSnapshot } from "./tree-snapshot";

const registry = createCommandRegistry();

/** More than the small file system holds. */
const TOO_LARGE = 400_000;

describe("file built-ins on a full disk", () => {
  let base = "";
  let small = "";

  before(function () {
    if (process.getuid?.() !== 0) {
      console.log("    (skipped: mounting a small tmpfs needs root)");
      this.skip();
    }
    base = mkdtempSync(join(tmpdir(), "momoflow-disk-full-"));
    small = join(base, "small");
    mkdirSync(small);
    try {
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=256k", "tmpfs", small], { stdio: "pipe" });
    } catch (error) {
      rmSync(base, { recursive: true, force: true });
      base = "";
      console.log(`    (skipped: cannot mount a tmpfs: ${(error as Error).message.trim()})`);
      this.skip();
    }
  });
  after(() => {
    if (!base) return;
    execFileSync("umount", [small]);
    rmSync(base, { recursive: true, force: true });
  });
  afterEach(() => {
    for (const name of readdirSync(small))
      rmSync(join(small, name), { recursive: true, force: true });
  });

  const execution = () => recordingExecution({ workingDirectory: small });
  /** What is in the small file system, but the run record. */
  const userFiles = () => readdirSync(small).filter((name) => name !== ".momoflow");

  const tooLarge: { name: string; args: () => CommandArgs }[] = [
    { name: "create_file", args: () => ({ path: "f.txt", content: "x".repeat(TOO_LARGE) }) },
    { name: "write_json", args: () => ({ path: "f.txt", value: { big: "x".repeat(TOO_LARGE) } }) },
    {
      name: "copy_file",
      args: () => {
        writeFileSync(join(base, "big-source"), "x".repeat(TOO_LARGE));
        return { source: join(base, "big-source"), destination: "f.txt" };
      },
    },
  ];

  for (const { name, args } of tooLarge) {
    it(`${name}: a content too large fails clearly, the file and its original intact`, async () => {
      writeFileSync(join(small, "f.txt"), "original");
      const before = treeSnapshot(small);
      const run = execution();
      await assert.rejects(
        registry.invoke(name, args(), run),
        new RegExp(
          `^Error: ${name}: cannot write ".*/f.txt": disk full \\(ENOSPC\\); the file is unchanged$`,
        ),
      );
      assert.equal(readFileSync(join(small, "f.txt"), "utf8"), "original");
      assert.deepEqual(userFiles(), ["f.txt"], "no temp file left");
      // The failed step is undone as a half-done one: nothing to put back, nothing lost.
      await registry.undo(name, args(), run.lastRemembered, execution());
      assert.deepEqual(treeSnapshot(small), before);
    });
  }

  it("create_file: a new file too large fails, and the undo removes the folders made for it", async () => {
    const run = execution();
    const args = { path: "a/b/new.txt", content: "x".repeat(TOO_LARGE) };
    await assert.rejects(
      registry.invoke("create_file", args, run),
      /disk full \(ENOSPC\); no file was made/,
    );
    assert.deepEqual(treeSnapshot(small), { a: "dir", "a/b": "dir" });
    await registry.undo("create_file", args, run.lastRemembered, execution());
    assert.deepEqual(treeSnapshot(small), {});
  });

  it("a backup that does not fit fails the step before its effect, removing the partial backup", async () => {
    writeFileSync(join(small, "f.txt"), "o".repeat(150_000));
    const before = treeSnapshot(small);
    const run = execution();
    await assert.rejects(
      registry.invoke("create_file", { path: "f.txt", content: "small" }, run),
      /^Error: create_file: cannot back up ".*\/f.txt" into .*: disk full \(ENOSPC\); nothing was changed$/,
    );
    assert.deepEqual(run.remembered, [], "failed before the rollback data: before any change");
    assert.deepEqual(treeSnapshot(small), before);
    assert.deepEqual(readdirSync(run.backupDir), [], "no partial backup left");
  });

  it("an undo that cannot restore on a full disk fails clearly and can run again", async () => {
    writeFileSync(join(small, "f.txt"), "o".repeat(100_000));
    const before = treeSnapshot(small);
    const run = execution();
    await registry.invoke("create_file", { path: "f.txt", content: "new" }, run);
    const filler = join(small, "filler");
    assert.throws(() => writeFileSync(filler, "x".repeat(TOO_LARGE)), /ENOSPC/);
    await assert.rejects(
      registry.undo("create_file", { path: "f.txt" }, run.lastRemembered, execution()),
      /^Error: create_file: cannot restore ".*\/f.txt": disk full \(ENOSPC\); the backup is kept \(.*\); roll back again when there is room$/,
    );
    assert.equal(readFileSync(join(small, "f.txt"), "utf8"), "new");
    assert.deepEqual(userFiles(), ["f.txt", "filler"], "no temp file left");
    rmSync(filler);
    await registry.undo("create_file", { path: "f.txt" }, run.lastRemembered, execution());
    assert.deepEqual(treeSnapshot(small), before);
  });

  it("delete_path: a backup across file systems that does not fit deletes nothing", async () => {
    const outside = join(base, "outside");
    mkdirSync(join(outside, "tree"), { recursive: true });
    writeFileSync(join(outside, "tree/big"), "x".repeat(TOO_LARGE));
    const before = treeSnapshot(outside);
    const backupDir = join(small, "backups");
    const run = recordingExecution({ workingDirectory: outside, backupDir });
    await assert.rejects(
      registry.invoke("delete_path", { path: "tree" }, run),
      /^Error: delete_path: cannot back up ".*\/tree" into .*: disk full \(ENOSPC\); nothing was deleted$/,
    );
    assert.deepEqual(treeSnapshot(outside), before);
    assert.deepEqual(
      readdirSync(backupDir).flatMap((folder) => readdirSync(join(backupDir, folder))),
      [],
      "no partial copy left",
    );
    await registry.undo(
      "delete_path",
      { path: "tree" },
      run.lastRemembered,
      recordingExecution({ workingDirectory: outside, backupDir }),
    );
    assert.deepEqual(treeSnapshot(outside), before);
  });
});
