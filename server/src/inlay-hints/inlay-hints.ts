import {
  InlayHintKind,
  MarkupKind,
  type InlayHint,
  type ServerCapabilities,
} from "vscode-languageserver/node";
import { type FeatureContext, guarded } from "../feature";
import {
  findLastRun,
  runStartText,
  stepMetricsLabel,
  stepMetricsSentence,
} from "../session/last-run";
import { inferValueType } from "../analysis/value-type-inference";
import { contains } from "../analysis/range-contains";

/**
 * Inlay hints, kept quiet: a var's type after its name (`var out: string =
 * ...`), since vars are declared without one; and, with
 * `momoflow.inlineMetrics`, how each step did in the workflow's last run
 * (`step build  success · 20 ms {`).
 */
export function registerInlayHints({ connection, session }: FeatureContext): ServerCapabilities {
  connection.languages.inlayHint.on(
    guarded(connection, "inlayHint", async (params): Promise<InlayHint[]> => {
      const check = session.check(params.textDocument.uri);
      const { inlineMetrics } = await session.settings.get(params.textDocument.uri);
      const path = check.document.path;
      const hints: InlayHint[] = [];
      for (const workflow of check.document.file.workflows ?? []) {
        if (!workflow?.name?.text) continue;
        for (const variable of workflow.vars ?? []) {
          if (!variable?.name?.text || !contains(params.range, variable.name.range.end)) continue;
          const type = inferValueType(variable.value, workflow);
          if (type === "any") continue;
          hints.push({
            position: variable.name.range.end,
            label: `: ${type}`,
            kind: InlayHintKind.Type,
          });
        }
        const lastRun = inlineMetrics ? findLastRun(path, workflow.name.text) : undefined;
        const result = lastRun?.result;
        if (!lastRun || !result) continue;
        for (const step of workflow.steps ?? []) {
          if (!step?.name?.text || !contains(params.range, step.name.range.end)) continue;
          const figures = result.steps.find((s) => s.id === step.name.text);
          if (!figures) continue;
          hints.push({
            position: step.name.range.end,
            label: stepMetricsLabel(figures),
            paddingLeft: true,
            tooltip: {
              kind: MarkupKind.Markdown,
              value: `Last run (${runStartText(lastRun.summary.startTime)}): ${stepMetricsSentence(figures)}`,
            },
          });
        }
      }
      return hints.sort(
        (a, b) => a.position.line - b.position.line || a.position.character - b.position.character,
      );
    }),
  );
  return { inlayHintProvider: true };
}
