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
  const workspace = useWorkspaceSession({
    prefix: "momoflow-cancel-",
    // The long requests below wait at their first pause until cancelled or
    // edited: the test acts on a request it knows is running, every time.
    serverEnv: { MOMOFLOW_TEST_HOLD_FIRST_PAUSE_IN: "/held-" },
  });

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
    /** Big enough that each case below reaches a pause (held there by the test hook). */
    const steps = 3_000;
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const formattingOptions = { tabSize: 2, insertSpaces: true };

    /**
     * A long request: its method, its params beyond the document (which may
     * depend on whether the comment line of the edit tests is above the
     * workflow), and its document when not {@link longWorkflow}'s.
     */
    interface LongCase {
      method: string;
      params: (edited: boolean) => object;
      text?: string;
    }
    const cases: LongCase[] = [
      { method: "textDocument/semanticTokens/full", params: () => ({}) },
      { method: "textDocument/foldingRange", params: () => ({}) },
      { method: "textDocument/documentSymbol", params: () => ({}) },
      { method: "momoflow/documentOutline", params: () => ({}) },
      {
        // The references of `s0` (its declaration, a line down after the edit)
        // build the document's index first.
        method: "textDocument/references",
        params: (edited) => ({
          position: { line: edited ? 2 : 1, character: 8 },
          context: { includeDeclaration: true },
        }),
      },
      {
        method: "textDocument/formatting",
        params: () => ({ options: formattingOptions }),
        // Not formatted (two spaces after each `needs:`): the answer is an edit.
        text: longWorkflow(steps).replaceAll("needs: ", "needs:  "),
      },
    ];

    let probe: string | undefined;

    /**
     * Starts `method` and returns once it is running: a document highlight
     * in a small document, sent after it (a handler that answers at once), is
     * taken up only when the long request gives the event loop back, so
     * once its answer is back, the long request has begun and yielded (and
     * waits at its first pause, by the server's test hook, until cancelled
     * or edited). A server that does not yield answers the highlight only
     * after the long request's own answer.
     */
    async function startLong<R>(
      method: string,
      params: unknown,
      token?: ManualCancellation,
    ): Promise<{ answer: Promise<R> }> {
      probe ??= (await workspace.openChecked("probe.momoflow", longWorkflow(2))).uri;
      const connection = workspace.client.connection;
      const answer = connection.sendRequest<R>(method, params, token);
      // Handled (a rejection is asserted by the caller), never left unhandled meanwhile.
      answer.catch(() => undefined);
      await connection.sendRequest("textDocument/documentHighlight", {
        textDocument: { uri: probe },
        position: { line: 1, character: 8 },
      });
      return { answer };
    }

    /**
     * The answer for `text` in a document of its own, as if it were `uri`'s:
     * what the answer for `uri` must be. Asked after the long request (the
     * references of one file index every known file: asked before, `uri`'s
     * index would be built before the long request runs).
     */
    async function answerFor(
      text: string,
      uri: string,
      method: string,
      params: object,
    ): Promise<unknown> {
      const twin = await workspace.openNew(text, { stem: "twin" });
      const answer = await workspace.client.connection.sendRequest(method, {
        textDocument: { uri: twin },
        ...params,
      });
      await workspace.client.closeDocument(twin);
      return JSON.parse(JSON.stringify(answer ?? null).replaceAll(twin, uri));
    }

    for (const { method, params, text = longWorkflow(steps) } of cases) {
      it(`${method}: cancelled while it runs, it answers RequestCancelled; the next one answers in full`, async () => {
        const { uri } = await workspace.openChecked(
          `held-running-${method.split("/")[1]}.momoflow`,
          text,
        );
        const full = { textDocument: { uri }, ...params(false) };
        const token = new ManualCancellation();
        const { answer } = await startLong(method, full, token);
        token.cancel();
        await assert.rejects(answer, isLspError(-32800));
        const next = await workspace.client.connection.sendRequest(method, full);
        assert.deepEqual(next, await answerFor(text, uri, method, params(false)));
        await workspace.client.closeDocument(uri);
      });
    }

    for (const { method, params, text = longWorkflow(steps) } of cases) {
      it(`${method}: an edit read while it runs makes it answer ContentModified; the next one answers for the new text`, async () => {
        const name = `held-edited-${method.split("/")[1]}`;
        const { uri } = await workspace.openChecked(`${name}.momoflow`, text);
        const { answer } = await startLong(method, { textDocument: { uri }, ...params(false) });
        // A comment line above the workflow: new tokens, every later one a line down.
        await workspace.client.change(uri, [{ range, text: "//  edited\n" }]);
        await assert.rejects(answer, isLspError(-32801));
        const after = await workspace.client.connection.sendRequest(method, {
          textDocument: { uri },
          ...params(true),
        });
        // The same text opened afresh: what the answer for the new text is.
        assert.deepEqual(after, await answerFor(`//  edited\n${text}`, uri, method, params(true)));
        await workspace.client.closeDocument(uri);
      });
    }
  });
});
