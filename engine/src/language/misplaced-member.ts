/**
 * The messages of a declaration written inside a block that cannot hold it:
 * a workflow's `param`, `var` or `step` inside a step, a command's parameter
 * as a `param` line of its body. Each says where the declaration belongs.
 */
import type { CommandDeclaration, ParamDeclaration } from "./ast";
import { expressionText } from "./expression-text";

/** A workflow's member inside step `step`: `param q`, `var v` or `step inner`. */
export function memberInsideStepMessage(
  kind: "param" | "var" | "step",
  name: string,
  step: string,
): string {
  const where = step === "" ? "the step" : `step \`${step}\``;
  if (kind === "step")
    return `steps do not nest: \`step ${name}\` is inside ${where}; move it out of the step`;
  return `\`${kind} ${name}\` is declared in the workflow, not inside ${where}: move it above the step`;
}

/**
 * `param b: int` in the body of command `command`: its header with that
 * parameter added, as it is written there.
 */
export function parameterInCommandBodyMessage(
  command: CommandDeclaration,
  param: ParamDeclaration,
): string {
  const others = command.params.filter((p) => p !== param);
  const header = [...others, param].map(parameterText).join(", ");
  return (
    `\`param ${param.name.text}\` is declared in the command's parentheses, not in its body: ` +
    `\`command ${command.name.text}(${header})\``
  );
}

function parameterText(param: ParamDeclaration): string {
  const type = param.type ? `: ${param.type.name.text}` : "";
  const value = param.default ? ` = ${expressionText(param.default)}` : "";
  return `${param.name.text}${type}${value}`;
}
