import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CompletionItem, CompletionList, Hover } from "vscode-languageserver-protocol/node";
import { endIfStill, isRunning, waitForEnd } from "./process-state";
import { installedNeovim, openInNeovim, type NeovimSession } from "./neovim-session";

/** One mistake (`biuld`), a built-in command to hover, a `needs` list to complete in. */
const WORKFLOW = [
  "workflow site {", //                                           line 0
  "  step build {",
  '    run: copy_file(source: "a.txt", destination: "b.txt")', // line 2: copy_file at 9–18
  "  }",
  '  step lint { run: "echo lint" }',
  "  step publish {",
  "    needs: [biuld]", //                                        line 6: biuld at 12–17
  '    run: "echo publish"',
  "  }",
  "}",
  "",
].join("\n");

const SPEC = { completion: { line: 6, character: 12 }, hover: { line: 2, character: 12 } };
const TIMEOUT_MS = 15_000;

describe("editors: the README's Neovim configuration in headless Neovim (real server)", function () {
  this.timeout(2 * TIMEOUT_MS);
  let dir: string;
  let file: string;
  const started: ChildProcess[] = [];
  const servers: number[] = [];

  before(function () {
    const version = installedNeovim();
    if (!version) {
      const reason = "nvim is not installed (apt-get install neovim)";
      for (const test of this.test!.parent!.tests) test.title += ` — skipped: ${reason}`;
      this.skip();
    }
    dir = mkdtempSync(join(tmpdir(), "momoflow-nvim-"));
    // A project root below the temporary folder, as a user's repository would be.
    mkdirSync(join(dir, "project", ".git"), { recursive: true });
    mkdirSync(join(dir, "project", "flows"));
    file = join(dir, "project", "flows", "site.momoflow");
    writeFileSync(file, WORKFLOW);
  });
  after(() => {
    for (const nvim of started) if (nvim.pid && isRunning(nvim.pid)) nvim.kill("SIGKILL");
    for (const pid of servers) endIfStill(pid, "dist/server.js");
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Opens the file in Neovim; remembers nvim and its server so `after` can end them. */
  async function open(stay: boolean): Promise<NeovimSession & { server: number }> {
    const session = await openInNeovim(dir, file, { ...SPEC, stay }, TIMEOUT_MS, (nvim) =>
      started.push(nvim),
    );
    const children = session.result.children ?? [];
    for (const child of children) servers.push(child.pid);
    assert.equal(children.length, 1, `one child process, the server: ${JSON.stringify(children)}`);
    assert.match(children[0]!.command, /node .*dist\/server\.js --stdio/);
    return { ...session, server: children[0]!.pid };
  }

  it("gets diagnostics, completion and hover, and the server ends when Neovim quits", async () => {
    const { result, exited, server } = await open(false);
    assert.equal(result.filetype, "momoflow");
    assert.deepEqual(result.client, { name: "momoflow", rootDir: join(dir, "project") });

    assert.deepEqual(result.diagnostics, [
      {
        lnum: 6,
        col: 12,
        end_lnum: 6,
        end_col: 17,
        severity: 1, // vim.diagnostic.severity.ERROR
        code: "MF002",
        source: "momoflow",
        message: 'unknown step "biuld" in workflow "site"; did you mean "build"?',
      },
    ]);

    const completion = result.completion as CompletionList | CompletionItem[];
    const items = Array.isArray(completion) ? completion : completion.items;
    // The other steps of the workflow, not `publish` itself.
    assert.deepEqual(items.map((i) => i.label).sort(), ["build", "lint"]);

    const hover = result.hover as Hover;
    assert.deepEqual(hover.range, {
      start: { line: 2, character: 9 },
      end: { line: 2, character: 18 },
    });
    const text = (hover.contents as { kind: string; value: string }).value;
    assert.ok(
      text.startsWith("```momoflow\ncommand copy_file(source: path, destination: path)\n```"),
      text,
    );
    assert.match(text, /\*\*Undone by:\*\* restoring the destination/);

    assert.equal(await exited, 0, "nvim quits cleanly (:qall!)");
    assert.ok(await waitForEnd(server, 5000), `the server (pid ${server}) outlived Neovim`);
  });

  it("the server ends too when Neovim is killed", async () => {
    const { nvim, exited, server } = await open(true);
    assert.ok(isRunning(server), "the server runs while Neovim does");
    nvim.kill("SIGKILL");
    await exited;
    // Its stdin closed with Neovim: the server exits without waiting for a shutdown request.
    assert.ok(await waitForEnd(server, 5000), `the server (pid ${server}) outlived Neovim`);
  });
});
