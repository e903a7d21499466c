import assert from "node:assert/strict";
import type { Diagnostic, Hover } from "vscode-languageserver-protocol";
import { marked } from "../support/text-position";
import { useWorkspaceSession } from "../support/workspace-session";

/** A workflow `w` (steps `a`, `b`), then a test of it whose last member is `line`. */
const tested = (line: string): string =>
  [
    "workflow w {",
    '  step a { run: "echo" }',
    '  step b { run: "echo" }',
    "}",
    'test "t" {',
    "  workflow: w",
    `  ${line}`,
    "}",
    "",
  ].join("\n");

/** A workflow whose step `fan` has `for_each: <items>`. */
const fanOut = (items: string): string =>
  [
    "workflow w {",
    '  param regions: list = ["eu"]',
    "  step fan {",
    `    for_each: ${items}`,
    '    run: "echo ${regions}"',
    "  }",
    "}",
    "",
  ].join("\n");

describe("language server: a word of the language being typed (real LSP over stdio)", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-words-being-typed-" });

  /** The labels offered at the `|` of `text`, asked as typing `trigger` asks when given. */
  const labels = async (text: string, trigger?: string): Promise<string[]> =>
    (await workspace.completionAtMark("typed.momoflow", text, trigger)).map((i) => i.label);

  /** The codes and messages of the diagnostics, and the hover at the `|`, of `text`. */
  async function checked(text: string): Promise<{ said: string[]; hover: string | undefined }> {
    const { text: opened, position } = marked(text);
    return workspace.withScratch(
      opened,
      async (uri) => {
        const diagnostics = await workspace.client.waitForDiagnostics(uri, 1);
        const hover = await workspace.client.request<Hover | null>("textDocument/hover", {
          textDocument: { uri },
          position,
        });
        return {
          said: diagnostics.map((d: Diagnostic) => `${d.code} ${d.message}`),
          hover: hover ? (hover.contents as { value: string }).value : undefined,
        };
      },
      { stem: "typed" },
    );
  }

  it("offers the operators of `expect file` and `expect output` while one is typed", async () => {
    const fileOperators = ["exists", "missing", "==", "!=", "contains", "matches"];
    assert.deepEqual(await labels(tested('expect file "VERSION" |')), fileOperators);
    assert.deepEqual(await labels(tested('expect file "VERSION" mis|')), fileOperators);
    assert.deepEqual((await labels(tested("expect output b cont|"))).sort(), [
      "!=",
      "==",
      "contains",
      "matches",
    ]);
  });

  it("says once what the word stands for, and does not hover it as a property", async () => {
    const file = await checked(tested('expect file "VERSION" mi|s'));
    assert.deepEqual(file.said, [
      "MF001 `expect file` takes `exists`, `missing`, `==`, `!=`, `contains` or `matches`, not `mis`; did you mean `missing`?",
    ]);
    assert.equal(file.hover, undefined);
    const output = await checked(tested("expect output b co|nt"));
    assert.deepEqual(output.said, [
      "MF001 `expect output` compares with `==`, `!=`, `contains` or `matches`, not `cont`; did you mean `contains`?",
    ]);
    assert.equal(output.hover, undefined);
  });

  it("offers a test's params as keys after `{ `, as the space typed asks", async () => {
    const params = [
      "workflow w {",
      '  param target: string = "x"',
      '  step a { run: "echo ${target}" }',
      "}",
      'test "t" {',
      "  workflow: w",
      "  params: { |",
      "}",
      "",
    ].join("\n");
    assert.deepEqual(await labels(params, " "), ["target"]);
    assert.deepEqual(await labels(params.replace("{ |", "{|"), "{"), ["target"]);
  });

  it("offers `in` after the item of `for_each`, and says once that it is missing", async () => {
    assert.deepEqual(await labels(fanOut("site |")), ["in"]);
    // As the space typed after the item asks.
    assert.deepEqual(await labels(fanOut("site |"), " "), ["in"]);
    assert.deepEqual(await labels(fanOut("site i|")), ["in"]);
    const typing = await checked(fanOut("site i|"));
    assert.deepEqual(typing.said, [
      'MF001 expected `in` and the items after `site`: `for_each: file in glob("data/*.csv")`',
    ]);
    const item = await checked(fanOut("si|te"));
    assert.deepEqual(item.said, [
      'MF001 expected `<item> in` before the items: `for_each: file in glob("data/*.csv")`',
    ]);
  });

  it("hovers the workflow of `run: workflow w2` before its `(`, not as a property", async () => {
    const text = [
      "workflow w {",
      "  step a {",
      "    run: workflow w|2",
      "  }",
      "}",
      "/// Ships it.",
      "workflow w2 {",
      '  step s { run: "echo" }',
      "}",
      "",
    ].join("\n");
    const typed = await checked(text);
    assert.deepEqual(typed.said, [
      "MF001 expected `(` after `workflow w2`: a workflow is called with its params in parentheses, `workflow w2()`",
    ]);
    assert.match(typed.hover ?? "", /workflow w2/);
    assert.match(typed.hover ?? "", /Ships it/);
  });
});
