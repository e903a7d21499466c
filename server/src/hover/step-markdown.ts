/**
 * A step in Markdown, for hover: its description and documentation, what it
 * needs, how it is undone, and the figures of its last run.
 */
import type { Expression, StepDeclaration, CommandSymbol } from "@momoflow/language";
import { codeBlock } from "./command-markdown";
import type { LastRun } from "../session/last-run";
import { runStartText, stepMetricsSentence } from "../session/run-metrics-text";
import { describeStepUndo, stepUndo, type SourceReader } from "./undo-explanation";

/** The text of a string value without its interpolations' values (`${out}` stays as written). */
export function stringValueText(value: Expression | undefined): string | undefined {
  if (value?.kind !== "string") return undefined;
  return value.parts
    .map((part) =>
      part.kind === "text"
        ? part.value
        : `\${${(part.ref?.segments ?? []).map((s) => s.text).join(".")}}`,
    )
    .join("");
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
  const sections = [codeBlock(`step ${step.name.text}`) + `\n_in workflow \`${workflow}\`_`];
  const description = stringValueText(
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
