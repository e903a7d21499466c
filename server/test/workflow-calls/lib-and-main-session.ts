import assert from "node:assert/strict";
import type { CompletionItem, Position } from "vscode-languageserver-protocol";
import { useWorkspaceSession, type WorkspaceSession } from "../support/workspace-session";

/** The URIs of the two documents, set once the suite's `before` opened them. */
export interface LibAndMainDocs {
  lib: string;
  main: string;
}

/**
 * A workspace session of `lib.momoflow` and `main.momoflow` (which imports
 * it), both opened before the suite's tests — the library first, so the
 * server knows the called workflows — with `main` checking cleanly.
 */
export function useLibAndMainSession(
  prefix: string,
  texts: { lib: string; main: string },
): { workspace: WorkspaceSession; docs: LibAndMainDocs } {
  const workspace = useWorkspaceSession({
    prefix,
    files: { "lib.momoflow": texts.lib, "main.momoflow": texts.main },
  });
  const docs: LibAndMainDocs = { lib: "", main: "" };
  before(async () => {
    docs.lib = await workspace.open("lib.momoflow");
    const opened = await workspace.openChecked("main.momoflow");
    docs.main = opened.uri;
    assert.deepEqual(opened.diagnostics, [], "main.momoflow checks cleanly");
  });
  return { workspace, docs };
}

/** The labels of completion items, in the server's order. */
export function completionLabels(items: CompletionItem[]): string[] {
  return items.map((i) => i.label);
}

/**
 * Completion in a scratch document of `text` at `position` (after typing
 * `trigger`, when given), checked first as the editor's would be.
 */
export function scratchCompletion(
  workspace: WorkspaceSession,
): (text: string, position: Position, trigger?: string) => Promise<CompletionItem[]> {
  return (text, position, trigger) =>
    workspace.withScratch(
      text,
      (uri) =>
        workspace.completion(
          uri,
          position,
          trigger ? { triggerKind: 2, triggerCharacter: trigger } : undefined,
        ),
      { checked: true },
    );
}
