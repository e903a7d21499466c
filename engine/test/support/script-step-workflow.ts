import type { RunResultFile } from "../../src/record/result-file";

/**
 * A workflow `w` of one step `s` that runs `script` as a `"""` string:
 * script line k is file line 3 + k.
 */
export function scriptStepWorkflow(script: string): string {
  const body = script
    .split("\n")
    .map((line) => (line === "" ? "" : `      ${line}`))
    .join("\n");
  return `workflow w {\n  step s {\n    run: """\n${body}\n    """\n    rollback: none\n  }\n}\n`;
}

/** Step `s`'s error, as `run --json` gives it ("" when it has none). */
export function scriptStepError(stdout: string): string {
  const result = JSON.parse(stdout) as RunResultFile;
  return result.steps.find((s) => s.id === "s")?.error ?? "";
}
