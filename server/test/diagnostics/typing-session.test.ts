import assert from "node:assert/strict";
import type { Diagnostic, TextEdit } from "vscode-languageserver-protocol";
import { LanguageWorkspace, LineIndex } from "@momoflow/language";
import { useWorkspaceSession } from "../support/workspace-session";

/** A workflow file imported by {@link MAIN}: a command and a workflow with params and a JSON output. */
const LIB = [
  "/// Tags a release.",
  "command tag(version: string, push: bool = false) {",
  '  run: "git tag ${version}"',
  '  rollback: "git tag -d ${version}"',
  "}",
  "workflow release {",
  '  param part: string = "patch"',
  "  step bump {",
  "    output: json",
  '    run: "echo {}"',
  "    rollback: none",
  "  }",
  "  step tag_it {",
  "    needs: bump",
  "    run: tag(version: steps.bump.output.version)",
  "  }",
  "}",
  "",
].join("\n");

/** The newer parts of the language, as a user types them: an import, a call, a fan-out, JSON outputs, a test. */
const MAIN = [
  'import "./lib/release.momoflow"',
  "",
  "workflow ship {",
  '  param regions: list = ["eu", "us"]',
  '  param part: string = "minor"',
  "  step stats {",
  "    output: json",
  '    run: "echo {}"',
  "    rollback: none",
  "  }",
  "  step release {",
  "    needs: stats",
  "    run: workflow release(part: part)",
  "  }",
  "  step deploy {",
  "    needs: [release, stats]",
  "    for_each: region in regions",
  '    run: tag(version: "${region}-${steps.stats.output.sites[0].name}")',
  "  }",
  "  step report {",
  "    needs: deploy",
  "    when: steps.deploy.status == success",
  '    run: log(message: "${json(steps.deploy.outputs)}")',
  "  }",
  "}",
  'test "a failed tag rolls the release back" {',
  "  workflow: ship",
  '  params: { part: "major" }',
  "  fail: release/tag_it",
  "  expect step release/bump == rolled_back",
  "  expect output stats.sites[0].mean == 3",
  "}",
  "",
].join("\n");

/** The requests an editor makes as the user types, at the cursor. */
const REQUESTS = [
  "textDocument/completion",
  "textDocument/hover",
  "textDocument/signatureHelp",
  "textDocument/documentHighlight",
  "textDocument/definition",
  "textDocument/semanticTokens/full",
  "textDocument/documentSymbol",
  "textDocument/foldingRange",
] as const;

// Typed in order, one character at a time, as a user writes a new file: the
// server must answer every request at every keystroke, publish what a full
// check of that text finds (the server verifies its incremental parse and
// check too), and format each finished line to a text that formats to itself.
describe("language server: a file typed keystroke by keystroke (real LSP over stdio)", function () {
  this.timeout(180_000);
  const workspace = useWorkspaceSession({
    prefix: "momoflow-typing-",
    files: { "lib/release.momoflow": LIB },
    serverEnv: { MOMOFLOW_VERIFY_INCREMENTAL_CHECK: "1", MOMOFLOW_VERIFY_INCREMENTAL_PARSE: "1" },
  });

  /** What a full check of `text` as `path` (beside the lib) publishes. */
  function fullCheck(path: string, text: string): string[] {
    const checked = new LanguageWorkspace({
      readFile: (p) =>
        p === path ? text : p === workspace.path("lib", "release.momoflow") ? LIB : undefined,
    });
    return checked.check(path).diagnostics.map(said);
  }

  it("answers everything at each keystroke, publishes a full check's diagnostics, and formats lines stably", async () => {
    const path = workspace.path("ship.momoflow");
    const uri = await workspace.open("ship.momoflow", "");
    const client = workspace.client;
    await client.waitForDiagnostics(uri, 1);
    let text = "";
    for (const typed of MAIN) {
      const at = new LineIndex(text).positionAt(text.length);
      const version = await client.change(uri, [{ range: { start: at, end: at }, text: typed }]);
      text += typed;
      const where = `after ${JSON.stringify(text.split("\n").at(-1))} (line ${at.line + 1})`;
      const published = await client.waitForDiagnostics(uri, version);
      assert.deepEqual(published.map(said), fullCheck(path, text), where);
      const position = new LineIndex(text).positionAt(text.length);
      for (const method of REQUESTS)
        await client.request(method, { textDocument: { uri }, position }).catch((error: Error) => {
          assert.fail(`${method} ${where}: ${error.message}`);
        });
      if (typed === "\n") await formatsStably(uri, text, where);
    }
    assert.deepEqual(
      client.logs.filter((line) => /error|exception/i.test(line)),
      [],
      "the server logged no error",
    );
    assert.equal(client.stderr, "");
  });

  /** Format Document on `text` gives a text that Format Document leaves as it is. */
  async function formatsStably(uri: string, text: string, where: string): Promise<void> {
    const options = { tabSize: 2, insertSpaces: true };
    const edits = await workspace.client.request<TextEdit[] | null>("textDocument/formatting", {
      textDocument: { uri },
      options,
    });
    if (!edits?.length) return;
    const formatted = applied(text, edits);
    await workspace.withScratch(formatted, async (scratch) => {
      const again = await workspace.client.request<TextEdit[] | null>("textDocument/formatting", {
        textDocument: { uri: scratch },
        options,
      });
      assert.deepEqual(again ?? [], [], `formatting ${where} is idempotent`);
    });
  }
});

/** A diagnostic as one comparable line. */
function said(d: Pick<Diagnostic, "code" | "message" | "range">): string {
  return JSON.stringify([d.code, d.message, d.range]);
}

/** `text` with `edits` (ranges of the original text) applied. */
function applied(text: string, edits: readonly TextEdit[]): string {
  const lines = new LineIndex(text);
  const sorted = [...edits].sort(
    (a, b) => lines.offsetAt(b.range.start) - lines.offsetAt(a.range.start),
  );
  let result = text;
  for (const edit of sorted)
    result =
      result.slice(0, lines.offsetAt(edit.range.start)) +
      edit.newText +
      result.slice(lines.offsetAt(edit.range.end));
  return result;
}
