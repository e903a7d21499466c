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
import {
  crashAfterRemember,
  type ExecutionInit,
  recordingExecution,
  SimulatedCrash,
} from "./execution-fixture";
import { treeSnapshot } from "./tree-snapshot";

const registry = createCommandRegistry();

describe("create_directory", () => {
  const dir = useTempDir("momoflow-mkdir-");
  const execution = () => recordingExecution({ workingDirectory: dir() });

  it("makes nested folders; the undo removes each it created, deepest first", async () => {
    mkdirSync(join(dir(), "existing"));
    writeFileSync(join(dir(), "existing/keep.txt"), "keep");
    const before = treeSnapshot(dir());
    const run = execution();
    const output = await registry.invoke("create_directory", { path: "existing/a/b/c" }, run);
    assert.equal(output, join(dir(), "existing/a/b/c"));
    assert.ok(statSync(join(dir(), "existing/a/b/c")).isDirectory());
    assert.deepEqual(run.lastRemembered, {
      path: join(dir(), "existing/a/b/c"),
      createdDirs: ["existing/a", "existing/a/b", "existing/a/b/c"].map((p) => join(dir(), p)),
    });
    for (let i = 0; i < 2; i++) {
      await registry.undo(
        "create_directory",
        { path: "existing/a/b/c" },
        run.lastRemembered,
        execution(),
      );
      assert.deepEqual(treeSnapshot(dir()), before, `after undo ${i + 1}`);
    }
  });

  it("leaves a folder it created that holds a file put there since, with the file", async () => {
    const run = execution();
    await registry.invoke("create_directory", { path: "a/b/c" }, run);
    writeFileSync(join(dir(), "a/b/made-later.txt"), "user's");
    const undo = execution();
    await registry.undo("create_directory", { path: "a/b/c" }, run.lastRemembered, undo);
    assert.deepEqual(Object.keys(treeSnapshot(dir())), ["a", "a/b", "a/b/made-later.txt"]);
    assert.equal(readFileSync(join(dir(), "a/b/made-later.txt"), "utf8"), "user's");
    assert.match(undo.logs[0]!.message, /left the folder ".*a\/b": it holds files made since/);
  });

  it("reads an old record's topmost folder, removing only empty folders", async () => {
    mkdirSync(join(dir(), "x/y/z"), { recursive: true });
    const old = { path: join(dir(), "x/y/z"), created: join(dir(), "x") };
    await registry.undo("create_directory", { path: "x/y/z" }, old, execution());
    assert.deepEqual(treeSnapshot(dir()), {});
    mkdirSync(join(dir(), "x/y/z"), { recursive: true });
    writeFileSync(join(dir(), "x/kept.txt"), "k");
    await registry.undo("create_directory", { path: "x/y/z" }, old, execution());
    assert.deepEqual(Object.keys(treeSnapshot(dir())), ["x", "x/kept.txt"]);
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
    assert.equal(run.remembered.length, 1, "one record on one file system: the move is atomic");
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

  it("leaves what was made at the path since, unless forced", async () => {
    makeTree();
    const before = treeSnapshot(dir());
    const run = execution();
    await registry.invoke("delete_path", { path: "site" }, run);
    mkdirSync(join(dir(), "site"));
    writeFileSync(join(dir(), "site/new.txt"), "new");
    const made = treeSnapshot(dir());
    await assert.rejects(
      registry.undo("delete_path", { path: "site" }, run.lastRemembered, execution()),
      new RegExp(
        `delete_path: ".*/site" was made again since the step deleted it; not restored \\(momoflow rollback --force replaces it\\)`,
      ),
    );
    assert.deepEqual(treeSnapshot(dir()), made, "what was made since is untouched");
    const forced = { ...execution(), force: true };
    await registry.undo("delete_path", { path: "site" }, run.lastRemembered, forced);
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
      assert.equal(run.remembered.length, 2, "the removal of the source is remembered");
      assert.equal((run.lastRemembered as { removingSource: boolean }).removingSource, true);
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

  describe("across file systems", () => {
    let backupRoot = "";
    beforeEach(function () {
      // /dev/shm is a tmpfs on Linux: a rename from the temp dir to it fails with EXDEV.
      if (!existsSync("/dev/shm") || statSync("/dev/shm").dev === statSync(dir()).dev) {
        this.skip(); // no second file system here: nothing crosses one
      }
      backupRoot = mkdtempSync("/dev/shm/momoflow-backup-");
    });
    afterEach(() => {
      if (backupRoot) rmSync(backupRoot, { recursive: true, force: true });
      backupRoot = "";
    });
    const crossing = (init: Partial<ExecutionInit> = {}) =>
      recordingExecution({ workingDirectory: dir(), backupDir: backupRoot, ...init });

    it("is undone when killed after the copy, before the original was touched", async () => {
      makeTree();
      const before = treeSnapshot(dir());
      let remembers = 0;
      const run = crossing({
        onRemember: () => {
          if (++remembers === 2) throw new SimulatedCrash();
        },
      });
      await assert.rejects(registry.invoke("delete_path", { path: "site" }, run), SimulatedCrash);
      assert.deepEqual(treeSnapshot(dir()), before);
      await registry.undo("delete_path", { path: "site" }, run.lastRemembered, crossing());
      assert.deepEqual(treeSnapshot(dir()), before);
      assert.deepEqual(
        readdirSync(backupRoot).flatMap((f) => readdirSync(join(backupRoot, f))),
        [],
      );
    });

    it("replaces the partly removed original on undo, but not a file made since", async () => {
      makeTree();
      const before = treeSnapshot(dir());
      const run = crossing();
      await registry.invoke("delete_path", { path: "site" }, run);
      // What a removal killed part-way leaves: some of the original's entries.
      mkdirSync(join(dir(), "site/assets"), { recursive: true });
      writeFileSync(join(dir(), "site/index.html"), "<h1>hi</h1>");
      await registry.undo("delete_path", { path: "site" }, run.lastRemembered, crossing());
      assert.deepEqual(treeSnapshot(dir()), before);

      const again = crossing();
      await registry.invoke("delete_path", { path: "site" }, again);
      mkdirSync(join(dir(), "site"));
      writeFileSync(join(dir(), "site/index.html"), "<h1>the user's new page</h1>");
      await assert.rejects(
        registry.undo("delete_path", { path: "site" }, again.lastRemembered, crossing()),
        /was made again since the step deleted it/,
      );
      assert.equal(
        readFileSync(join(dir(), "site/index.html"), "utf8"),
        "<h1>the user's new page</h1>",
      );
    });
  });
});
