import { spawnSync } from "node:child_process";

/**
 * What bash itself prints (stdout then stderr) and exits with for `script`,
 * run as momoflow runs a shell action under bash (`--noprofile --norc -euo
 * pipefail -O inherit_errexit -c`), without momoflow: what a script's output
 * must stay with momoflow's failing-line trap around it; `env` is added to
 * its environment.
 */
export function plainBash(
  script: string,
  cwd: string,
  env: Readonly<Record<string, string>> = {},
): { log: string; code: number | null } {
  const ran = spawnSync(
    bashOnPath(),
    ["--noprofile", "--norc", "-euo", "pipefail", "-O", "inherit_errexit", "-c", script],
    { cwd, encoding: "utf8", env: { ...process.env, ...env } },
  );
  return { log: ran.stdout + ran.stderr, code: ran.status };
}

/** The path momoflow finds bash at on PATH: bash names itself by it in its messages. */
export function bashOnPath(): string {
  return spawnSync("sh", ["-c", "command -v bash"], { encoding: "utf8" }).stdout.trim();
}
