import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/** A file built-in and a shell step, both acting on relative paths in the run's folder. */
const MAKES = [
  "workflow w {",
  '  step a { run: create_file(path: "a.txt", content: "a") }',
  '  step b { needs: a  run: "echo b > b.txt"  rollback: "rm -f b.txt" }',
  "}",
  "",
].join("\n");

/**
 * A project folder moved (renamed) after a run, its record moved with it:
 * the record names the old folder, where every undo acts. Before, rollback
 * reported `a` rolled back (its undo found no file to remove there) while
 * a.txt stayed in the moved folder, and failed `b` for its missing folder.
 */
describe("momoflow rollback: a run record whose project folder was moved", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-cli-moved-project-");

  for (const by of ["file", "run folder"] as const)
    it(`refuses (by its ${by}), naming the folder the run worked in; nothing is undone or reported undone`, async () => {
      const before = join(tmp(), "proj");
      mkdirSync(before);
      writeFileSync(join(before, "p.momoflow"), MAKES);
      const run = await runCli(["run", "p.momoflow"], before);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      const after = join(tmp(), "moved");
      renameSync(before, after);
      const [id] = readdirSync(join(after, ".momoflow", "runs")).filter((n) => n !== "latest");
      const target = by === "file" ? "p.momoflow" : join(".momoflow", "runs", id!);
      const undo = await runCli(["rollback", target], after);
      assert.equal(undo.code, 2, undo.stdout + undo.stderr);
      assert.match(
        undo.stderr,
        /the run worked in .*\/proj, which is not there now \(moved or removed\): its undos act there, so nothing was undone/,
      );
      assert.doesNotMatch(undo.stdout, /rolled_back/);
      assert.ok(existsSync(join(after, "a.txt")) && existsSync(join(after, "b.txt")));
    });
});
