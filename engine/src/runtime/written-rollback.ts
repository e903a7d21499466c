import { LineIndex } from "../language/line-index";
import { LanguageWorkspace } from "../language/workspace";
import { parseInstanceId } from "./fan-out";

/**
 * The `rollback` of step `stepId` of workflow `workflow`, as written in the
 * `.momoflow` file at `file` now (`rm -rf ${steps.mk.output}`), for a message
 * that tells the user to run it by hand. An instance (`mk[2]`) is its
 * step's; a step of a called workflow (`release/mk`) is not looked for.
 * Undefined when the file cannot be read, or holds no such step or rollback.
 */
export function writtenRollback(
  file: string,
  workflow: string,
  stepId: string,
): string | undefined {
  if (stepId.includes("/")) return undefined;
  const name = parseInstanceId(stepId)?.stepId ?? stepId;
  try {
    const document = new LanguageWorkspace().parse(file);
    const decl = document?.file.workflows?.find((w) => w?.name?.text === workflow);
    const step = decl?.steps?.find((s) => s?.name?.text === name);
    const value = step?.properties?.find((p) => p?.name?.text === "rollback")?.value;
    if (!document || !value) return undefined;
    const lines = new LineIndex(document.text);
    return document.text
      .slice(lines.offsetAt(value.range.start), lines.offsetAt(value.range.end))
      .trim();
  } catch {
    return undefined;
  }
}
