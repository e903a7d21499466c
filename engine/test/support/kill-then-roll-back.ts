import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { journalText, runCli, startCli, waitFor } from "./cli-process";
import { said } from "./cli-said";
import { expectDead } from "./process-liveness";
import { latestRunDir } from "./run-record-files";
import { writeWorkflow } from "./workflow-files";
import type { RunResultFile } from "../../src/record/result-file";

/** A run killed and undone by {@link killThenRollBack}. */
export interface KilledAndRolledBack {
  /** The folder the workflow ran in (its ops.log). */
  workdir: string;
  runDir: string;
  /** result.json once `momoflow rollback` has read the record. */
  result: RunResultFile;
}

/**
 * Runs `workflow` of `flows` through the real CLI until the step `running`
 * (an id as the journal writes it: `deploy[1]/tag`) has written its shell's
 * pid to us.pid and its process group is in the journal, kills the run
 * (SIGKILL: no handler of its own runs), then runs `momoflow rollback` on
 * its record, which must succeed and leave the sleeping shell dead.
 */
export async function killThenRollBack(
  dir: string,
  workflow: string,
  flows: string,
  running: string,
): Promise<KilledAndRolledBack> {
  const { file, workdir } = writeWorkflow(dir, workflow, flows);
  const { child, done } = startCli(
    ["run", file, "--workflow", workflow, "--workdir", workdir],
    workdir,
  );
  const pidFile = join(workdir, "us.pid");
  await waitFor(
    () => existsSync(pidFile) && readFileSync(pidFile, "utf8").endsWith("\n"),
    `${running} to start sleeping`,
  );
  const processLine = new RegExp(`"step_process"[^\\n]*"${running.replace(/[[\]/]/g, "\\$&")}"`);
  await waitFor(
    () => processLine.test(journalText(workdir)),
    `the record of ${running}'s process group`,
  );
  child.kill("SIGKILL");
  assert.equal((await done).signal, "SIGKILL");
  const sleeper = Number(readFileSync(pidFile, "utf8").trim());

  const runDir = latestRunDir(workdir)!;
  const undo = await runCli(["rollback", runDir], workdir);
  assert.equal(undo.code, 0, said(undo));
  await expectDead([sleeper]);
  const result = JSON.parse(readFileSync(join(runDir, "result.json"), "utf8")) as RunResultFile;
  return { workdir, runDir, result };
}
