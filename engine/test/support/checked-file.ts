import { LanguageWorkspace } from "../../src/language/workspace";

/**
 * The diagnostics of `text` checked as `/ws/main.momoflow`, one line each:
 * `line:col-line:col CODE message` (1-based), in the order reported.
 */
export function checkedLines(text: string): string[] {
  const workspace = new LanguageWorkspace({
    readFile: (path) => (path === "/ws/main.momoflow" ? text : undefined),
  });
  return workspace
    .check("/ws/main.momoflow")
    .diagnostics.map(
      (d) =>
        `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.code} ${d.message}`,
    );
}

/**
 * A workflow `w`: the lines `opening` (its params, steps, and the `step … {`
 * line of the step a test is about), that step's `lines` (indented into it)
 * and its `}`, then {@link LATER_STEP_AND_END}.
 */
export function workflowAround(opening: readonly string[], lines: readonly string[]): string {
  return [
    "workflow w {",
    ...opening,
    ...lines.map((line) => `    ${line}`),
    "  }",
    ...LATER_STEP_AND_END,
  ].join("\n");
}

/**
 * The end of a workflow whose last step is the one a test is about: a step
 * `t` with an undefined name, which must still be reported (the file is read
 * on past the problem), and the workflow's `}`.
 */
export const LATER_STEP_AND_END = [
  "  step t {",
  "    run: log(message: undefined_name)",
  "  }",
  "}",
  "",
];

/** What is reported of {@link LATER_STEP_AND_END}'s undefined name when its `run` is on line `line`. */
export function laterStepReport(line: number): string {
  return `${line}:23-${line}:37 MF008 "undefined_name" is not defined here`;
}
