import assert from "node:assert/strict";
import type {
  CompletionItem,
  CompletionList,
  Hover,
  TextEdit,
} from "vscode-languageserver-protocol/node";
import { COPY_FILE_SIGNATURE, MISTAKE } from "./editor-project";
import { useEditorSuite } from "./editor-suite";
import { neovimUnavailable, openInNeovim } from "./neovim-session";
import { isRunning, waitForEnd } from "./process-state";

const TIMEOUT_MS = 15_000;

describe("editors: the README's Neovim configuration in headless Neovim (real server)", function () {
  this.timeout(2 * TIMEOUT_MS);
  const suite = useEditorSuite(
    { prefix: "momoflow-nvim-", unavailable: neovimUnavailable, open: openInNeovim },
    TIMEOUT_MS,
  );

  it("gets diagnostics, completion and hover, and the server ends when Neovim quits", async () => {
    const { answers, exited, server } = await suite.open(false);
    assert.equal(answers.filetype, "momoflow");
    assert.deepEqual(answers.client, { name: "momoflow", rootDir: suite.project.root });

    assert.deepEqual(answers.diagnostics, [
      {
        lnum: 6,
        col: 12,
        end_lnum: 6,
        end_col: 17,
        severity: 1, // vim.diagnostic.severity.ERROR
        code: MISTAKE.code,
        source: "momoflow",
        message: MISTAKE.message,
      },
    ]);

    const completion = answers.completion as CompletionList | CompletionItem[];
    const items = Array.isArray(completion) ? completion : completion.items;
    // The other steps of the workflow, not `publish` itself.
    assert.deepEqual(items.map((i) => i.label).sort(), ["build", "lint"]);

    const hover = answers.hover as Hover;
    assert.deepEqual(hover.range, {
      start: { line: 2, character: 9 },
      end: { line: 2, character: 18 },
    });
    const text = (hover.contents as { kind: string; value: string }).value;
    assert.ok(text.startsWith(COPY_FILE_SIGNATURE), text);
    assert.match(text, /\*\*Undone by:\*\* restoring the destination/);

    // The README sets two spaces for .momoflow buffers: formatting indents with them, not tabs.
    assert.deepEqual(
      {
        tabSize: answers.formattingOptions.tabSize,
        insertSpaces: answers.formattingOptions.insertSpaces,
      },
      { tabSize: 2, insertSpaces: true },
    );
    const edits = (answers.formatting ?? []) as TextEdit[];
    assert.ok(Array.isArray(edits), JSON.stringify(answers.formatting));
    for (const edit of edits) assert.doesNotMatch(edit.newText, /\t/, JSON.stringify(edit));

    assert.equal(await exited, 0, "nvim quits cleanly (:qall!)");
    assert.ok(await waitForEnd(server, 10_000), `the server (pid ${server}) outlived Neovim`);
  });

  it("the server ends too when Neovim is killed", async () => {
    const { editor, exited, server } = await suite.open(true);
    assert.ok(isRunning(server), "the server runs while Neovim does");
    editor.kill("SIGKILL");
    await exited;
    // Its stdin closed with Neovim: the server exits without waiting for a shutdown request.
    assert.ok(await waitForEnd(server, 10_000), `the server (pid ${server}) outlived Neovim`);
  });
});
