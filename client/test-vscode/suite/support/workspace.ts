/**
 * What the extension-host tests share: the extension's API, the fixture
 * workspace's files, waiting for the editor to catch up, and positions found
 * by text (so tests do not hard-code line numbers of the fixtures).
 */
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import type { MomoflowExtensionApi } from "../../../src/extension";
import type { CommandOutcome } from "../../../src/run/run-controller";

export const EXTENSION_ID = "momoflow.momoflow";

/** The activated extension's API. */
export async function extensionApi(): Promise<MomoflowExtensionApi> {
  const extension = vscode.extensions.getExtension<MomoflowExtensionApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not installed`);
  return extension.activate();
}

/** The URI of a file of the (only) workspace folder. */
export function workspaceFile(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, "the suite needs a workspace folder (the fixture workspace)");
  return vscode.Uri.joinPath(folder.uri, relativePath);
}

/** Opens a file of the workspace in an editor and returns its document. */
export async function openInEditor(relativePath: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(relativePath));
  await vscode.window.showTextDocument(document, { preview: false });
  return document;
}

/**
 * Waits until `probe` returns something other than `undefined` (asking again
 * every 100 ms), or fails saying what was awaited and what was last seen.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${what}` +
          (lastError instanceof Error ? ` (last error: ${lastError.message})` : ""),
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Closes every editor. VS Code asks whether to save an unsaved one and waits
 * on that dialog, which no test answers: a test timed out without saying why.
 * An unsaved document that an earlier test left behind is named instead.
 */
export async function closeAllEditors(): Promise<void> {
  const unsaved = vscode.workspace.textDocuments
    .filter((document) => document.isDirty)
    .map((document) => vscode.workspace.asRelativePath(document.uri));
  assert.deepEqual(unsaved, [], "documents an earlier test left unsaved");
  await vscode.commands.executeCommand("workbench.action.closeAllEditors");
}

/**
 * The position of `marker` in `document`: its start, or `offset` characters
 * into it. `occurrence` picks a later match (0 is the first).
 */
export function positionOf(
  document: vscode.TextDocument,
  marker: string,
  offset = 0,
  occurrence = 0,
): vscode.Position {
  const text = document.getText();
  let index = -1;
  for (let i = 0; i <= occurrence; i++) {
    index = text.indexOf(marker, index + 1);
    assert.ok(index >= 0, `"${marker}" (occurrence ${occurrence}) is not in ${document.uri.path}`);
  }
  return document.positionAt(index + offset);
}

/** The line (0-based) of the first line of `document` containing `marker`. */
export function lineOf(document: vscode.TextDocument, marker: string): number {
  return positionOf(document, marker).line;
}

/** The diagnostics of `document` once the server published some. */
export function diagnosticsOf(document: vscode.TextDocument): Promise<vscode.Diagnostic[]> {
  return waitFor(`diagnostics of ${document.uri.path}`, () => {
    const found = vscode.languages.getDiagnostics(document.uri);
    return found.length > 0 ? found : undefined;
  });
}

/** A diagnostic's code as text (`MF002`), whatever form it came in. */
export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return String(typeof code === "object" ? code.value : code);
}

/** The CodeLenses VS Code gets for `uri`, their commands resolved. */
export function codeLenses(uri: vscode.Uri): Thenable<vscode.CodeLens[]> {
  return vscode.commands.executeCommand<vscode.CodeLens[]>(
    "vscode.executeCodeLensProvider",
    uri,
    100,
  );
}

/** The titles of the CodeLenses VS Code gets for `uri`. */
export async function codeLensTitles(uri: vscode.Uri): Promise<string[]> {
  return (await codeLenses(uri)).map((lens) => lens.command?.title ?? "");
}

/**
 * Resolves with the exit code of the next `momoflow` task process that ends
 * doing `action` (and for `workflow`, when given).
 */
export function momoflowTaskEnd(
  action: "run" | "rollback" | "test" | "bench",
  workflow?: string,
  timeoutMs = 120_000,
): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`no momoflow ${action} task ended within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const listener = vscode.tasks.onDidEndTaskProcess((event) => {
      const definition = event.execution.task.definition;
      if (definition.type !== "momoflow" || definition.action !== action) return;
      if (workflow !== undefined && definition.workflow !== workflow) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(event.exitCode);
    });
  });
}

/**
 * Runs `workflow` of the document at `uri` as the Run lens does
 * (`momoflow.runWorkflow`), checks that its task started, and resolves with
 * the exit code of its task's process.
 */
export async function runToEnd(
  uri: vscode.Uri,
  workflow: string,
  params?: Record<string, string>,
): Promise<number | undefined> {
  const ended = momoflowTaskEnd("run", workflow);
  const outcome = await vscode.commands.executeCommand<CommandOutcome>("momoflow.runWorkflow", {
    uri,
    workflow,
    ...(params && { params }),
  });
  assert.equal(outcome.status, "started", JSON.stringify(outcome));
  return ended;
}
