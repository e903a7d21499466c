/**
 * Completion inside `run: workflow release(part: "patch")`: the workflows in
 * scope (the file's and imported ones) after `workflow `, and the callee's
 * params not yet given inside its parentheses. Read from the text of the
 * cursor's line, as a call is written on one line.
 */
import type { FileScope } from "@momoflow/language";
import type { ItemBuilder } from "./item-builder";
import { addParamKeys, addWorkflowNames } from "./reference-items";
import type { SourceReader } from "../session/workspace-files";

/** Where in a workflow call the cursor is. */
export type WorkflowCallPlace =
  { kind: "callee" } | { kind: "argument"; callee: string; given: ReadonlySet<string> };

const CALLEE = /\brun\s*:\s*workflow\s+[A-Za-z0-9_]*$/;
const ARGUMENTS = /\bworkflow\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(((?:[^()"]|"(?:[^"\\]|\\.)*")*)$/;
/** The cursor starts an argument: right after `(` or `,`, with at most a partial name. */
const ARGUMENT_START = /(?:^|,)\s*[A-Za-z0-9_]*$/;
const GIVEN = /([A-Za-z_][A-Za-z0-9_]*)\s*:/g;

/** The place in a workflow call at `offset` of `text`, if the cursor is in one. */
export function workflowCallPlace(text: string, offset: number): WorkflowCallPlace | undefined {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const line = text.slice(lineStart, offset);
  if (CALLEE.test(line)) return { kind: "callee" };
  const inside = ARGUMENTS.exec(line);
  if (!inside) return undefined;
  const written = inside[2]!.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  if (!ARGUMENT_START.test(written)) return undefined;
  const given = new Set([...written.matchAll(GIVEN)].map((m) => m[1]!));
  return { kind: "argument", callee: inside[1]!, given };
}

/** Adds the items of a place in a workflow call. */
export function addWorkflowCallItems(
  builder: ItemBuilder,
  place: WorkflowCallPlace,
  scope: FileScope,
  source: SourceReader,
): void {
  if (place.kind === "callee") {
    addWorkflowNames(builder, scope);
    return;
  }
  const callee = scope.workflows.get(place.callee);
  if (callee) addParamKeys(builder, callee, place.given, source);
}
