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

/** Whether `error` is the LSP error `code` (-32800 RequestCancelled, -32801 ContentModified). */
function isLspError(code: number): (error: unknown) => boolean {
  return (error: unknown) => error instanceof LspResponseError && error.code === code;
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
    // Asserted at once: the answer comes back before the first's, and a
    // rejection handled only later would be reported as unhandled meanwhile.
    const secondCancelled = assert.rejects(second, isLspError(-32800));
    token.cancel();
    assert.ok((await first).data.length > 0);
    await secondCancelled;
    const third = await workspace.client.connection.sendRequest<{ data: number[] }>(method, params);
    assert.deepEqual(third, await first);
  });

  describe("a request that is already running", () => {
    /** Big enough that semantic tokens and folding run for many slices. */
    const steps = 10_000;
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

    /**
     * Starts `method` and returns once it is running: a document highlight
     * sent after it (a handler that answers at once) is taken up only when
     * the long request gives the event loop back, so once its answer is
     * back, the long request has begun and yielded. A server that does not
     * yield answers the highlight only after the long request's own answer.
     */
    async function startLong<R>(
      uri: string,
      method: string,
      params: unknown,
      token?: ManualCancellation,
    ): Promise<{ answer: Promise<R> }> {
      const connection = workspace.client.connection;
      const answer = connection.sendRequest<R>(method, params, token);
      // Handled (a rejection is asserted by the caller), never left unhandled meanwhile.
      answer.catch(() => undefined);
      await connection.sendRequest("textDocument/documentHighlight", {
        textDocument: { uri },
        position: { line: 1, character: 8 },
      });
      return { answer };
    }

    for (const [method, params] of [
      ["textDocument/semanticTokens/full", {}],
      ["textDocument/foldingRange", {}],
    ] as const) {
      it(`${method}: cancelled while it runs, it answers RequestCancelled; the next one answers in full`, async () => {
        const { uri } = await workspace.openChecked(
          `running-${method.split("/")[1]}.momoflow`,
          longWorkflow(steps),
        );
        const full = { textDocument: { uri }, ...params };
        const expected = await workspace.client.connection.sendRequest(method, full);
        const token = new ManualCancellation();
        const { answer } = await startLong(uri, method, full, token);
        token.cancel();
        await assert.rejects(answer, isLspError(-32800));
        assert.deepEqual(await workspace.client.connection.sendRequest(method, full), expected);
        await workspace.client.closeDocument(uri);
      });
    }

    for (const method of ["textDocument/semanticTokens/full", "textDocument/foldingRange"]) {
      it(`${method}: an edit read while it runs makes it answer ContentModified; the next one answers for the new text`, async () => {
        const name = `edited-${method.split("/")[1]}`;
        const { uri } = await workspace.openChecked(`${name}.momoflow`, longWorkflow(steps));
        const params = { textDocument: { uri } };
        const { answer } = await startLong(uri, method, params);
        // A comment line above the workflow: new tokens, every later one a line down.
        await workspace.client.change(uri, [{ range, text: "//  edited\n" }]);
        await assert.rejects(answer, isLspError(-32801));
        const after = await workspace.client.connection.sendRequest(method, params);
        // The same text opened afresh: what the answer for the new text is.
        const fresh = await workspace.openNew(`//  edited\n${longWorkflow(steps)}`, { stem: name });
        const expected = await workspace.client.connection.sendRequest(method, {
          ...params,
          textDocument: { uri: fresh },
        });
        assert.deepEqual(after, expected);
        await workspace.client.closeDocument(uri);
        await workspace.client.closeDocument(fresh);
      });
    }
  });
});
