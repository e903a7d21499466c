/**
 * The project the editor tests open: a repository-like folder with one
 * `.momoflow` file holding one mistake, a built-in command to hover and a
 * `needs` list to complete in.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const WORKFLOW = [
  "workflow site {", //                                           line 0
  "  step build {",
  '    run: copy_file(source: "a.txt", destination: "b.txt")', // line 2: copy_file at 9–18
  "  }",
  '  step lint { run: "echo lint" }',
  "  step publish {",
  "    needs: [biuld]", //                                        line 6: biuld at 12–17
  '    run: "echo publish"',
  "  }",
  "}",
  "",
].join("\n");

/** Where the tests ask (LSP positions): in `[biuld]` after `[`, and on `copy_file`. */
export const POSITIONS = {
  completion: { line: 6, character: 12 },
  hover: { line: 2, character: 12 },
} as const;

/** The one diagnostic of {@link WORKFLOW}. */
export const MISTAKE = {
  code: "MF002",
  message: 'unknown step "biuld" in workflow "site"; did you mean "build"?',
} as const;

/** The hover on `copy_file` starts with its signature. */
export const COPY_FILE_SIGNATURE =
  "```momoflow\ncommand copy_file(source: path, destination: path)\n```";

/** A temporary folder (`dir`, for the editor's own files) holding the project (`root`, with a `.git`). */
export function createProject(prefix: string): { dir: string; root: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const root = join(dir, "project");
  mkdirSync(join(root, ".git"), { recursive: true });
  mkdirSync(join(root, "flows"));
  const file = join(root, "flows", "site.momoflow");
  writeFileSync(file, WORKFLOW);
  return { dir, root, file };
}
