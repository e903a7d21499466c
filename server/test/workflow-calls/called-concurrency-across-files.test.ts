import assert from "node:assert/strict";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { CodeAction, Diagnostic, TextEdit } from "vscode-languageserver-protocol";
import { useWorkspaceSession } from "../support/workspace-session";
import { convertAll, nightlyCalling } from "./convert-all-fixture";

/** The called workflow, in `lib/convert.momoflow`: line 5 (index 4) is its `max_parallel`. */
const convertWith = (maxParallel: number): string => convertAll({ concurrency: 4, maxParallel });

/** The caller, in `main.momoflow`: its concurrency (2) on line 3, the call on line 5. */
const MAIN = nightlyCalling(2);

/** The MF022 the call in MAIN gets for a called `max_parallel` (written on `line` of the library). */
const atTheCall = (max: number, line = 5): string =>
  `4:18 MF022 "max_parallel: ${max}" of step "convert" of workflow "convert_all" (lib/convert.momoflow:${line}), run as all/convert, cannot run ${max} instances at once: a called workflow's steps run under the calling workflow's concurrency, here 2 (line 3), so at most 2 instances run at once; set this workflow's concurrency to ${max} (or run with --concurrency ${max})`;

/**
 * MF022 at a call of a workflow imported from another file (the called
 * steps run under the caller's concurrency), over a real LSP connection on a
 * real workspace folder of two files: the caller gets the warning and its
 * quick fix, and follows the called file as it is edited — in the editor
 * (unsaved), closed unsaved (the disk's text again), or saved outside it.
 */
describe("language server: MF022 at a call of a workflow from another file", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({
    prefix: "momoflow-called-concurrency-",
    files: { "lib/convert.momoflow": convertWith(4), "main.momoflow": MAIN },
    each: true,
  });

  const shown = (diagnostics: Diagnostic[]): string[] =>
    diagnostics.map(
      (d) => `${d.range.start.line}:${d.range.start.character} ${String(d.code)} ${d.message}`,
    );

  /** Opens main.momoflow as it is on disk; its URI and first diagnostics. */
  const openMain = () => workspace.openChecked("main.momoflow");

  /** The next diagnostics of `uri` published after `count` publishes (a change elsewhere). */
  const nextPublish = async (uri: string, count: number): Promise<string[]> =>
    shown((await workspace.client.waitForPublish(uri, count, 10_000)).diagnostics);

  /** Replaces line 5 (`max_parallel`) of the open library document with `max_parallel: max`. */
  const typeMaxParallel = (lib: string, line: number, max: number) =>
    workspace.client.change(lib, [
      {
        range: { start: { line, character: 18 }, end: { line, character: 19 } },
        text: `${max}`,
      },
    ]);

  it("warns at the call, naming the other file's line, with the quick fix that raises the caller's concurrency", async () => {
    const { uri, diagnostics } = await openMain();
    assert.deepEqual(shown(diagnostics), [atTheCall(4)]);
    const [warning] = diagnostics;
    assert.equal(warning!.severity, 2, "a warning");
    const actions = await workspace.client.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri },
      range: warning!.range,
      context: { diagnostics: [warning] },
    });
    const fix = actions.find((a) => a.title === "Set the workflow's `concurrency` to 4");
    assert.ok(fix, actions.map((a) => a.title).join(" | "));
    const edits = fix.edit!.changes![uri] as TextEdit[];
    assert.deepEqual(Object.keys(fix.edit!.changes!), [uri], "the fix edits the caller only");
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, "momoflow", 1, MAIN), edits);
    assert.equal(fixed, MAIN.replace("concurrency: 2", "concurrency: 4"));
    // Applied in the editor, as the editor applies it: the warning goes.
    const version = await workspace.client.change(
      uri,
      edits.map(({ range, newText }) => ({ range, text: newText })),
    );
    assert.deepEqual(await workspace.client.waitForDiagnostics(uri, version), []);
  });

  it("follows the called file edited in the editor, unsaved, and its disk text once closed unsaved", async () => {
    const { uri: main, diagnostics } = await openMain();
    assert.deepEqual(shown(diagnostics), [atTheCall(4)]);
    const lib = await workspace.open("lib/convert.momoflow");

    // 4 → 2: within the caller's 2, the caller's warning goes.
    let count = workspace.client.publishCount(main);
    await typeMaxParallel(lib, 4, 2);
    assert.deepEqual(await nextPublish(main, count), []);

    // 2 → 8: back, with the new number, and a fix to 8.
    count = workspace.client.publishCount(main);
    await typeMaxParallel(lib, 4, 8);
    const wider = await workspace.client.waitForPublish(main, count, 10_000);
    assert.deepEqual(shown(wider.diagnostics), [atTheCall(8)]);
    const actions = await workspace.client.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri: main },
      range: wider.diagnostics[0]!.range,
      context: { diagnostics: wider.diagnostics },
    });
    assert.ok(
      actions.some((a) => a.title === "Set the workflow's `concurrency` to 8"),
      actions.map((a) => a.title).join(" | "),
    );

    // A line written above it in the called file: the message names where it is now.
    count = workspace.client.publishCount(main);
    await workspace.client.change(lib, [
      {
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        text: "// Converts every file.\n",
      },
    ]);
    assert.deepEqual(await nextPublish(main, count), [atTheCall(8, 6)]);

    // Closed without saving: the disk's text (4, line 5) counts again.
    count = workspace.client.publishCount(main);
    await workspace.client.closeDocument(lib);
    assert.deepEqual(await nextPublish(main, count), [atTheCall(4)]);
  });

  it("follows the called file saved outside the editor (a watched-file change)", async () => {
    const { uri: main, diagnostics } = await openMain();
    assert.deepEqual(shown(diagnostics), [atTheCall(4)]);

    let count = workspace.client.publishCount(main);
    workspace.write("lib/convert.momoflow", convertWith(3));
    await workspace.client.fileChanged(workspace.uri("lib/convert.momoflow"), 2);
    assert.deepEqual(await nextPublish(main, count), [atTheCall(3)]);

    count = workspace.client.publishCount(main);
    workspace.write("lib/convert.momoflow", convertWith(2));
    await workspace.client.fileChanged(workspace.uri("lib/convert.momoflow"), 2);
    assert.deepEqual(await nextPublish(main, count), []);
  });
});
