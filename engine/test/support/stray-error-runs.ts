import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "./cli-process";
import { latestResult } from "./run-record-files";

/**
 * The stray-error tests' workflow — `make` (writes made.txt), `code` (the
 * user's code), `after` — ended by a failure of `code`: rolled back as after
 * any failed step, make's file gone, `after` never run.
 */
export function assertRolledBackAfterCode(workdir: string): void {
  assert.equal(existsSync(join(workdir, "made.txt")), false, "the rollback undid make");
  const result = latestResult(workdir);
  assert.equal(result.status, "rolled_back");
  assert.deepEqual(
    result.steps.map((s) => `${s.id} ${s.status}`),
    ["make rolled_back", "code failed", "after not_run"],
  );
}

/**
 * Runs `momoflow run <file>` in `workdir` and checks it ended with `code`
 * and no Node stack trace (a stray error must never end the process as
 * Node's own crash would); its output, and stdout and stderr together.
 */
export async function runWithoutCrash(
  file: string,
  workdir: string,
  code: number,
): Promise<{ stdout: string; said: string }> {
  const out = await runCli(["run", file], workdir);
  const said = out.stdout + out.stderr;
  assert.equal(out.code, code, said);
  assert.doesNotMatch(said, /\n\s+at /, "no stack trace");
  return { stdout: out.stdout, said };
}
