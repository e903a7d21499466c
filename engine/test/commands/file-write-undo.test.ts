import assert from "node:assert/strict";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { useTempDir } from "../support/temp-dir";
import type { CommandArgs } from "../../src/commands/command";
import { createCommandRegistry } from "../../src/commands/registry";
import { recordingExecution, SimulatedCrash } from "./execution-fixture";
import { treeSnapshot } from "./tree-snapshot";

const registry = createCommandRegistry();

/** A file-writing command, with the arguments that make it write `path`, and what it writes. */
interface FileWriter {
  name: string;
  args(path: string): CommandArgs;
  written: string;
  /** Files it needs before it runs (outside the paths the tests look at). */
  setup?(dir: string): void;
}

const writers: FileWriter[] = [
  { name: "create_file", args: (path) => ({ path, content: "step's" }), written: "step's" },
  {
    name: "write_json",
    args: (path) => ({ path, value: { by: "step" } }),
    written: '{\n  "by": "step"\n}\n',
  },
  {
    name: "copy_file",
    args: (path) => ({ source: "../source.txt", destination: path }),
    written: "copied",
    setup: (dir) => writeFileSync(join(dir, "../source.txt"), "copied"),
  },
];

for (const writer of writers) {
  describe(`${writer.name}: its undo`, () => {
    const root = useTempDir(`momoflow-undo-${writer.name}-`);
    // The command works in <root>/work, so copy_file's source stays out of the snapshots.
    const dir = () => join(root(), "work");
    const execution = () => recordingExecution({ workingDirectory: dir() });
    const forced = () => ({ ...execution(), force: true });
    beforeEach(() => {
      mkdirSync(dir());
      writer.setup?.(dir());
    });

    const run = async (path: string) => {
      const execution_ = execution();
      await registry.invoke(writer.name, writer.args(path), execution_);
      assert.equal(readFileSync(join(dir(), path), "utf8"), writer.written);
      return execution_.lastRemembered;
    };
    const undo = (data: unknown, invocation = execution()) =>
      registry.undo(writer.name, writer.args("unused"), data, invocation);

    it("records every folder it creates, and removes them deepest first when empty", async () => {
      mkdirSync(join(dir(), "kept"));
      const data = await run("kept/a/b/c/f.txt");
      assert.deepEqual(
        (data as { createdDirs: string[] }).createdDirs,
        ["kept/a", "kept/a/b", "kept/a/b/c"].map((p) => join(dir(), p)),
      );
      await undo(data);
      assert.deepEqual(treeSnapshot(dir()), { kept: "dir" });
    });

    it("leaves a folder it created that holds a user's file since, with the file", async () => {
      const data = await run("a/b/f.txt");
      writeFileSync(join(dir(), "a/users.txt"), "mine");
      const invocation = execution();
      await undo(data, invocation);
      assert.deepEqual(Object.keys(treeSnapshot(dir())), ["a", "a/users.txt"]);
      assert.equal(readFileSync(join(dir(), "a/users.txt"), "utf8"), "mine");
      assert.match(invocation.logs.map((l) => l.message).join("\n"), /left the folder ".*\/a"/);
      await undo(data);
      assert.deepEqual(Object.keys(treeSnapshot(dir())), ["a", "a/users.txt"], "undone twice");
    });

    it("reads an old record's single created folder, removing only empty ones", async () => {
      const data = (await run("old/deeper/f.txt")) as { path: string };
      writeFileSync(join(dir(), "old/users.txt"), "mine");
      await undo({ path: data.path, createdDir: join(dir(), "old") });
      assert.deepEqual(Object.keys(treeSnapshot(dir())), ["old", "old/users.txt"]);
    });

    it("does not restore over a file changed since; --force does", async () => {
      writeFileSync(join(dir(), "f.txt"), "original");
      const before = treeSnapshot(dir());
      const data = await run("f.txt");
      writeFileSync(join(dir(), "f.txt"), "newer work");
      await assert.rejects(
        undo(data),
        (error: Error) =>
          error.message ===
          `${writer.name}: "${join(dir(), "f.txt")}" changed since the step wrote it; not restored (momoflow rollback --force replaces it)`,
      );
      assert.equal(readFileSync(join(dir(), "f.txt"), "utf8"), "newer work");
      await undo(data, forced());
      assert.deepEqual(treeSnapshot(dir()), before);
    });

    it("does not remove a file it made that changed since; --force does", async () => {
      const data = await run("new/f.txt");
      writeFileSync(join(dir(), "new/f.txt"), "newer work");
      await assert.rejects(undo(data), /changed since the step wrote it; not removed/);
      assert.equal(readFileSync(join(dir(), "new/f.txt"), "utf8"), "newer work");
      await undo(data, forced());
      assert.deepEqual(treeSnapshot(dir()), {});
    });

    it("puts back a replaced file that is gone since; a made one gone is fine", async () => {
      writeFileSync(join(dir(), "f.txt"), "original");
      const before = treeSnapshot(dir());
      const replaced = await run("f.txt");
      rmSync(join(dir(), "f.txt"));
      await undo(replaced);
      assert.deepEqual(treeSnapshot(dir()), before);
      const made = await run("g.txt");
      rmSync(join(dir(), "g.txt"));
      await undo(made);
      assert.deepEqual(treeSnapshot(dir()), before);
    });

    it("keeps the backup until the restore is done, so it can run twice", async () => {
      writeFileSync(join(dir(), "f.txt"), "original");
      const before = treeSnapshot(dir());
      const data = (await run("f.txt")) as { backup: string };
      await undo(data);
      assert.ok(existsSync(data.backup), "the backup is kept");
      await undo(data);
      assert.deepEqual(treeSnapshot(dir()), before);
    });

    it("removes the temp file a kill between remember and rename left", async () => {
      writeFileSync(join(dir(), "f.txt"), "original");
      const before = treeSnapshot(dir());
      const killed = recordingExecution({
        workingDirectory: dir(),
        onRemember: (data) => {
          // As if killed while writing the temp file: part of it is there.
          writeFileSync((data as { temp: string }).temp, writer.written.slice(0, 3));
          throw new SimulatedCrash();
        },
      });
      await assert.rejects(
        registry.invoke(writer.name, writer.args("f.txt"), killed),
        SimulatedCrash,
      );
      const { temp } = killed.lastRemembered as { temp: string };
      assert.ok(existsSync(temp), "the partial temp file is there");
      assert.equal(readFileSync(join(dir(), "f.txt"), "utf8"), "original", "untouched");
      await undo(killed.lastRemembered);
      assert.deepEqual(treeSnapshot(dir()), before);
      assert.deepEqual(
        readdirSync(dir()).filter((name) => name !== ".momoflow"),
        ["f.txt"],
        "no temp file left",
      );
    });

    it("keeps the mode bits of the file it replaces (a copy: its source's, as cp)", async () => {
      writeFileSync(join(dir(), "f.txt"), "original", { mode: 0o600 });
      const source = join(dir(), "../source.txt");
      if (existsSync(source)) chmodSync(source, 0o640);
      const data = await run("f.txt");
      const expected = writer.name === "copy_file" ? 0o640 : 0o600;
      assert.equal(statSync(join(dir(), "f.txt")).mode & 0o777, expected);
      await undo(data);
      assert.equal(statSync(join(dir(), "f.txt")).mode & 0o777, 0o600);
    });
  });
}

