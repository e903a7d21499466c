import assert from "node:assert/strict";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { useTempDir } from "../support/temp-dir";
import type { CommandArgs } from "../../src/commands/command";
import { createCommandRegistry } from "../../src/commands/registry";
import { crashAfterRemember, recordingExecution, SimulatedCrash } from "./execution-fixture";
import { treeSnapshot } from "./tree-snapshot";

const registry = createCommandRegistry();

describe("file-writing built-ins", () => {
  const dir = useTempDir("momoflow-files-");
  const execution = () => recordingExecution({ workingDirectory: dir() });

  /** Runs a command and undoes it; the folder must be as it was, also after a second undo. */
  async function runThenUndo(name: string, args: CommandArgs, check: () => void): Promise<void> {
    const before = treeSnapshot(dir());
    const run = execution();
    await registry.invoke(name, args, run);
    check();
    assert.notDeepEqual(treeSnapshot(dir()), before, "the command changed nothing");
    await registry.undo(name, args, run.lastRemembered, execution());
    assert.deepEqual(treeSnapshot(dir()), before);
    await registry.undo(name, args, run.lastRemembered, execution());
    assert.deepEqual(treeSnapshot(dir()), before, "a second undo changed something");
  }

  /** Runs a command that is killed right after it remembered; its undo must leave the folder as it was. */
  async function crashThenUndo(name: string, args: CommandArgs): Promise<void> {
    const before = treeSnapshot(dir());
    const run = recordingExecution({ workingDirectory: dir(), onRemember: crashAfterRemember });
    await assert.rejects(registry.invoke(name, args, run), SimulatedCrash);
    assert.equal(run.remembered.length, 1, "remembered before changing anything");
    assert.deepEqual(treeSnapshot(dir()), before, "changed something before remembering");
    await registry.undo(name, args, run.lastRemembered, execution());
    assert.deepEqual(treeSnapshot(dir()), before);
  }

  describe("create_file", () => {
    it("writes a new file, creating parents; the undo removes both", async () => {
      mkdirSync(join(dir(), "kept"));
      await runThenUndo("create_file", { path: "kept/new/deeper/a.txt", content: "hello" }, () => {
        assert.equal(readFileSync(join(dir(), "kept/new/deeper/a.txt"), "utf8"), "hello");
      });
      assert.ok(existsSync(join(dir(), "kept")), "a folder that existed stays");
    });

    it("replaces an existing file; the undo restores its content and mode", async () => {
      writeFileSync(join(dir(), "a.txt"), "old");
      chmodSync(join(dir(), "a.txt"), 0o640);
      await runThenUndo("create_file", { path: "a.txt", content: "new" }, () => {
        assert.equal(readFileSync(join(dir(), "a.txt"), "utf8"), "new");
      });
    });

    it("defaults content to empty and outputs the absolute path", async () => {
      const run = execution();
      assert.equal(
        await registry.invoke("create_file", { path: "e.txt" }, run),
        join(dir(), "e.txt"),
      );
      assert.equal(readFileSync(join(dir(), "e.txt"), "utf8"), "");
      const data = run.lastRemembered as { path: string; written: unknown; temp: string };
      assert.equal(data.path, join(dir(), "e.txt"));
      assert.deepEqual(data.written, {
        sha256: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        size: 0,
      });
      assert.equal(dirname(data.temp), dir(), "the temp file is beside the file");
    });

    it("writes through a symbolic link, and restores through it", async () => {
      writeFileSync(join(dir(), "target.txt"), "old");
      symlinkSync("target.txt", join(dir(), "link.txt"));
      await runThenUndo("create_file", { path: "link.txt", content: "new" }, () => {
        assert.equal(readFileSync(join(dir(), "target.txt"), "utf8"), "new");
      });
    });

    it("is undone after a crash between remember and write (file did not exist)", async () => {
      await crashThenUndo("create_file", { path: "sub/dir/a.txt", content: "x" });
    });

    it("is undone after a crash between remember and write (file existed)", async () => {
      writeFileSync(join(dir(), "a.txt"), "old");
      await crashThenUndo("create_file", { path: "a.txt", content: "new" });
    });

    it("refuses a folder, remembering nothing", async () => {
      mkdirSync(join(dir(), "folder"));
      const run = execution();
      await assert.rejects(registry.invoke("create_file", { path: "folder" }, run), /is a folder/);
      assert.deepEqual(run.remembered, []);
    });

    it("keeps each backup in its own folder, so retries do not overwrite them", async () => {
      writeFileSync(join(dir(), "a.txt"), "v1");
      const first = execution();
      await registry.invoke("create_file", { path: "a.txt", content: "v2" }, first);
      const second = execution();
      await registry.invoke("create_file", { path: "a.txt", content: "v3" }, second);
      assert.equal(readdirSync(first.backupDir).length, 2);
      await registry.undo("create_file", { path: "a.txt" }, second.lastRemembered, execution());
      assert.equal(readFileSync(join(dir(), "a.txt"), "utf8"), "v2");
      await registry.undo("create_file", { path: "a.txt" }, first.lastRemembered, execution());
      assert.equal(readFileSync(join(dir(), "a.txt"), "utf8"), "v1");
    });

    it("fails its undo clearly when the backup is gone", async () => {
      await assert.rejects(
        registry.undo(
          "create_file",
          { path: "a" },
          { path: join(dir(), "a"), backup: join(dir(), "gone") },
          execution(),
        ),
        /create_file: the backup of ".*a" is missing/,
      );
      await assert.rejects(
        registry.undo("create_file", { path: "a" }, { nope: 1 }, execution()),
        /create_file: malformed rollback data/,
      );
    });
  });

  describe("write_json", () => {
    it("writes indented JSON; the undo removes a new file", async () => {
      await runThenUndo(
        "write_json",
        { path: "out/data.json", value: { a: [1, "two"], b: null } },
        () => {
          assert.equal(
            readFileSync(join(dir(), "out/data.json"), "utf8"),
            '{\n  "a": [\n    1,\n    "two"\n  ],\n  "b": null\n}\n',
          );
        },
      );
    });

    it("replaces an existing file; the undo restores it", async () => {
      writeFileSync(join(dir(), "data.json"), '{"old":true}');
      await runThenUndo("write_json", { path: "data.json", value: "text" }, () => {
        assert.equal(readFileSync(join(dir(), "data.json"), "utf8"), '"text"\n');
      });
    });

    it("is undone after a crash between remember and write", async () => {
      writeFileSync(join(dir(), "data.json"), "{}");
      await crashThenUndo("write_json", { path: "data.json", value: [1] });
    });

    it("refuses a value JSON cannot hold before changing anything", async () => {
      const run = execution();
      await assert.rejects(
        registry.invoke("write_json", { path: "a.json", value: 10n }, run),
        /BigInt/,
      );
      await assert.rejects(
        registry.invoke("write_json", { path: "a.json", value: () => 1 }, run),
        /cannot be written as JSON/,
      );
      assert.deepEqual(run.remembered, []);
      assert.deepEqual(treeSnapshot(dir()), {});
    });
  });

  describe("copy_file", () => {
    beforeEach(() => writeFileSync(join(dir(), "source.txt"), "source"));

    it("copies over an existing file; the undo restores the destination", async () => {
      writeFileSync(join(dir(), "dest.txt"), "previous");
      await runThenUndo("copy_file", { source: "source.txt", destination: "dest.txt" }, () => {
        assert.equal(readFileSync(join(dir(), "dest.txt"), "utf8"), "source");
      });
    });

    it("copies to a new place, creating parents; the undo removes them", async () => {
      await runThenUndo("copy_file", { source: "source.txt", destination: "a/b/copy.txt" }, () => {
        assert.equal(readFileSync(join(dir(), "a/b/copy.txt"), "utf8"), "source");
      });
    });

    it("copies into an existing folder under the source's name", async () => {
      mkdirSync(join(dir(), "into"));
      const output = await registry.invoke(
        "copy_file",
        { source: "source.txt", destination: "into" },
        execution(),
      );
      assert.equal(output, join(dir(), "into/source.txt"));
      assert.equal(readFileSync(join(dir(), "into/source.txt"), "utf8"), "source");
    });

    it("is undone after a crash between remember and copy", async () => {
      writeFileSync(join(dir(), "dest.txt"), "previous");
      await crashThenUndo("copy_file", { source: "source.txt", destination: "dest.txt" });
    });

    it("refuses a missing source, a folder, or the same file, remembering nothing", async () => {
      mkdirSync(join(dir(), "folder"));
      const run = execution();
      await assert.rejects(
        registry.invoke("copy_file", { source: "missing.txt", destination: "d.txt" }, run),
        /copy_file: source ".*missing.txt" does not exist/,
      );
      await assert.rejects(
        registry.invoke("copy_file", { source: "folder", destination: "d" }, run),
        /is a folder/,
      );
      await assert.rejects(
        registry.invoke("copy_file", { source: "source.txt", destination: "./source.txt" }, run),
        /are the same file/,
      );
      assert.deepEqual(run.remembered, []);
    });
  });
});
