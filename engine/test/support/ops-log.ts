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

/**
 * Workflow `name`: a chain of steps named `steps`, each appending its id to
 * ops.log and undone by appending `undo-<id>` (what the fault tests read back
 * with {@link opsLogLines}).
 */
export function opsLogChain(name: string, steps: readonly string[]): string {
  const declared = steps.map(
    (id, i) =>
      `  step ${id} {\n${i > 0 ? `    needs: ${steps[i - 1]}\n` : ""}` +
      `    run: "echo ${id} >> ops.log"\n    rollback: "echo undo-${id} >> ops.log"\n  }\n`,
  );
  return `workflow ${name} {\n${declared.join("")}}\n`;
}
