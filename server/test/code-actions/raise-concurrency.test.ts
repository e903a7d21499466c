import assert from "node:assert/strict";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { CodeAction, Diagnostic, TextEdit } from "vscode-languageserver-protocol";
import { useWorkspaceSession } from "../support/workspace-session";

/**
 * A `max_parallel` above the workflow's `concurrency` (MF022) is offered the
 * fix its message names: the workflow's `concurrency` set to that bound,
 * written over the one there or added as the workflow's first line; over a
 * real LSP connection, and the fixed text checks clean.
 */
describe("language server: the quick fix that raises a workflow's concurrency to a step's max_parallel", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-raise-concurrency-" });

  async function raiseFix(text: string): Promise<string> {
    const { uri, diagnostics } = await workspace.openChecked(`doc${Math.random()}.momoflow`, text);
    const diagnostic = diagnostics.find((d: Diagnostic) => d.code === "MF022");
    assert.ok(diagnostic, `MF022 in ${JSON.stringify(diagnostics)}`);
    assert.equal(diagnostic.severity, 2, "a warning");
    const actions = await workspace.client.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    const fix = actions.find((a) => a.title === "Set the workflow's `concurrency` to 4");
    assert.ok(fix, actions.map((a) => a.title).join(" | "));
    assert.equal(fix.isPreferred, true);
    const document = TextDocument.create(uri, "momoflow", 1, text);
    const fixed = TextDocument.applyEdits(document, fix.edit!.changes![uri] as TextEdit[]);
    const again = await workspace.openChecked(`fixed${Math.random()}.momoflow`, fixed);
    assert.deepEqual(again.diagnostics, [], fixed);
    return fixed;
  }

  const STEP = `  step convert {\n    for_each: n in [1, 2, 3, 4]\n    max_parallel: 4\n    run: "echo \${n}"\n    rollback: none\n  }\n`;

  it("writes the bound over the workflow's concurrency", async () => {
    const text = `workflow w {\n  concurrency: 2\n${STEP}}\n`;
    assert.equal(await raiseFix(text), text.replace("concurrency: 2", "concurrency: 4"));
  });

  it("adds `concurrency` as the workflow's first line when it has none (the default, 1)", async () => {
    const text = `workflow w {\n  param who: string = "x"\n${STEP.replace("echo", "echo ${who}")}}\n`;
    assert.equal(
      await raiseFix(text),
      text.replace("workflow w {\n", "workflow w {\n  concurrency: 4\n"),
    );
  });

  it("at a call, sets the calling workflow's concurrency: the called steps run under it", async () => {
    const callee = `workflow convert_all {\n  concurrency: 4\n${STEP}}\n`;
    const text = `${callee}workflow nightly {\n  step all {\n    run: workflow convert_all()\n  }\n}\n`;
    assert.equal(
      await raiseFix(text),
      text.replace("workflow nightly {\n", "workflow nightly {\n  concurrency: 4\n"),
    );
  });

  it("at a call, comes and goes as the called step's max_parallel is typed (the caller checked again)", async () => {
    const callee = `workflow convert_all {\n  concurrency: 4\n${STEP.replace("max_parallel: 4", "max_parallel: 1")}}\n`;
    const text = `${callee}workflow nightly {\n  concurrency: 2\n  step all {\n    run: workflow convert_all()\n  }\n}\n`;
    const { uri, diagnostics } = await workspace.openChecked(`call${Math.random()}.momoflow`, text);
    assert.deepEqual(diagnostics, []);
    const codes = async (version: number): Promise<string[]> =>
      (await workspace.client.waitForDiagnostics(uri, version)).map(
        (d) => `${d.range.start.line}:${d.code}`,
      );
    // Line 4 is `    max_parallel: 1`: 1 → 3, above the caller's 2 (not the callee's own 4).
    let version = await workspace.client.change(uri, [
      { range: { start: { line: 4, character: 18 }, end: { line: 4, character: 19 } }, text: "3" },
    ]);
    assert.deepEqual(await codes(version), ["12:MF022"]);
    // The caller's concurrency raised to 3: gone.
    version = await workspace.client.change(uri, [
      {
        range: { start: { line: 10, character: 15 }, end: { line: 10, character: 16 } },
        text: "3",
      },
    ]);
    assert.deepEqual(await codes(version), []);
    await workspace.client.closeDocument(uri);
  });

  it("comes and goes as you type: an edit inside the step (its max_parallel) or of the workflow's concurrency", async () => {
    const text = `workflow w {\n  concurrency: 4\n${STEP}}\n`;
    const { uri, diagnostics } = await workspace.openChecked(
      `typed${Math.random()}.momoflow`,
      text,
    );
    assert.deepEqual(diagnostics, []);
    const codes = async (version: number): Promise<string[]> =>
      (await workspace.client.waitForDiagnostics(uri, version)).map(
        (d) => `${d.range.start.line}:${d.code}`,
      );
    // Line 4 is `    max_parallel: 4`: 4 → 8, an edit inside the step alone.
    let version = await workspace.client.change(uri, [
      { range: { start: { line: 4, character: 18 }, end: { line: 4, character: 19 } }, text: "8" },
    ]);
    assert.deepEqual(await codes(version), ["4:MF022"]);
    version = await workspace.client.change(uri, [
      { range: { start: { line: 1, character: 15 }, end: { line: 1, character: 16 } }, text: "8" },
    ]);
    assert.deepEqual(await codes(version), []);
    await workspace.client.closeDocument(uri);
  });

  it("adds it on the workflow's line when the workflow is written on one line", async () => {
    const text = `workflow w { step convert { for_each: n in [1, 2] max_parallel: 4 run: "echo \${n}" rollback: none } }\n`;
    assert.equal(
      await raiseFix(text),
      text.replace("workflow w { ", "workflow w { concurrency: 4 "),
    );
  });
});
