import assert from "node:assert/strict";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { CodeAction, Diagnostic } from "vscode-languageserver-protocol";
import type { WorkspaceSession } from "./workspace-session";

/** Diagnostics as `line:char code message`: one line each, easy to compare with what a test expects. */
export function diagnosticLines(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map(
    (d) => `${d.range.start.line}:${d.range.start.character} ${d.code} ${d.message}`,
  );
}

/**
 * The text once the quick fix that `choose` picks is applied for each of
 * `opened`'s diagnostics, one after the other, as a user fixes them: each
 * on the file as the previous fix left it (opened anew as `stepN.momoflow`,
 * its diagnostic found again by its message). `choose` may check the
 * action too (its title); a diagnostic it finds no fix for fails the test.
 */
export async function applyFixesInTurn(
  workspace: WorkspaceSession,
  text: string,
  opened: { uri: string; diagnostics: readonly Diagnostic[] },
  choose: (actions: CodeAction[], diagnostic: Diagnostic) => CodeAction | undefined,
): Promise<string> {
  let fixed = text;
  for (const [index, diagnostic] of opened.diagnostics.entries()) {
    const current =
      index === 0 ? opened : await workspace.openChecked(`step${index}.momoflow`, fixed);
    const now = current.diagnostics.find((d) => d.message === diagnostic.message);
    assert.ok(now, `${diagnostic.message} in ${JSON.stringify(current.diagnostics)}`);
    const actions = await workspace.client.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri: current.uri },
      range: now.range,
      context: { diagnostics: [now] },
    });
    const fix = choose(actions, diagnostic);
    const edits = fix?.edit?.changes?.[current.uri];
    assert.ok(edits, JSON.stringify(actions));
    fixed = TextDocument.applyEdits(TextDocument.create(current.uri, "momoflow", 1, fixed), edits);
  }
  return fixed;
}
