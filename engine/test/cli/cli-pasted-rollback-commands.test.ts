import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { basename, join } from "node:path";
import { CLI, runCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { opsLogChain, opsLogLines } from "../support/ops-log";
import { killedRecorded, runRecorded } from "../support/recorded-run";
import { useTempDir } from "../support/temp-dir";

const WORKFLOW = opsLogChain("ship", ["one", "two"]).replace(
  "workflow ship {\n",
  'workflow ship {\n  step fail {\n    needs: two\n    run: "exit 3"\n    rollback: none\n  }\n',
);

/**
 * momoflow prints the `momoflow rollback <run folder>` that undoes a run left
 * to undo, for the user to paste into the shell. A folder whose path holds a
 * space (`My Projects`) or shell syntax came out bare: pasted, the command
 * named other folders, or ran what the path held.
 */
describe("the momoflow rollback commands momoflow prints, pasted into a shell (the real CLI)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-pasted-");

  /** A folder of tmp() whose name a shell splits and expands. */
  function oddFolder(): string {
    const dir = join(tmp(), "my runs $(touch pasted-ran)");
    mkdirSync(dir);
    return dir;
  }

  /** Runs `momoflow rollback <pasted>` through sh in `cwd`, as a user pastes it. */
  function pasteRollback(pasted: string, cwd: string): { status: number | null; out: string } {
    const sh = spawnSync("sh", ["-c", `"${process.execPath}" "${CLI}" rollback ${pasted}`], {
      cwd,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    });
    return { status: sh.status, out: sh.stdout + sh.stderr };
  }

  function assertUndone(
    workdir: string,
    pasted: { status: number | null; out: string },
    ran = ["one", "two"],
  ): void {
    assert.equal(pasted.status, 0, pasted.out);
    assert.deepEqual(opsLogLines(workdir), [...ran, "undo-two", "undo-one"], pasted.out);
    assert.equal(existsSync(join(tmp(), "pasted-ran")), false, "the path's $(…) never ran");
  }

  it("quotes the run folder of a failed run left as it is (--no-rollback)", async () => {
    const run = await runRecorded(oddFolder(), "ship", WORKFLOW, 1, ["--no-rollback"]);
    const command = /momoflow rollback (.+) undoes it; run it again with --resume/.exec(
      run.out.stdout,
    );
    assert.ok(command, said(run.out));
    assertUndone(run.workdir, pasteRollback(command[1]!, tmp()));
  });

  it("quotes the killed run's folder in momoflow runs, and in its detail", async () => {
    const killed = await killedRecorded(oddFolder(), "ship", WORKFLOW, '"step":"two"');
    const listed = await runCli(["runs", "--workdir", killed.workdir], tmp());
    const command = /momoflow rollback (.+) undoes them/.exec(listed.stdout + listed.stderr);
    assert.ok(command, said(listed));
    const detail = await runCli(
      ["runs", basename(killed.runDir), "--workdir", killed.workdir],
      tmp(),
    );
    const detailCommand = /momoflow rollback (.+) undoes them/.exec(detail.stdout);
    assert.ok(detailCommand, said(detail));
    assert.equal(detailCommand[1], command[1]);
    // Killed as step two started: its undo runs all the same (a half-done step).
    assertUndone(killed.workdir, pasteRollback(command[1]!, tmp()), ["one"]);
  });
});
