import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import type { CompletionItem, CompletionList, Hover } from "vscode-languageserver-protocol/node";
import type { EditorSession } from "./editor-probe";
import { COPY_FILE_SIGNATURE, createProject, MISTAKE, POSITIONS } from "./editor-project";
import { neovimUnavailable, openInNeovim, type NeovimAnswers } from "./neovim-session";
import { endIfStill, isRunning, waitForEnd } from "./process-state";

const TIMEOUT_MS = 15_000;

describe("editors: the README's Neovim configuration in headless Neovim (real server)", function () {
  this.timeout(2 * TIMEOUT_MS);
  let project: ReturnType<typeof createProject>;
  const started: ChildProcess[] = [];
  const servers: number[] = [];

  before(function () {
    const reason = neovimUnavailable();
    if (reason) {
      for (const test of this.test!.parent!.tests) test.title += ` — skipped: ${reason}`;
      this.skip();
    }
    project = createProject("momoflow-nvim-");
  });
  after(() => {
    for (const nvim of started) if (nvim.pid && isRunning(nvim.pid)) nvim.kill("SIGKILL");
    for (const pid of servers) endIfStill(pid, "dist/server.js");
    if (project) rmSync(project.dir, { recursive: true, force: true });
  });

  /** Opens the file in Neovim; remembers nvim and its server so `after` can end them. */
  async function open(stay: boolean): Promise<EditorSession<NeovimAnswers> & { server: number }> {
    const session = await openInNeovim(
      project.dir,
      project.file,
      { ...POSITIONS, stay },
      TIMEOUT_MS,
      (nvim) => started.push(nvim),
    );
    const children = session.answers.children ?? [];
    for (const child of children) servers.push(child.pid);
    assert.equal(children.length, 1, `one child process, the server: ${JSON.stringify(children)}`);
    assert.match(children[0]!.command, /node .*dist\/server\.js --stdio/);
    return { ...session, server: children[0]!.pid };
  }

  it("gets diagnostics, completion and hover, and the server ends when Neovim quits", async () => {
    const { answers, exited, server } = await open(false);
    assert.equal(answers.filetype, "momoflow");
    assert.deepEqual(answers.client, { name: "momoflow", rootDir: project.root });

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

    assert.equal(await exited, 0, "nvim quits cleanly (:qall!)");
    assert.ok(await waitForEnd(server, 5000), `the server (pid ${server}) outlived Neovim`);
  });

  it("the server ends too when Neovim is killed", async () => {
    const { editor, exited, server } = await open(true);
    assert.ok(isRunning(server), "the server runs while Neovim does");
    editor.kill("SIGKILL");
    await exited;
    // Its stdin closed with Neovim: the server exits without waiting for a shutdown request.
    assert.ok(await waitForEnd(server, 5000), `the server (pid ${server}) outlived Neovim`);
  });
});
