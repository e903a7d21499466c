import assert from "node:assert/strict";
import { TextDocument } from "vscode-languageserver-textdocument";
import type {
  CodeAction,
  Diagnostic,
  DocumentSymbol,
  Location,
} from "vscode-languageserver-protocol";
import { useWorkspaceSession } from "../support/workspace-session";
import { typedScenario, typing } from "../support/typed-scenario";

/*
 * A workflow written as YAML and Python write a block — its header without
 * `{`, its body the lines indented below it — is one MF001 per header
 * ("expected `{` after workflow `w`: momoflow blocks are in braces"), and
 * its body is read by indentation: no bogus cycle or property set twice,
 * its steps in the outline, hover, completion and references; the quick
 * fixes add the braces of a block, or of every block of the file.
 */

const INDENTED = [
  "workflow w", // 0
  "  param n: int = 2", // 1
  "  step a", // 2
  '    run: "echo ${n}"', // 3
  "  step b", // 4
  "    needs: [a]", // 5
  '    run: "echo hi"', // 6
  "",
];

const BRACED = [
  "workflow w {",
  "  param n: int = 2",
  "  step a {",
  '    run: "echo ${n}"',
  "  }",
  "  step b {",
  "    needs: [a]",
  '    run: "echo hi"',
  "  }",
  "}",
  "",
];

/** Mixed: a braced workflow holding an indented step, then an indented workflow holding a braced step. */
const MIXED = [
  "workflow w {", // 0
  "  step a", // 1
  '    run: "echo a"', // 2
  "  step b {", // 3
  "    needs: [a]", // 4
  '    run: "echo b"', // 5
  "  }", // 6
  "}", // 7
  "workflow v", // 8
  '  step x { run: "echo x" }', // 9
  "  step y", // 10
  "    needs: x", // 11
  '    run: "echo y"', // 12
  "",
];

const said = (d: Diagnostic): string =>
  `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.code} ${d.message}`;

const BRACES = "momoflow blocks are in braces";

describe("language server: blocks written by indentation, without braces (real LSP over stdio)", function () {
  this.timeout(60_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-indented-blocks-" });
  let count = 0;

  async function actions(uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
    return workspace.client.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
  }

  function applied(uri: string, text: string, action: CodeAction | undefined): string {
    assert.ok(action);
    return TextDocument.applyEdits(
      TextDocument.create(uri, "momoflow", 1, text),
      action.edit!.changes![uri]!,
    );
  }

  it("says each header's missing `{` once, and nothing else", async () => {
    const { diagnostics } = await workspace.openChecked(
      `f${count++}.momoflow`,
      INDENTED.join("\n"),
    );
    assert.deepEqual(diagnostics.map(said), [
      `1:10-1:11 MF001 expected \`{\` after workflow \`w\`: ${BRACES}`,
      `3:8-3:9 MF001 expected \`{\` after step \`a\`: ${BRACES}`,
      `5:8-5:9 MF001 expected \`{\` after step \`b\`: ${BRACES}`,
    ]);
  });

  it("shows the steps in the outline, and hovers, completes and finds references of them", async () => {
    const { uri } = await workspace.openChecked(`f${count++}.momoflow`, INDENTED.join("\n"));
    const outline = await workspace.client.request<DocumentSymbol[]>(
      "textDocument/documentSymbol",
      { textDocument: { uri } },
    );
    assert.deepEqual(
      outline.map((d) => [d.name, (d.children ?? []).map((c) => c.name)]),
      [["w", ["n", "a", "b"]]],
    );
    assert.match(await workspace.hover(uri, { line: 5, character: 12 }), /step/i);
    const references = await workspace.client.request<Location[]>("textDocument/references", {
      textDocument: { uri },
      position: { line: 2, character: 7 },
      context: { includeDeclaration: true },
    });
    assert.deepEqual(references.map((r) => r.range.start.line).sort(), [2, 5]);
    const items = await workspace.completionAtMark(
      `f${count++}.momoflow`,
      INDENTED.join("\n").replace("needs: [a]", "needs: [|]"),
    );
    assert.ok(
      items.some((item) => item.label === "a"),
      JSON.stringify(items.map((i) => i.label)),
    );
    assert.ok(!items.some((item) => item.label === "b"), "b cannot need itself");
  });

  it("adds the braces of every block in the file, which then checks clean", async () => {
    const text = INDENTED.join("\n");
    const { uri, diagnostics } = await workspace.openChecked(`f${count++}.momoflow`, text);
    const offered = await actions(uri, diagnostics[1]!);
    const all = offered.find((a) => a.title === "Add the braces of every block in the file");
    const fixed = applied(uri, text, all);
    assert.equal(fixed, BRACED.join("\n"));
    const again = await workspace.openChecked(`f${count++}.momoflow`, fixed);
    assert.deepEqual(again.diagnostics, []);
  });

  it("adds the braces of one block", async () => {
    const text = INDENTED.join("\n");
    const { uri, diagnostics } = await workspace.openChecked(`f${count++}.momoflow`, text);
    const offered = await actions(uri, diagnostics[2]!);
    const fixed = applied(
      uri,
      text,
      offered.find((a) => a.title === "Add the braces of this block"),
    );
    assert.equal(
      fixed,
      [...INDENTED.slice(0, 4), "  step b {", ...INDENTED.slice(5, 7), "  }", ""].join("\n"),
    );
  });

  it("reads a file mixing braced and indented blocks, and braces it", async () => {
    const text = MIXED.join("\n");
    const { uri, diagnostics } = await workspace.openChecked(`f${count++}.momoflow`, text);
    assert.deepEqual(diagnostics.map(said), [
      `2:8-2:9 MF001 expected \`{\` after step \`a\`: ${BRACES}`,
      `9:10-9:11 MF001 expected \`{\` after workflow \`v\`: ${BRACES}`,
      `11:8-11:9 MF001 expected \`{\` after step \`y\`: ${BRACES}`,
    ]);
    const offered = await actions(uri, diagnostics[0]!);
    const fixed = applied(
      uri,
      text,
      offered.find((a) => a.title === "Add the braces of every block in the file"),
    );
    const again = await workspace.openChecked(`f${count++}.momoflow`, fixed);
    assert.deepEqual(again.diagnostics, [], fixed);
  });

  it("says no more while a step is typed between two than a braced file says", async () => {
    /** The messages of each state as `step c` is typed on a new line above step b's header. */
    async function typed(lines: readonly string[], line: number): Promise<string[][]> {
      const text = [...lines.slice(0, line), "  ", ...lines.slice(line)].join("\n");
      const states: string[][] = [];
      await typedScenario(workspace, text, typing({ line, character: 2 }, "step c"), {
        edited: async (state) => {
          // `MF001 message`, its place left out: the lines differ by the braces.
          const said = state.said.map((d) => d.slice(d.indexOf(" ") + 1));
          states.push(said.filter((d) => !d.includes(BRACES)));
          const outline = await state.outline();
          const steps = (outline[0]?.children ?? []).map((c) => c.name);
          assert.ok(steps.includes("a") && steps.includes("b"), `${state.label}: ${steps}`);
        },
      });
      return states;
    }
    const indented = await typed(INDENTED, 4);
    assert.deepEqual(indented, await typed(BRACED, 5));
    assert.ok(!indented.flat().some((m) => /cycle|set twice/.test(m)), JSON.stringify(indented));
  });
});
