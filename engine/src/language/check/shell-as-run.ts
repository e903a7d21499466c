import { isShellName, SHELL_NAMES } from "../../commands/shell-choice";
import type { Expression } from "../ast";
import type { BlockProperties } from "./block-properties";
import type { DiagnosticSink } from "./diagnostic-sink";

/**
 * `shell: "make build"` in a step without a `run`, as Snakemake writes a
 * rule's command: MF007 saying the command goes in `run` (and `shell` names
 * the shell), with `run` as the quick fix for the property's name. The step
 * is then not also said to lack a `run`, nor `shell` to be no shell's name.
 */
export function reportShellAsRun(block: BlockProperties, sink: DiagnosticSink): void {
  if (block.get("run") !== undefined) return;
  const shell = block.get("shell");
  const text = shell?.value === undefined ? undefined : literalText(shell.value);
  if (shell?.name === undefined || text === undefined || isShellName(text)) return;
  block.misspelt(shell, "run");
  sink.report(
    "MF007",
    shell.name.range,
    `"shell" names the shell that runs the step's "run" (${SHELL_NAMES.map((n) => `"${n}"`).join(", ")}); the command itself goes in \`run: ${JSON.stringify(text)}\``,
    { data: { suggestions: ["run"], replaceRange: shell.name.range } },
  );
}

/** The text of a string written out, without interpolation. */
function literalText(expr: Expression): string | undefined {
  if (expr.kind !== "string") return undefined;
  let text = "";
  for (const part of expr.parts) {
    if (part.kind !== "text") return undefined;
    text += part.value;
  }
  return text;
}
