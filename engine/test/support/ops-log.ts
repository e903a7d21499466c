import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * What `ops.log` in `workdir` holds, line by line (none: no file yet): the
 * fault tests' steps and undos note there what they did, in order.
 */
export function opsLogLines(workdir: string): string[] {
  const path = join(workdir, "ops.log");
  return existsSync(path) ? readFileSync(path, "utf8").trim().split("\n") : [];
}
