/**
 * Hover on `env.NAME`: the value an `env:` of the enclosing step or its
 * workflow sets it to, or the run's own environment variable.
 */
import { type CheckResult, LineIndex, type Position } from "@momoflow/language";
import { blocksAt, envSettings } from "../analysis/env-settings";
import { codeBlock } from "./declaration-markdown";

/** The Markdown of `env.<name>` read at `at`. */
export function envMarkdown(name: string, check: CheckResult, at: Position): string {
  const { workflow, step } = blocksAt(check.document.file, at);
  const setting = envSettings(workflow, step).get(name);
  const title = codeBlock(`(environment variable) env.${name}`);
  const range = setting?.entry.value?.range;
  if (!setting || !range) {
    return `${title}\n\nThe run's environment variable \`${name}\`; empty when it is not set.`;
  }
  const text = check.document.text;
  const lines = new LineIndex(text);
  const value = text.slice(lines.offsetAt(range.start), lines.offsetAt(range.end));
  const owner =
    setting.owner === "step"
      ? `step \`${step?.name?.text}\``
      : `workflow \`${workflow?.name?.text}\``;
  return `${title}\n\nSet by the \`env:\` of ${owner} to \`${value}\` (over the process environment).`;
}
