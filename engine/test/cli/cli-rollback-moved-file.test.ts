import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/** One step that makes `made.txt` (undone by removing it). */
const MAKES = [
  "workflow w {",
  '  step made { run: create_file(path: "made.txt", content: "made") }',
  "}",
  "",
].join("\n");

describe("momoflow rollback <file>: a renamed or moved file keeps its runs", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-cli-moved-");
  /** Runs `a.momoflow` (holding `source`) in tmp, so `made.txt` is there to undo. */
  const ranA = async (source = MAKES): Promise<void> => {
    writeFileSync(join(tmp(), "a.momoflow"), source);
    const run = await runCli(["run", "a.momoflow"], tmp());
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.ok(existsSync(join(tmp(), "made.txt")));
  };

  it("rolls back the run of the file under its old name, saying which path it ran from", async () => {
    await ranA();
    renameSync(join(tmp(), "a.momoflow"), join(tmp(), "b.momoflow"));
    const undo = await runCli(["rollback", "b.momoflow"], tmp());
    assert.equal(undo.code, 0, undo.stdout + undo.stderr);
    assert.match(undo.stdout, /rolled_back/);
    assert.match(
      undo.stdout,
      /ran from a\.momoflow \(renamed or moved since\)/,
      "names the old path",
    );
    assert.equal(existsSync(join(tmp(), "made.txt")), false);
  });

  it("finds it also when the file was edited outside the workflow's steps (a comment added)", async () => {
    await ranA();
    writeFileSync(join(tmp(), "b.momoflow"), `# renamed and commented\n${MAKES}`);
    renameSync(join(tmp(), "a.momoflow"), join(tmp(), "gone.bak"));
    const undo = await runCli(["rollback", "b.momoflow"], tmp());
    assert.equal(undo.code, 0, undo.stdout + undo.stderr);
    assert.equal(existsSync(join(tmp(), "made.txt")), false);
  });

  it("finds it when moved to a subfolder, with --workdir naming the old folder", async () => {
    await ranA();
    mkdirSync(join(tmp(), "sub"));
    renameSync(join(tmp(), "a.momoflow"), join(tmp(), "sub", "a.momoflow"));
    const undo = await runCli(["rollback", "sub/a.momoflow", "--workdir", "."], tmp());
    assert.equal(undo.code, 0, undo.stdout + undo.stderr);
    assert.equal(existsSync(join(tmp(), "made.txt")), false);
  });

  it("never takes the run of a workflow of the same name whose steps differ", async () => {
    await ranA();
    renameSync(join(tmp(), "a.momoflow"), join(tmp(), "a.bak"));
    writeFileSync(
      join(tmp(), "other.momoflow"),
      'workflow w {\n  step made { run: create_file(path: "other.txt", content: "x") }\n}\n',
    );
    const undo = await runCli(["rollback", "other.momoflow"], tmp());
    assert.equal(undo.code, 2, undo.stdout + undo.stderr);
    assert.match(undo.stderr, /no run of other\.momoflow/);
    assert.match(
      undo.stderr,
      /a\.momoflow, no longer there, ran workflow `w` with other steps/,
      "names the run it did not take, and why",
    );
    assert.match(undo.stderr, /momoflow rollback .*\.momoflow\/runs\//, "says how to take it");
    assert.ok(existsSync(join(tmp(), "made.txt")), "nothing was undone");
  });

  it("never takes the run of a file still in its place (a copy has no run of its own)", async () => {
    await ranA();
    copyFileSync(join(tmp(), "a.momoflow"), join(tmp(), "copy.momoflow"));
    const undo = await runCli(["rollback", "copy.momoflow"], tmp());
    assert.equal(undo.code, 2, undo.stdout + undo.stderr);
    assert.match(undo.stderr, /no run of copy\.momoflow/);
    assert.ok(existsSync(join(tmp(), "made.txt")), "nothing was undone");
  });

  it("a run of the new path, newer than the moved one, is the one taken", async () => {
    await ranA();
    renameSync(join(tmp(), "a.momoflow"), join(tmp(), "b.momoflow"));
    const undoMoved = await runCli(["rollback", "b.momoflow"], tmp());
    assert.equal(undoMoved.code, 0, undoMoved.stdout + undoMoved.stderr);
    const run = await runCli(["run", "b.momoflow"], tmp());
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const undo = await runCli(["rollback", "b.momoflow"], tmp());
    assert.equal(undo.code, 0, undo.stdout + undo.stderr);
    assert.doesNotMatch(undo.stdout, /ran from/, "its own run, not the one of a.momoflow");
    assert.equal(existsSync(join(tmp(), "made.txt")), false);
  });
});

describe("momoflow rollback <file>: what it says when it finds no run", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-cli-no-run-");

  it("--workflow naming no workflow of the file says so, with the ones it has", async () => {
    writeFileSync(join(tmp(), "a.momoflow"), MAKES);
    const undo = await runCli(["rollback", "a.momoflow", "--workflow", "deploy"], tmp());
    assert.equal(undo.code, 2, undo.stdout + undo.stderr);
    assert.match(undo.stderr, /a\.momoflow has no workflow `deploy` \(it has: w\)/);
  });

  it("--run naming no run says which runs folder has none of that id", async () => {
    writeFileSync(join(tmp(), "a.momoflow"), MAKES);
    const undo = await runCli(["rollback", "a.momoflow", "--run", "nope"], tmp());
    assert.equal(undo.code, 2, undo.stdout + undo.stderr);
    assert.match(undo.stderr, /no run `nope` in .*\.momoflow\/runs/);
  });
});
