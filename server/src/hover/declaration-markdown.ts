/**
 * Declarations in Markdown, for hover: a workflow (description, params,
 * steps, how its last run ended), a step (what it needs, how it is undone,
 * its last run's figures), a command (signature, parameters, how a step
 * calling it is undone), and params, vars and command parameters (as
 * written, the type, a var's inferred from its expression, the default).
 */
import { basename } from "node:path";
import type {
  CommandSymbol,
  Expression,
  ParamDeclaration,
  StepDeclaration,
  VarDeclaration,
  WorkflowDeclaration,
} from "@momoflow/language";
import type { CommandParam } from "@momoflow/engine";
import { secretParamVariable } from "@momoflow/runtime";
import { formatDuration } from "@momoflow/units";
import { declaredParameter, stringText } from "../analysis/declaration-text";
import {
  commandUndo,
  describeCommandUndo,
  describeStepUndo,
  stepUndo,
} from "../analysis/undo-explanation";
import { inferValueType } from "../analysis/value-type-inference";
import { workflowPhrase } from "../analysis/unnamed-declaration";
import { type LastRun, runStartText, stepMetricsSentence } from "../session/last-run";
import type { SourceReader } from "../session/workspace-files";

/** A fenced `momoflow` code block. */
export function codeBlock(code: string): string {
  return "```momoflow\n" + code + "\n```";
}

/** `command copy_file(source: path, destination: path)`. */
export function commandSignature(command: CommandSymbol, source: SourceReader): string {
  const params =
    command.kind === "builtin"
      ? command.signature.params.map(
          (p) =>
            `${p.name}: ${p.type}${p.default === undefined ? "" : ` = ${JSON.stringify(p.default)}`}`,
        )
      : (command.decl.params ?? [])
          .filter(Boolean)
          .map((p) => declaredParameter(p, command.path, source));
  return `command ${command.name}(${params.join(", ")})`;
}

/** The value of a declared command's `description`, when it is a plain string. */
function declaredDescription(command: CommandSymbol): string | undefined {
  if (command.kind === "builtin") return command.signature.description || undefined;
  const value = command.decl.properties?.find((p) => p?.name?.text === "description")?.value;
  if (value?.kind !== "string") return undefined;
  return value.parts.map((part) => (part.kind === "text" ? part.value : "${…}")).join("");
}

/** Everything hover shows about a command, `fromPath` being the file hovered in. */
export function commandMarkdown(
  command: CommandSymbol,
  commands: ReadonlyMap<string, CommandSymbol>,
  source: SourceReader,
  fromPath: string,
): string {
  const sections = [codeBlock(commandSignature(command, source))];
  const description = declaredDescription(command);
  if (description) sections.push(description);
  const doc = command.kind === "builtin" ? command.signature.doc : command.decl.doc;
  if (doc) sections.push(doc);
  if (command.kind === "builtin") {
    const documented = command.signature.params.filter((p) => p.description);
    if (documented.length) {
      sections.push(documented.map((p) => `- \`${p.name}\`: ${p.description}`).join("\n"));
    }
  }
  const undo = describeCommandUndo(commandUndo(command, commands), source);
  if (undo) sections.push(undo);
  if (command.kind === "builtin") sections.push("_Built-in command._");
  else if (command.path !== fromPath) sections.push(`_Declared in ${basename(command.path)}._`);
  return sections.join("\n\n");
}

/** Everything hover shows about a workflow, with its last run when there is one. */
export function workflowMarkdown(
  workflow: WorkflowDeclaration,
  path: string,
  source: SourceReader,
  lastRun: LastRun | undefined,
): string {
  const sections = [codeBlock(`workflow ${workflow.name.text}`)];
  const description = stringText(
    workflow.properties?.find((p) => p?.name?.text === "description")?.value,
  );
  if (description) sections.push(description);
  if (workflow.doc) sections.push(workflow.doc);
  const params = (workflow.params ?? []).filter((p) => p?.name?.text);
  if (params.length) {
    sections.push(
      `**Params:** ${params.map((p) => `\`${declaredParameter(p, path, source)}\``).join(", ")}`,
    );
  }
  const steps = (workflow.steps ?? []).filter((s) => s?.name?.text);
  sections.push(
    `**Steps:** ${steps.length ? steps.map((s) => `\`${s.name.text}\``).join(" · ") : "none"}`,
  );
  if (lastRun) {
    const when = runStartText(lastRun.summary.startTime);
    const result = lastRun.result;
    sections.push(
      result
        ? `**Last run** (${when}): \`${result.status}\` in ${formatDuration(result.metrics.durationMs)}`
        : `**Last run** (${when}) has not finished.`,
    );
  }
  return sections.join("\n\n");
}

