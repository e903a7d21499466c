import assert from "node:assert/strict";
import { COPY_FILE_SIGNATURE, MISTAKE } from "./editor-project";
import { useEditorSuite } from "./editor-suite";
import { emacsUnavailable, openInEmacs } from "./emacs-session";
import { isRunning, waitForEnd } from "./process-state";

const TIMEOUT_MS = 15_000;

describe("editors: the README's Emacs configuration with eglot in batch Emacs (real server)", function () {
  this.timeout(2 * TIMEOUT_MS);
  const suite = useEditorSuite(
    { prefix: "momoflow-emacs-", unavailable: emacsUnavailable, open: openInEmacs },
    TIMEOUT_MS,
  );

  it("shows diagnostics, completion and hover, and the server ends when Emacs exits", async () => {
    const { answers, exited, server } = await suite.open(false);
    assert.equal(answers.mode, "momoflow-mode");
    assert.equal(answers.root, `${suite.project.root}/`);

    // What flymake lists: eglot writes the source and code before the message.
    assert.deepEqual(answers.diagnostics, [
      {
        line: 6,
        column: 12,
        length: "biuld".length,
        type: "eglot-error",
        text: `momoflow [${MISTAKE.code}]: ${MISTAKE.message}`,
      },
    ]);
    // The other steps of the workflow, not `publish` itself.
    assert.deepEqual([...answers.completion].sort(), ["build", "lint"]);
    // What eldoc shows (without markdown-mode installed, the Markdown as written).
    assert.ok(answers.hover.startsWith(COPY_FILE_SIGNATURE), answers.hover);
    assert.match(answers.hover, /\*\*Undone by:\*\* restoring the destination/);

    assert.equal(await exited, 0, "emacs exits cleanly (kill-emacs)");
    assert.ok(await waitForEnd(server, 10_000), `the server (pid ${server}) outlived Emacs`);
  });

  it("the server ends too when Emacs is killed", async () => {
    const { editor, exited, server } = await suite.open(true);
    assert.ok(isRunning(server), "the server runs while Emacs does");
    editor.kill("SIGKILL");
    await exited;
    assert.ok(await waitForEnd(server, 10_000), `the server (pid ${server}) outlived Emacs`);
  });
});