describe("copy_file: its undo", () => {
  const dir = useTempDir("momoflow-undo-mode-");

  it("puts back the mode bits of a destination whose content the copy did not change", async () => {
    writeFileSync(join(dir(), "source.txt"), "same", { mode: 0o755 });
    writeFileSync(join(dir(), "dest.txt"), "same", { mode: 0o600 });
    const before = treeSnapshot(dir());
    const run = recordingExecution({ workingDirectory: dir() });
    const args = { source: "source.txt", destination: "dest.txt" };
    await registry.invoke("copy_file", args, run);
    assert.equal(statSync(join(dir(), "dest.txt")).mode & 0o777, 0o755);
    await registry.undo(
      "copy_file",
      args,
      run.lastRemembered,
      recordingExecution({ workingDirectory: dir() }),
    );
    assert.deepEqual(treeSnapshot(dir()), before);
  });

  /** A sparse file of `bytes`: too large to be read or copied in one go (past 32 MB). */
  function largeFile(path: string, bytes: number): void {
    writeFileSync(path, "");
    truncateSync(path, bytes);
  }

  /**
   * Runs `copy_file(args)`, then its undo given up before it began (a second
   * Ctrl+C: its signal aborted), which must fail saying `said`.
   * @returns what the copy remembered, for the next rollback's undo.
   */
  async function copyThenUndoGivenUp(
    args: { source: string; destination: string },
    said: RegExp,
  ): Promise<unknown> {
    const run = recordingExecution({ workingDirectory: dir() });
    await registry.invoke("copy_file", args, run);
    const givenUp = recordingExecution({ workingDirectory: dir() });
    givenUp.controller.abort(new Error("a second SIGINT"));
    await assert.rejects(registry.undo("copy_file", args, run.lastRemembered, givenUp), said);
    return run.lastRemembered;
  }

  it("given up (its signal aborted) while it reads a large copy to check it, stops and leaves it", async () => {
    largeFile(join(dir(), "big.bin"), 64 << 20);
    const args = { source: "big.bin", destination: "copy.bin" };
    const remembered = await copyThenUndoGivenUp(
      args,
      /copy_file: cannot undo the write of "[^"]*copy\.bin": stopped while reading "[^"]*copy\.bin"/,
    );
    assert.equal(statSync(join(dir(), "copy.bin")).size, 64 << 20, "not removed");
    // Undone in full by the next rollback.
    await registry.undo(
      "copy_file",
      args,
      remembered,
      recordingExecution({ workingDirectory: dir() }),
    );
    assert.equal(existsSync(join(dir(), "copy.bin")), false);
  });

  it("given up while it puts back a large file, stops and leaves the step's content", async () => {
    largeFile(join(dir(), "dest.bin"), 64 << 20);
    writeFileSync(join(dir(), "small.txt"), "small");
    const args = { source: "small.txt", destination: "dest.bin" };
    const remembered = await copyThenUndoGivenUp(
      args,
      /copy_file: cannot restore "[^"]*dest\.bin": stopped while (reading|copying) "[^"]*"; the backup is kept/,
    );
    assert.equal(readFileSync(join(dir(), "dest.bin"), "utf8"), "small");
    assert.deepEqual(
      readdirSync(dir()).filter((name) => name.endsWith(".tmp")),
      [],
      "no temp file left",
    );
    await registry.undo(
      "copy_file",
      args,
      remembered,
      recordingExecution({ workingDirectory: dir() }),
    );
    assert.equal(statSync(join(dir(), "dest.bin")).size, 64 << 20);
  });
});