/** The ids a `needs` value names, as written. */
function neededIds(value: Expression | undefined): string[] {
  if (!value) return [];
  if (value.kind === "list") return value.items.flatMap((item) => neededIds(item));
  if (value.kind === "ref") return [value.segments.map((s) => s.text).join(".")];
  return [];
}

/** What hover needs to describe a step. */
export interface StepContext {
  step: StepDeclaration;
  workflow: string;
  /** The file that declares the workflow. */
  path: string;
  commands: ReadonlyMap<string, CommandSymbol>;
  source: SourceReader;
  /** The last run of the workflow; undefined when there is none or metrics are off. */
  lastRun: LastRun | undefined;
}

export function stepMarkdown({
  step,
  workflow,
  path,
  commands,
  source,
  lastRun,
}: StepContext): string {
  const sections = [codeBlock(`step ${step.name.text}`) + `\n_in ${workflowPhrase(workflow)}_`];
  const description = stringText(
    step.properties?.find((p) => p?.name?.text === "description")?.value,
  );
  if (description) sections.push(description);
  if (step.doc) sections.push(step.doc);
  const needs = neededIds(step.properties?.find((p) => p?.name?.text === "needs")?.value);
  sections.push(
    needs.length
      ? `**Needs:** ${needs.map((id) => `\`${id}\``).join(", ")}`
      : "**Needs:** nothing (it may start first)",
  );
  const undo = describeStepUndo(stepUndo(step.properties, path, commands), source);
  if (undo) sections.push(undo);
  const run = lastRun && lastRunText(lastRun, step.name.text);
  if (run) sections.push(run);
  return sections.join("\n\n");
}

/** `**Last run** (2026-11-25 18:11:18 UTC): `success` in 20 ms, peak memory 3.2 MB`. */
function lastRunText(lastRun: LastRun, stepId: string): string | undefined {
  const when = runStartText(lastRun.summary.startTime);
  if (!lastRun.result) return `**Last run** (${when}) has not finished.`;
  const step = lastRun.result.steps.find((s) => s.id === stepId);
  if (!step) return `**Last run** (${when}) had no step \`${stepId}\`.`;
  return `**Last run** (${when}): ${stepMetricsSentence(step)}`;
}

/** A workflow `param`: `param target: string = "staging"`, required or not, its doc. */
export function paramMarkdown(
  param: ParamDeclaration,
  workflow: WorkflowDeclaration,
  path: string,
  source: SourceReader,
): string {
  const sections = [
    codeBlock(`param ${declaredParameter(param, path, source)}`) +
      `\n_param of ${workflowPhrase(workflow.name?.text)}_`,
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
      `\n_var of ${workflowPhrase(workflow.name?.text)}, computed once per run, when first read_`,
  ];
  const type = inferValueType(variable.value, workflow);
  if (type !== "any") sections.push(`**Type:** \`${type}\``);
  if (variable.doc) sections.push(variable.doc);
  return sections.join("\n\n");
}

/** A parameter of a declared command, as written. */
export function declaredCommandParamMarkdown(
  param: ParamDeclaration,
  command: string | undefined,
  path: string,
  source: SourceReader,
): string {
  const of = command
    ? `command \`${command}\``
    : "a command without a name (its header line is gone)";
  const sections = [
    codeBlock(`(parameter) ${declaredParameter(param, path, source)}`) + `\n_parameter of ${of}_`,
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
