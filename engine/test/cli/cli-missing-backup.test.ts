import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { runRecorded } from "../support/recorded-run";
import { useTempDir } from "../support/temp-dir";

/**
 * What the built-ins' undo keeps lives in the run record's backups/ folder. When
 * it is gone (cleaned up by hand or by a tidy-up job) the undo cannot put
 * anything back, and `momoflow rollback` must say so, never "rolled_back".
 */
describe("momoflow rollback when a built-in's backup is gone (the real CLI)", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-missing-backup-");

  /** Runs a workflow that deletes `keep` and fails after, without its rollback; removes its backups. */
  async function deleteThenLoseBackup(): Promise<{ workdir: string; runDir: string }> {
    const workdir = join(tmp(), "work");
    mkdirSync(join(workdir, "keep"), { recursive: true });
    writeFileSync(join(workdir, "keep", "notes.txt"), "mine");
    writeFileSync(join(workdir, "alone.txt"), "single");
    const { runDir } = await runRecorded(
      tmp(),
      "wf",
      [
        "workflow tidy {",
        '  step folder { run: delete_path(path: "keep") }',
        '  step file { run: delete_path(path: "alone.txt") }',
        "  step boom {",
        "    needs: [folder, file]",
        '    run: fail(message: "stop")',
        "  }",
        "}",
      ].join("\n"),
      1,
      ["--no-rollback"],
    );
    rmSync(join(runDir, "backups"), { recursive: true, force: true });
    return { workdir, runDir };
  }

  it("reports each delete_path whose backup is gone as rollback_failed, naming the backup, and exits 1", async () => {
    const { workdir, runDir } = await deleteThenLoseBackup();
    const out = await runCli(["rollback", runDir], workdir);
    assert.equal(out.code, 1, out.stdout + out.stderr);
    assert.match(
      out.stdout + out.stderr,
      /folder rollback_failed .*the backup of ".*keep" is missing/,
    );
    assert.match(
      out.stdout + out.stderr,
      /file rollback_failed .*the backup of ".*alone\.txt" is missing/,
    );
    const result = JSON.parse(readFileSync(join(runDir, "result.json"), "utf8")) as {
      status: string;
      steps: { id: string; status: string }[];
    };
    assert.equal(result.status, "partially_rolled_back");
    for (const id of ["folder", "file"]) {
      assert.equal(result.steps.find((s) => s.id === id)?.status, "rollback_failed", id);
    }
    assert.equal(existsSync(join(workdir, "keep")), false);
  });
});
