import assert from "node:assert/strict";
import type { CodeAction, Diagnostic } from "vscode-languageserver-protocol";
import { useWorkspaceSession } from "../support/workspace-session";
import { convertAll, nightlyCalling } from "./convert-all-fixture";

/**
 * The called workflow, in `lib/convert.momoflow`, with no `concurrency` of its
 * own (1): its `max_parallel: 4` (line 4, index 3) is MF022 when it runs on
 * its own, but a call runs it under the caller's concurrency.
 */
const LIB = convertAll({ maxParallel: 4 });

/** A caller in another file whose concurrency (4) is enough: no MF022 at its call. */
const MAIN = nightlyCalling(4);

/** A test that runs `convert_all` on its own. */
const ON_ITS_OWN_TEST = 'test "converts on its own" {\n  workflow: convert_all\n}\n';

const SEVERITY = { 2: "warning", 4: "hint" } as Record<number, string>;

/** The step's own MF022 in LIB, as published: severity and message. */
const own = (severity: "warning" | "hint", called: boolean): string =>
  `3:18 MF022 ${severity} "max_parallel: 4" cannot run 4 instances at once${called ? ` when workflow "convert_all" runs on its own` : ""}: no more steps run at once than the workflow's concurrency, which is 1 (the default), so at most 1 instance runs at once${called ? " (a call runs it under the calling workflow's concurrency)" : ""}; set the workflow's concurrency to 4 (or run with --concurrency 4)`;

/**
 * A workflow the workspace only ever calls (no test runs it on its own) has
 * its steps' MF022 — against its own concurrency, which no call reads — as a
 * hint that says it is about running it on its own; a warning again as soon
 * as something runs it on its own (a test) or nothing calls it. The
 * language server knows the workspace's files; over a real LSP connection,
 * with the callers in files on disk and in the editor.
 */
describe("language server: a workflow only called from others keeps its own MF022 as a hint", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({
    prefix: "momoflow-called-only-",
    files: { "lib/convert.momoflow": LIB, "main.momoflow": MAIN },
    each: true,
  });

  const shown = (diagnostics: Diagnostic[]): string[] =>
    diagnostics.map(
      (d) =>
        `${d.range.start.line}:${d.range.start.character} ${String(d.code)} ${SEVERITY[d.severity!]} ${d.message}`,
    );

  const openLib = () => workspace.openChecked("lib/convert.momoflow");

  /** The next diagnostics of `uri` published after `count` publishes (a change elsewhere). */
  const nextPublish = async (uri: string, count: number): Promise<string[]> =>
    shown((await workspace.client.waitForPublish(uri, count, 10_000)).diagnostics);

  it("is a hint that speaks of running it on its own when another file's workflow calls it, with its quick fix still", async () => {
    const { uri, diagnostics } = await openLib();
    assert.deepEqual(shown(diagnostics), [own("hint", true)]);
    const actions = await workspace.client.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri },
      range: diagnostics[0]!.range,
      context: { diagnostics },
    });
    assert.ok(
      actions.some((a) => a.title === "Set the workflow's `concurrency` to 4"),
      actions.map((a) => a.title).join(" | "),
    );
  });

  it("is a warning again when a test runs it on its own, and when the call goes", async () => {
    const { uri: lib, diagnostics } = await openLib();
    assert.deepEqual(shown(diagnostics), [own("hint", true)]);

    // A test of the workspace runs it on its own (saved outside the editor).
    let count = workspace.client.publishCount(lib);
    workspace.write("main.momoflow", MAIN + ON_ITS_OWN_TEST);
    await workspace.client.fileChanged(workspace.uri("main.momoflow"), 2);
    assert.deepEqual(await nextPublish(lib, count), [own("warning", true)]);

    // The test gone, then the call edited away in the editor (unsaved): nothing calls it.
    count = workspace.client.publishCount(lib);
    workspace.write("main.momoflow", MAIN);
    await workspace.client.fileChanged(workspace.uri("main.momoflow"), 2);
    assert.deepEqual(await nextPublish(lib, count), [own("hint", true)]);
    const main = await workspace.open("main.momoflow");
    count = workspace.client.publishCount(lib);
    await workspace.client.change(main, [
      {
        range: { start: { line: 4, character: 9 }, end: { line: 4, character: 31 } },
        text: '"echo none"',
      },
    ]);
    assert.deepEqual(await nextPublish(lib, count), [own("warning", false)]);
  });

  it("is a hint for a caller in the same file too, and a warning with a test there", async () => {
    const caller = MAIN.split("\n").slice(1).join("\n");
    const { diagnostics } = await workspace.openChecked("both.momoflow", LIB + caller);
    assert.deepEqual(shown(diagnostics), [own("hint", true)]);
    const tested = await workspace.openChecked("tested.momoflow", LIB + caller + ON_ITS_OWN_TEST);
    assert.deepEqual(shown(tested.diagnostics), [own("warning", true)]);
  });
});
