/**
 * Hover on a name an `env: { NAME: value }` sets, of a workflow or a step:
 * the environment variable its steps' actions get, in language.md's words.
 */
import type { Position, Range, SourceFile } from "@momoflow/language";
import { envKeyAt } from "../analysis/env-settings";
import { envNameDoc } from "../language-docs";
import { codeBlock } from "./declaration-markdown";

/** The Markdown and range of the `env:` key at `position`, if one is there. */
export function envNameAt(
  file: SourceFile,
  position: Position,
): { markdown: string; range: Range } | undefined {
  const setting = envKeyAt(file, position);
  const key = setting?.entry.key;
  if (!setting || !key?.text) return undefined;
  const scope =
    setting.owner === "step"
      ? `Set for step \`${setting.step?.name?.text}\`, over its workflow's`
      : `Set for every step of workflow \`${setting.workflow.name?.text}\` (a step's own \`env:\` wins)`;
  return {
    markdown: [
      codeBlock(`(environment variable) ${key.text}`),
      `${scope}, over the process environment; \`\${env.${key.text}}\` reads it.`,
      envNameDoc(key.text),
    ].join("\n\n"),
    range: key.range,
  };
}
