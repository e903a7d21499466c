import assert from "node:assert/strict";
import type {
  CodeAction,
  Hover,
  MarkupContent,
  SemanticTokens,
  SemanticTokensLegend,
  TextEdit,
} from "vscode-languageserver-protocol/node";
import { useWorkspaceSession } from "./support/workspace-session";

/**
 * `rollback: none` in the editor, through the real server over stdio:
 * completion offers it after `rollback:` only, hover explains it (and a
 * step's hover says it has nothing to undo), semantic tokens call it a
 * keyword, a misspelling gets a "Change to `none`" quick fix, and formatting
 * keeps it.
 */
const DOC = [
  "command probe(url: string) {", // 0
  '  run: "curl -fsS ${url}"', // 1
  "  rollback: none", // 2
  "}", // 3
  "workflow w {", // 4
  "  param none: bool = false", // 5
  "  step query {", // 6
  '    run: "echo 1.2.3"', // 7
  "    rollback: none", // 8
  "  }", // 9
  "  step check {", // 10
  "    needs: query", // 11
  "    when: none", // 12
  '    run: probe(url: "x")', // 13
  "  }", // 14
  "}", // 15
  "",
].join("\n");

describe("language server: rollback: none (real LSP over stdio)", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-none-" });
  let legend: SemanticTokensLegend;

  before(async () => {
    legend = (
      workspace.init.capabilities.semanticTokensProvider as { legend: SemanticTokensLegend }
    ).legend;
  });

  const open = (text: string): Promise<string> => workspace.openNew(text);

  async function complete(text: string, line: number, character: number) {
    const uri = await open(text);
    return workspace.completion(
      uri,
      { line, character },
      { triggerKind: 2, triggerCharacter: " " },
    );
  }

  it("offers `none` first after `rollback:` of a step or a command, with a short doc; not after `run:`", async () => {
    const step = 'workflow w {\n  step a {\n    run: "x"\n    rollback: \n  }\n}\n';
    const items = await complete(step, 3, 14);
    const sorted = [...items].sort((a, b) => (a.sortText! < b.sortText! ? -1 : 1));
    const none = sorted[0]!;
    assert.equal(none.label, "none");
    assert.equal(none.kind, 21, "a constant");
    assert.equal(none.detail, "nothing to undo");
    assert.match((none.documentation as MarkupContent).value, /\*\*Nothing to undo\*\*/);
    assert.equal((none.textEdit as TextEdit).newText, "none");
    assert.ok(
      items.some((i) => i.label === "delete_path"),
      "the commands are still offered",
    );

    const command = 'command c {\n  run: "x"\n  rollback: \n}\n';
    assert.ok((await complete(command, 2, 12)).some((i) => i.label === "none"));

    const run = "workflow w {\n  step a {\n    run: \n  }\n}\n";
    const labels = (await complete(run, 2, 9)).map((i) => i.label);
    assert.ok(labels.includes("create_file"), labels.join(", "));
    assert.ok(!labels.includes("none"), "a step always runs something");
  });

  it("explains `none` on hover, and a step's hover says it has nothing to undo", async () => {
    const uri = await open(DOC);
    const hover = (line: number, character: number) =>
      workspace.client.request<Hover | null>("textDocument/hover", {
        textDocument: { uri },
        position: { line, character },
      });
    for (const [line, character] of [
      [8, 16],
      [2, 14],
    ] as const) {
      const result = await hover(line, character);
      assert.deepEqual(result?.range, {
        start: { line, character: character - 2 },
        end: { line, character: character + 2 },
      });
      const value = (result?.contents as MarkupContent).value;
      assert.match(value, /^```momoflow\nrollback: none\n```/);
      assert.match(value, /a rollback after a failure leaves it out and can still be complete/i);
      assert.match(value, /`sleep`, `log` and `fail`/);
    }
    const query = ((await hover(6, 8))?.contents as MarkupContent).value;
    assert.match(query, /\*\*Nothing to undo\*\*: its `rollback: none` says it changes nothing/);
    const check = ((await hover(10, 8))?.contents as MarkupContent).value;
    assert.match(check, /\*\*Nothing to undo\*\*: the command `probe` says `rollback: none`/);
    const param = ((await hover(12, 11))?.contents as MarkupContent).value;
    assert.match(param, /param none: bool/, "elsewhere `none` is the param");
  });

  it("colours `none` of a rollback as a keyword, and the param `none` as a parameter", async () => {
    const uri = await open(DOC);
    const tokens = await workspace.client.request<SemanticTokens>(
      "textDocument/semanticTokens/full",
      {
        textDocument: { uri },
      },
    );
    const typeAt = (line: number, character: number): string | undefined => {
      let l = 0;
      let c = 0;
      for (let i = 0; i < tokens.data.length; i += 5) {
        const [deltaLine, deltaStart, , type] = tokens.data.slice(i, i + 4) as number[];
        l += deltaLine!;
        c = deltaLine === 0 ? c + deltaStart! : deltaStart!;
        if (l === line && c === character) return legend.tokenTypes[type!];
      }
      return undefined;
    };
    assert.equal(typeAt(2, 12), "keyword");
    assert.equal(typeAt(8, 14), "keyword");
    assert.equal(typeAt(5, 8), "parameter");
    assert.equal(typeAt(12, 10), "parameter");
  });

  it("turns `rollback: nonee` into `rollback: none` with a quick fix, and keeps it when formatting", async () => {
    const text = 'workflow w {\n  step a {\n    run: "x"\n    rollback:   nonee\n  }\n}\n';
    const uri = await open(text);
    const [diagnostic] = await workspace.client.waitForDiagnostics(uri, 1);
    assert.equal(diagnostic?.code, "MF008");
    assert.match(String(diagnostic!.message), /did you mean "none"\?/);
    const actions = await workspace.client.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri },
      range: diagnostic!.range,
      context: { diagnostics: [diagnostic] },
    });
    const change = actions.find((a) => a.title === "Change to `none`");
    assert.ok(change, actions.map((a) => a.title).join(" | "));
    assert.deepEqual(change.edit?.changes?.[uri], [{ range: diagnostic!.range, newText: "none" }]);

    const fixed = text.replace("nonee", "none");
    const formatted = await workspace.client.request<TextEdit[]>("textDocument/formatting", {
      textDocument: { uri: await open(fixed) },
      options: { tabSize: 2, insertSpaces: true },
    });
    assert.deepEqual(
      formatted,
      [
        {
          range: { start: { line: 3, character: 14 }, end: { line: 3, character: 16 } },
          newText: "",
        },
      ],
      "only the extra spaces after `rollback:` go; `none` stays",
    );
  });
});
