import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { runDirOf } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";

/**
 * `make` writes a file (its undo removes it), then `fail` fails — or, with
 * `failFirst`, `fail` runs first and nothing is done. `rollback` sets the
 * workflow's `rollback_on_failure`.
 */
function workflowText(rollback: boolean, failFirst = false): string {
  const make = `  step make {\n${failFirst ? "    needs: fail\n" : ""}    run: "echo made > made.txt"\n    rollback: "rm made.txt"\n  }`;
  const fail = `  step fail {\n${failFirst ? "" : "    needs: make\n"}    run: "exit 3"\n  }`;
  return `workflow leftover {\n  rollback_on_failure: ${rollback}\n${make}\n${fail}\n}\n`;
}

/**
 * A run that fails with its rollback off leaves its completed steps for
 * `momoflow rollback`, which on a full disk draws on the run's
 * `journal.reserve` to record its undos: the run must keep the reserve
 * (it removed it whenever its rollback was off), and `momoflow rollback`
 * removes it once nothing is left to undo.
 */
describe("the reserve of a run whose rollback is off", () => {
  const tmp = useTempDir();

  for (const [how, rollback, args] of [
    ["--no-rollback", true, ["--no-rollback"]],
    ["rollback_on_failure: false", false, []],
  ] as const) {
    it(`is kept for momoflow rollback when the run (${how}) leaves work to undo`, async () => {
      const file = join(tmp(), "leftover.momoflow");
      writeFileSync(file, workflowText(rollback));
      const run = await runCli(["run", file, ...args], tmp());
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.equal(readFileSync(join(tmp(), "made.txt"), "utf8"), "made\n");
      const reserve = join(runDirOf(tmp()), "journal.reserve");
      assert.ok(existsSync(reserve), "the reserve is kept for the rollback still to come");

      const rollbackOut = await runCli(["rollback", file], tmp());
      assert.equal(rollbackOut.code, 0, rollbackOut.stdout + rollbackOut.stderr);
      assert.ok(!existsSync(join(tmp(), "made.txt")), "the rollback undid `make`");
      assert.ok(!existsSync(reserve), "nothing left to undo: the reserve is removed");
    });
  }

  it("is removed when the failed run (--no-rollback) leaves nothing to undo", async () => {
    const file = join(tmp(), "leftover.momoflow");
    writeFileSync(file, workflowText(true, true));
    const run = await runCli(["run", file, "--no-rollback"], tmp());
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.ok(!existsSync(join(runDirOf(tmp()), "journal.reserve")));
  });
});
