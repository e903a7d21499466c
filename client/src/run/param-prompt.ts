import * as vscode from "vscode";
import type { WorkflowOutline } from "../outline/document-outline";
import {
  paramInputBox,
  paramInputProblem,
  paramsToAskFor,
  runSecretInputProblem,
} from "./param-input";
import { undoSecretInputBox } from "./undo-secret-input";

/**
 * The values typed last time, per workflow, offered again. Kept in memory for
 * the session only: a param may be a secret, and is not written to VS Code's
 * state on disk.
 */
export type ParamMemory = Map<string, Record<string, string>>;

/**
 * Asks for the params of `workflow` that are declared without a default and
 * not given already, one input box each, validated by the param's type as the
 * CLI will read it (a secret too short for a run is refused in the CLI's
 * words). `refused`: the secrets whose value in the environment a run would
 * refuse, and why (said in their boxes). Resolves the values typed (text,
 * as `--param` takes them), or undefined when the user cancelled.
 */
export async function askForParams(
  document: vscode.TextDocument,
  workflow: WorkflowOutline,
  given: Readonly<Record<string, string>>,
  memory: ParamMemory,
  refused: Readonly<Record<string, string>> = {},
): Promise<Record<string, string> | undefined> {
  const ask = paramsToAskFor(workflow.params, given);
  if (ask.length === 0) return {};
  const memoryKey = `${document.uri.toString()}#${workflow.name}`;
  const remembered = memory.get(memoryKey) ?? {};
  const values: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  for (const [index, param] of ask.entries()) {
    const box = paramInputBox(param, remembered[param.name], refused[param.name]);
    const value = await vscode.window.showInputBox({
      title: `Run ${workflow.name}${ask.length > 1 ? ` (${index + 1}/${ask.length})` : ""}`,
      ...box,
      ignoreFocusOut: true,
      validateInput: (text) =>
        paramInputProblem(text, param.type) ??
        (box.password ? runSecretInputProblem(param.name, text) : undefined),
    });
    if (value === undefined) return undefined;
    (box.password ? secrets : values)[param.name] = value;
  }
  // A secret is asked for again each time: not even kept in memory.
  memory.set(memoryKey, { ...remembered, ...values });
  return { ...values, ...secrets };
}

/**
 * Asks for the secret params `names` that the undos of a rollback of
 * `workflow` read (see `undoSecretsOf`) and are not given already, one
 * password box each, never offering a value typed before. Resolves the
 * values typed, or undefined when the user cancelled.
 */
export async function askForUndoSecrets(
  workflow: string,
  names: readonly string[],
  given: Readonly<Record<string, string>>,
): Promise<Record<string, string> | undefined> {
  const ask = names.filter((name) => !Object.hasOwn(given, name));
  const values: Record<string, string> = {};
  for (const [index, name] of ask.entries()) {
    const value = await vscode.window.showInputBox({
      title: `Roll back ${workflow}${ask.length > 1 ? ` (${index + 1}/${ask.length})` : ""}`,
      ...undoSecretInputBox(name, workflow),
      ignoreFocusOut: true,
      validateInput: (text) => paramInputProblem(text, "secret"),
    });
    if (value === undefined) return undefined;
    values[name] = value;
  }
  return values;
}
