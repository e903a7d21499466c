import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startCli } from "./cli-process";
import { said } from "./cli-said";
import { plainBash } from "./plain-bash";
import { runDirOf } from "./run-record-files";
import { scriptStepError, scriptStepWorkflow } from "./script-step-workflow";

/**
 * Runs `script` as step `s`'s `run` (see {@link scriptStepWorkflow}) with the
 * real CLI in `dir` (`env` added to its environment), checks that the step failed with the exit code and the
 * output bash alone gives the script, and returns the step's error.
 */
export async function failedScriptStep(
  dir: string,
  script: string,
  env: Readonly<Record<string, string>> = {},
): Promise<string> {
  writeFileSync(join(dir, "w.momoflow"), scriptStepWorkflow(script));
  const out = await startCli(["run", "w.momoflow", "--json"], dir, env).done;
  assert.equal(out.code, 1, said(out));
  const plain = plainBash(script, dir, env);
  assert.notEqual(plain.code, 0);
  const error = scriptStepError(out.stdout);
  assert.match(error, new RegExp(`exited with code ${plain.code}\\b`), error);
  // stdout and stderr, read apart, may come in either order; bash names itself
  // by its path and the script's line where momoflow's `exit` says `environment: line 1`.
  const logFile = join(runDirOf(dir), "logs", "s.log");
  const log = existsSync(logFile) ? readFileSync(logFile, "utf8") : "";
  const lines = (text: string): string[] =>
    text
      .replace(/^.*: line \d+: /gm, "")
      .split("\n")
      .sort();
  assert.deepEqual(lines(log), lines(plain.log));
  return error;
}

/** A shell step's error from its exit code on, without its `shell command "…" ` start. */
export function fromCode(error: string): string {
  return error.slice(error.indexOf("exited with code"));
}
