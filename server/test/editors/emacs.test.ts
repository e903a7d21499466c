import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import type { EditorSession } from "./editor-probe";
import { COPY_FILE_SIGNATURE, createProject, MISTAKE, POSITIONS } from "./editor-project";
import { emacsUnavailable, openInEmacs, type EmacsAnswers } from "./emacs-session";
import { endIfStill, isRunning, waitForEnd } from "./process-state";

const TIMEOUT_MS = 15_000;

describe("editors: the README's Emacs configuration with eglot in batch Emacs (real server)", function () {
  this.timeout(2 * TIMEOUT_MS);
  let project: ReturnType<typeof createProject>;
  const started: ChildProcess[] = [];
  const servers: number[] = [];

  before(function () {
    const reason = emacsUnavailable();
    if (reason) {
      for (const test of this.test!.parent!.tests) test.title += ` — skipped: ${reason}`;
      this.skip();
    }
    project = createProject("momoflow-emacs-");
  });
  after(() => {
    for (const emacs of started) if (emacs.pid && isRunning(emacs.pid)) emacs.kill("SIGKILL");
    for (const pid of servers) endIfStill(pid, "dist/server.js");
    if (project) rmSync(project.dir, { recursive: true, force: true });
  });

  /** Opens the file in Emacs; remembers Emacs and its server so `after` can end them. */
  async function open(stay: boolean): Promise<EditorSession<EmacsAnswers> & { server: number }> {
    const session = await openInEmacs(
      project.dir,
      project.file,
      { ...POSITIONS, stay },
      TIMEOUT_MS,
      (emacs) => started.push(emacs),
    );
    const children = session.answers.children ?? [];
    for (const child of children) servers.push(child.pid);
    assert.equal(children.length, 1, `one child process, the server: ${JSON.stringify(children)}`);
    assert.match(children[0]!.command, /node .*dist\/server\.js --stdio/);
    return { ...session, server: children[0]!.pid };
  }

  it("shows diagnostics, completion and hover, and the server ends when Emacs exits", async () => {
    const { answers, exited, server } = await open(false);
    assert.equal(answers.mode, "momoflow-mode");
    assert.equal(answers.root, `${project.root}/`);

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
    assert.ok(await waitForEnd(server, 5000), `the server (pid ${server}) outlived Emacs`);
  });

  it("the server ends too when Emacs is killed", async () => {
    const { editor, exited, server } = await open(true);
    assert.ok(isRunning(server), "the server runs while Emacs does");
    editor.kill("SIGKILL");
    await exited;
    assert.ok(await waitForEnd(server, 5000), `the server (pid ${server}) outlived Emacs`);
  });
});
