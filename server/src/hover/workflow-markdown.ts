/**
 * A workflow in Markdown, for hover: its description and documentation, its
 * params, its steps, and how its last run ended.
 */
import type { WorkflowDeclaration } from "@momoflow/language";
import { formatDuration } from "@momoflow/units";
import { codeBlock, declaredParameter } from "./command-markdown";
import type { LastRun } from "../session/last-run";
import { runStartText } from "../session/run-metrics-text";
import { stringValueText } from "./step-markdown";
import type { SourceReader } from "./undo-explanation";

export function workflowMarkdown(
  workflow: WorkflowDeclaration,
  path: string,
  source: SourceReader,
  lastRun: LastRun | undefined,
): string {
  const sections = [codeBlock(`workflow ${workflow.name.text}`)];
  const description = stringValueText(
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
