import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { waitFor } from "./cli-process";

/**
 * Writes `<dir>/<name>.momoflow`: a workflow whose one shell step writes its
 * shell's pid to `pidFile`, then runs `then` (a long wait), and a test of it
 * that expects success — a `momoflow test` to be stopped while it runs.
 * @returns the file's path.
 */
export function writeSlowTestFile(
  dir: string,
  pidFile: string,
  { name = "slow", before = "", then = "sleep 30" } = {},
): string {
  const file = join(dir, `${name}.momoflow`);
  writeFileSync(
    file,
    [
      `workflow ${name} {`,
      `  step wait { run: "${before}echo $$ > ${pidFile}; ${then}" }`,
      "}",
      'test "waits" {',
      `  workflow: ${name}`,
      "  expect status == success",
      "}",
      "",
    ].join("\n"),
  );
  return file;
}

/** The pid the slow step wrote (see {@link writeSlowTestFile}), once it has. */
export async function slowStepPid(pidFile: string): Promise<number> {
  await waitFor(
    () => existsSync(pidFile) && readFileSync(pidFile, "utf8").trim() !== "",
    "the shell step to start",
  );
  return Number(readFileSync(pidFile, "utf8").trim());
}
