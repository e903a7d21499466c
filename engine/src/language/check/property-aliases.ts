import type { PropertyTable } from "./property-tables";

/**
 * Names other tools give the properties that momoflow spells its own way
 * (GitHub Actions' `working-directory`, make's `-C`, Docker's `WORKDIR`, a
 * shell's `cwd`; Airflow's and Compose's `depends_on`, GitHub Actions' `if`,
 * GitLab CI's `script`), too far from ours by edit distance for the "did you
 * mean" of MF009 to find them.
 */
const ALIASES: ReadonlyMap<string, string> = new Map([
  ["environment", "env"],
  ["environ", "env"],
  ["env_vars", "env"],
  ["environment_variables", "env"],
  ["cwd", "workdir"],
  ["dir", "workdir"],
  ["directory", "workdir"],
  ["chdir", "workdir"],
  ["cd", "workdir"],
  ["folder", "workdir"],
  ["working_directory", "workdir"],
  ["working_dir", "workdir"],
  ["workingdirectory", "workdir"],
  ["workingdir", "workdir"],
  ["depends_on", "needs"],
  ["dependson", "needs"],
  ["depends", "needs"],
  ["dependencies", "needs"],
  ["deps", "needs"],
  ["after", "needs"],
  ["requires", "needs"],
  ["if", "when"],
  ["only_if", "when"],
  ["condition", "when"],
  ["script", "run"],
  ["command", "run"],
  ["cmd", "run"],
  ["exec", "run"],
  ["undo", "rollback"],
  ["revert", "rollback"],
  ["compensate", "rollback"],
  ["on_rollback", "rollback"],
  ["matrix", "for_each"],
  ["foreach", "for_each"],
  ["each", "for_each"],
  ["parallelism", "max_parallel"],
]);

/**
 * The property an unknown name most likely meant, when it is another tool's
 * name for it or a misspelling of `environment` (`enviroment`, `envirnoment`):
 * undefined when none, or when the block has no such property.
 */
export function meantProperty(name: string, table: PropertyTable): string | undefined {
  const lower = name.toLowerCase().replaceAll("-", "_");
  const meant = ALIASES.get(lower) ?? (lower.startsWith("env") ? "env" : undefined);
  return meant !== undefined && table.has(meant) ? meant : undefined;
}
