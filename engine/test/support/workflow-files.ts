import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Writes a `.momoflow` file into `dir` and makes an empty working directory
 * beside it, so the workflow file is not part of the tree a test compares.
 */
export function writeWorkflow(
  dir: string,
  name: string,
  text: string,
): { file: string; workdir: string } {
  const file = join(dir, `${name}.momoflow`);
  writeFileSync(file, text);
  const workdir = join(dir, "work");
  mkdirSync(workdir, { recursive: true });
  return { file, workdir };
}
