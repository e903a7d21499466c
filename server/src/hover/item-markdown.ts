/**
 * Hover on the item of a fan-out step (`file` in `for_each: file in
 * glob("data/*.csv")`): where it is declared and what it takes its values from.
 */
import { type CheckResult, LineIndex, type Range } from "@momoflow/language";
import { declaringWorkflow, type ItemSymbolRef } from "../analysis/locate";
import { codeBlock } from "./declaration-markdown";

/** The Markdown of a fan-out item, or undefined when its step is gone. */
export function itemMarkdown(symbol: ItemSymbolRef, check: CheckResult): string | undefined {
  const workflow = declaringWorkflow(check.document.file.workflows ?? [], symbol);
  const step = workflow?.steps?.find((s) => s?.name?.text === symbol.step);
  const forEach = step?.properties?.find((p) => p?.name?.text === "for_each");
  if (!forEach?.item) return undefined;
  const items = forEach.value?.range && written(check.document.text, forEach.value.range);
  const from = items ? ` of \`${items}\`` : "";
  return [
    codeBlock(`(item) ${symbol.name}`),
    `One item${from}: step \`${symbol.step}\` runs once per item (\`for_each\`), each instance (\`${symbol.step}[0]\`, \`${symbol.step}[1]\`…) with this name set to its item in \`run\`, \`rollback\`, \`when\`, \`description\`, \`env\`, \`workdir\`, \`inputs\` and \`outputs\`.`,
  ].join("\n\n");
}

function written(text: string, range: Range): string {
  const lines = new LineIndex(text);
  return text.slice(lines.offsetAt(range.start), lines.offsetAt(range.end));
}
