/**
 * Params, vars and command parameters in Markdown, for hover: the
 * declaration as written, the type (a var's inferred from its expression),
 * the default, and the documentation.
 */
import { secretParamVariable } from "@momoflow/runtime";
import type { ParamDeclaration, VarDeclaration, WorkflowDeclaration } from "@momoflow/language";
import type { CommandParam } from "@momoflow/engine";
import { codeBlock, declaredParameter } from "./command-markdown";
import type { SourceReader } from "./undo-explanation";
import { inferValueType } from "../analysis/value-type-inference";

/** A workflow `param`: `param target: string = "staging"`, required or not, its doc. */
export function paramMarkdown(
  param: ParamDeclaration,
  workflow: WorkflowDeclaration,
  path: string,
  source: SourceReader,
): string {
  const sections = [
    codeBlock(`param ${declaredParameter(param, path, source)}`) +
      `\n_param of workflow \`${workflow.name.text}\`_`,
  ];
  if (param.doc) sections.push(param.doc);
  const name = param.name.text;
  if (param.type?.name?.text === "secret") {
    sections.push(
      `**Secret:** its value is shown as \`***\` wherever momoflow writes it (the terminal, the run record, the logs); give it with \`--param ${name}=…\` or the environment variable \`${secretParamVariable(name)}\``,
    );
  }
  sections.push(
    param.default
      ? `Overridable at run time: \`--param ${param.name.text}=…\``
      : `**Required**: no default; give it at run time with \`--param ${param.name.text}=…\``,
  );
  return sections.join("\n\n");
}

/** A `var`: its expression as written, its type, its doc. */
export function varMarkdown(
  variable: VarDeclaration,
  workflow: WorkflowDeclaration,
  path: string,
  source: SourceReader,
): string {
  const written = variable.value ? source(path, variable.value.range) : undefined;
  const sections = [
    codeBlock(`var ${variable.name.text}${written ? ` = ${written}` : ""}`) +
      `\n_var of workflow \`${workflow.name.text}\`, computed once when the run starts_`,
  ];
  const type = inferValueType(variable.value, workflow);
  if (type !== "any") sections.push(`**Type:** \`${type}\``);
  if (variable.doc) sections.push(variable.doc);
  return sections.join("\n\n");
}

/** A parameter of a declared command, as written. */
export function declaredCommandParamMarkdown(
  param: ParamDeclaration,
  command: string,
  path: string,
  source: SourceReader,
): string {
  const sections = [
    codeBlock(`(parameter) ${declaredParameter(param, path, source)}`) +
      `\n_parameter of command \`${command}\`_`,
  ];
  if (param.doc) sections.push(param.doc);
  if (!param.default) sections.push("**Required**: every call must give it.");
  return sections.join("\n\n");
}

/** A parameter of a built-in command. */
export function builtinCommandParamMarkdown(param: CommandParam, command: string): string {
  const written = `${param.name}: ${param.type}${param.default === undefined ? "" : ` = ${JSON.stringify(param.default)}`}`;
  const sections = [
    codeBlock(`(parameter) ${written}`) + `\n_parameter of command \`${command}\`_`,
  ];
  if (param.description) sections.push(param.description);
  if (param.default === undefined) sections.push("**Required**: every call must give it.");
  return sections.join("\n\n");
}
