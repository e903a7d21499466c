import assert from "node:assert/strict";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { useTempDir } from "../support/temp-dir";
import { createCommandRegistry } from "../../src/commands/registry";
import { crashAfterRemember, recordingExecution, SimulatedCrash } from "./execution-fixture";
import { treeSnapshot } from "./tree-snapshot";

const registry = createCommandRegistry();

describe("create_directory", () => {
  const dir = useTempDir("momoflow-mkdir-");
  const execution = () => recordingExecution({ workingDirectory: dir() });

  it("makes nested folders; the undo removes the topmost one it created, only", async () => {
    mkdirSync(join(dir(), "existing"));
    writeFileSync(join(dir(), "existing/keep.txt"), "keep");
    const before = treeSnapshot(dir());
    const run = execution();
    const output = await registry.invoke("create_directory", { path: "existing/a/b/c" }, run);
    assert.equal(output, join(dir(), "existing/a/b/c"));
    assert.ok(statSync(join(dir(), "existing/a/b/c")).isDirectory());
    assert.deepEqual(run.lastRemembered, {
      path: join(dir(), "existing/a/b/c"),
      created: join(dir(), "existing/a"),
    });
    writeFileSync(join(dir(), "existing/a/b/made-later.txt"), "x");
    await registry.undo(
      "create_directory",
      { path: "existing/a/b/c" },
      run.lastRemembered,
      execution(),
    );
    assert.deepEqual(treeSnapshot(dir()), before);
    await registry.undo(
      "create_directory",
      { path: "existing/a/b/c" },
      run.lastRemembered,
      execution(),
    );
    assert.deepEqual(treeSnapshot(dir()), before);
  });

  it("accepts a folder that exists; the undo leaves it", async () => {
    mkdirSync(join(dir(), "there"));
    const run = execution();
    await registry.invoke("create_directory", { path: "there" }, run);
    assert.deepEqual(run.lastRemembered, { path: join(dir(), "there") });
    await registry.undo("create_directory", { path: "there" }, run.lastRemembered, execution());
    assert.ok(existsSync(join(dir(), "there")));
  });

  it("is undone after a crash between remember and mkdir", async () => {
    const run = recordingExecution({ workingDirectory: dir(), onRemember: crashAfterRemember });
    await assert.rejects(registry.invoke("create_directory", { path: "x/y" }, run), SimulatedCrash);
    assert.equal(existsSync(join(dir(), "x")), false);
    await registry.undo("create_directory", { path: "x/y" }, run.lastRemembered, execution());
    assert.deepEqual(treeSnapshot(dir()), {});
  });

  it("refuses a path that is a file", async () => {
    writeFileSync(join(dir(), "file"), "");
    const run = execution();
    await assert.rejects(
      registry.invoke("create_directory", { path: "file" }, run),
      /exists and is not a folder/,
    );
    assert.deepEqual(run.remembered, []);
  });
});

