import * as vscode from "vscode";
import type { ClientServices } from "../client-services";
import {
  EMPTY_OUTLINE,
  requestOutline,
  type DocumentOutline,
  type OutlineRange,
} from "./document-outline";

/** How long to wait for the language server before giving up on an outline. */
const SERVER_WAIT_MS = 30_000;

/**
 * Resolves true once the language server runs (or false after a while, or
 * when cancelled): before that there is no server to ask for an outline, and
 * CodeLenses computed then would stay empty until the next edit.
 */
export async function serverReady(
  services: ClientServices,
  token?: vscode.CancellationToken,
): Promise<boolean> {
  const deadline = Date.now() + SERVER_WAIT_MS;
  while (Date.now() < deadline && !token?.isCancellationRequested) {
    const client = services.client();
    if (client?.isRunning()) return true;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, 250);
      const listener = client?.onDidChangeState(() => done());
      const cancel = token?.onCancellationRequested(() => done());
      function done(): void {
        clearTimeout(timer);
        listener?.dispose();
        cancel?.dispose();
        resolve();
      }
    });
  }
  return services.client()?.isRunning() ?? false;
}

/**
 * The workflows and tests of a document, as the language server's
 * `momoflow/documentOutline` gives them; the empty outline when no server
 * runs, or the request failed or was cancelled (an edit asks again).
 */
export async function documentOutline(
  uri: vscode.Uri,
  services: ClientServices,
  token?: vscode.CancellationToken,
): Promise<DocumentOutline> {
  if (!(await serverReady(services, token))) return EMPTY_OUTLINE;
  const client = services.client();
  if (!client) return EMPTY_OUTLINE;
  try {
    return await requestOutline(client, uri.toString(), token);
  } catch (error) {
    if (!token?.isCancellationRequested)
      services.output.warn(`could not read the outline of ${uri.fsPath}: ${String(error)}`);
    return EMPTY_OUTLINE;
  }
}

/** An outline range as a VS Code range. */
export function toRange(range: OutlineRange): vscode.Range {
  return new vscode.Range(
    range.start.line,
    range.start.character,
    range.end.line,
    range.end.character,
  );
}
