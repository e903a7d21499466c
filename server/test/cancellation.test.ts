import assert from "node:assert/strict";
import { LspResponseError, type CancellationLike } from "@momoflow/bench";
import { useWorkspaceSession } from "./support/workspace-session";

/** A token the test cancels by hand, as an editor's is when the user types on. */
class ManualCancellation implements CancellationLike {
  isCancellationRequested = false;
  private readonly listeners: (() => void)[] = [];

  onCancellationRequested(listener: () => void): void {
    this.listeners.push(listener);
  }

  cancel(): void {
    this.isCancellationRequested = true;
    for (const listener of this.listeners) listener();
  }
}

/** A workflow of `steps` steps in a chain: a document whose answers take a while. */
function longWorkflow(steps: number): string {
  let text = "workflow long {\n";
  for (let i = 0; i < steps; i++)
    text += `  step s${i} {\n    needs: ${i > 0 ? `s${i - 1}` : "[]"}\n    run: "echo ${i}"\n  }\n`;
  return text + "}\n";
}

/** `$/cancelRequest` (real LSP over stdio). */
describe("language server: cancelled requests", function () {
  this.timeout(60_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-cancel-" });

  it("answers a request cancelled before its turn with RequestCancelled, and the others as usual", async () => {
    const { uri } = await workspace.openChecked("long.momoflow", longWorkflow(3_000));
    const params = { textDocument: { uri } };
    const method = "textDocument/semanticTokens/full";
    // The first keeps the server busy while the second and its cancellation arrive.
    const first = workspace.client.connection.sendRequest<{ data: number[] }>(method, params);
    const token = new ManualCancellation();
    const second = workspace.client.connection.sendRequest(method, params, token);
    token.cancel();
    assert.ok((await first).data.length > 0);
    await assert.rejects(
      second,
      (error: unknown) => error instanceof LspResponseError && error.code === -32800,
    );
    const third = await workspace.client.connection.sendRequest<{ data: number[] }>(method, params);
    assert.deepEqual(third, await first);
  });
});