describe("delete_path", () => {
  const dir = useTempDir("momoflow-delete-");
  const execution = () => recordingExecution({ workingDirectory: dir() });

  function makeTree(): void {
    mkdirSync(join(dir(), "site/assets"), { recursive: true });
    writeFileSync(join(dir(), "site/index.html"), "<h1>hi</h1>");
    writeFileSync(join(dir(), "site/assets/app.js"), "run()");
    symlinkSync("index.html", join(dir(), "site/home.html"));
    writeFileSync(join(dir(), "other.txt"), "other");
  }

  it("deletes a file into the backup folder; the undo restores it", async () => {
    makeTree();
    const before = treeSnapshot(dir());
    const run = execution();
    assert.equal(
      await registry.invoke("delete_path", { path: "other.txt" }, run),
      join(dir(), "other.txt"),
    );
    assert.equal(existsSync(join(dir(), "other.txt")), false);
    const { backup } = run.lastRemembered as { backup: string };
    assert.ok(backup.startsWith(run.backupDir), "the backup is kept with the run record");
    assert.equal(readFileSync(backup, "utf8"), "other");
    await registry.undo("delete_path", { path: "other.txt" }, run.lastRemembered, execution());
    assert.deepEqual(treeSnapshot(dir()), before);
  });

  it("deletes a folder with its contents and links; the undo restores all of it", async () => {
    makeTree();
    const before = treeSnapshot(dir());
    const run = execution();
    await registry.invoke("delete_path", { path: "site" }, run);
    assert.equal(existsSync(join(dir(), "site")), false);
    await registry.undo("delete_path", { path: "site" }, run.lastRemembered, execution());
    assert.deepEqual(treeSnapshot(dir()), before);
    // Undone twice: nothing changes, nothing fails.
    await registry.undo("delete_path", { path: "site" }, run.lastRemembered, execution());
    assert.deepEqual(treeSnapshot(dir()), before);
  });

  it("replaces what was made at the path since, on undo", async () => {
    makeTree();
    const before = treeSnapshot(dir());
    const run = execution();
    await registry.invoke("delete_path", { path: "site" }, run);
    mkdirSync(join(dir(), "site"));
    writeFileSync(join(dir(), "site/new.txt"), "new");
    await registry.undo("delete_path", { path: "site" }, run.lastRemembered, execution());
    assert.deepEqual(treeSnapshot(dir()), before);
  });

  it("is undone after a crash between remember and delete", async () => {
    makeTree();
    const before = treeSnapshot(dir());
    const run = recordingExecution({ workingDirectory: dir(), onRemember: crashAfterRemember });
    await assert.rejects(registry.invoke("delete_path", { path: "site" }, run), SimulatedCrash);
    assert.deepEqual(treeSnapshot(dir()), before);
    await registry.undo("delete_path", { path: "site" }, run.lastRemembered, execution());
    assert.deepEqual(treeSnapshot(dir()), before);
  });

  it("accepts a path that does not exist; the undo does nothing", async () => {
    const run = execution();
    await registry.invoke("delete_path", { path: "missing" }, run);
    assert.deepEqual(run.lastRemembered, { path: join(dir(), "missing") });
    assert.match(run.logs[0]!.message, /does not exist; nothing to delete/);
    await registry.undo("delete_path", { path: "missing" }, run.lastRemembered, execution());
    assert.deepEqual(treeSnapshot(dir()), {});
  });

  it("refuses to delete the folder holding the run record", async () => {
    makeTree();
    const run = execution();
    await assert.rejects(
      registry.invoke("delete_path", { path: "." }, run),
      /it holds the run record/,
    );
    assert.deepEqual(run.remembered, []);
  });

  it("copies across file systems, and restores across them", async function () {
    // /dev/shm is a tmpfs on Linux: a rename from the temp dir to it fails with EXDEV.
    if (!existsSync("/dev/shm") || statSync("/dev/shm").dev === statSync(dir()).dev) this.skip();
    const backupRoot = mkdtempSync("/dev/shm/momoflow-backup-");
    try {
      makeTree();
      const before = treeSnapshot(dir());
      const run = recordingExecution({ workingDirectory: dir(), backupDir: backupRoot });
      await registry.invoke("delete_path", { path: "site" }, run);
      assert.equal(existsSync(join(dir(), "site")), false);
      const { backup } = run.lastRemembered as { backup: string };
      assert.equal(readFileSync(join(backup, "index.html"), "utf8"), "<h1>hi</h1>");
      assert.equal(existsSync(`${backup}.partial`), false);
      await registry.undo(
        "delete_path",
        { path: "site" },
        run.lastRemembered,
        recordingExecution({ workingDirectory: dir(), backupDir: backupRoot }),
      );
      assert.deepEqual(treeSnapshot(dir()), before);
      assert.deepEqual(readdirSync(join(backup, "..")), []);
    } finally {
      rmSync(backupRoot, { recursive: true, force: true });
    }
  });
});
