import assert from "node:assert/strict";
import type { Hover, MarkupContent, Position, Range } from "vscode-languageserver-protocol";
import { at } from "../support/text-position";
import { useWorkspaceSession } from "../support/workspace-session";

const DOC = [
  "workflow w {",
  '  param names: list = ["a", "b"]',
  "  step convert {",
  '    for_each: region in ["eu", "us"]',
  '    run: "echo \'{\\"name\\": \\"${region}\\"}\'"',
  "    output: json",
  "    rollback: none",
  "  }",
  "  step plain {",
  "    for_each: n in names",
  '    run: "echo ${n}"',
  "    rollback: none",
  "  }",
  "  step use {",
  "    needs: [convert, plain]",
  '    when: steps.convert.outputs[1].name == "us"',
  '    run: "echo ${steps.convert.outputs[0].name} ${steps.plain.outputs[1]} ${steps.convert.outputs[5]}"',
  "    rollback: none",
  "  }",
  "}",
  "",
].join("\n");

describe("language server: hover on an instance of a fan-out step's outputs, steps.<id>.outputs[n] (real LSP over stdio)", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-instance-hover-" });
  let uri: string;

  before(async () => {
    const opened = await workspace.openChecked("instances.momoflow", DOC);
    uri = opened.uri;
    assert.deepEqual(opened.diagnostics, [], "the workflow checks cleanly");
  });

  const hover = async (position: Position): Promise<{ text: string; range: Range }> => {
    const result = await workspace.client.request<Hover | null>("textDocument/hover", {
      textDocument: { uri },
      position,
    });
    assert.ok(result, `a hover at ${JSON.stringify(position)}`);
    return { text: (result.contents as MarkupContent).value, range: result.range! };
  };
  const span = (needle: string, from: number, to: number): Range => ({
    start: at(DOC, needle, from),
    end: at(DOC, needle, to),
  });

  it("names the instance, its item and its output's type on [n], in code and in ${...}, brackets included", async () => {
    // `steps.convert.outputs[1]` in a `when`: on the `1`, the `[` and the `]`.
    for (const shift of [7, 8, 9]) {
      const { text, range } = await hover(at(DOC, "outputs[1].name ==", shift));
      assert.deepEqual(range, span("outputs[1].name ==", 7, 10), `shift ${shift}`);
      assert.match(text, /\(instance output\) steps\.convert\.outputs\[1\]/);
      assert.match(text, /instance `convert\[1\]` of fan-out step `convert`/);
      assert.match(text, /item 1 of `\["eu", "us"\]` \(as `region`\), `"us"`/);
      assert.match(text, /a JSON value \(`output: json`\)/);
      assert.match(text, /`null` when that instance was skipped/);
    }
    const inString = await hover(at(DOC, "outputs[0].name}", 8));
    assert.match(inString.text, /instance `convert\[0\]`/);
    assert.match(inString.text, /`"eu"`/);
    assert.deepEqual(inString.range, span("outputs[0].name}", 7, 10));
  });

  it("says a text output is text, and an index past a written-out list has no instance", async () => {
    const plain = await hover(at(DOC, "outputs[1]}", 8));
    assert.match(plain.text, /instance `plain\[1\]`/);
    assert.match(plain.text, /item 1 of `names` \(as `n`\)/);
    assert.match(plain.text, /text: the instance's output/);
    const past = await hover(at(DOC, "outputs[5]", 8));
    assert.match(past.text, /which has 2 items: there is no instance 5/);
  });

  it("hovers a field after the instance as a field of that instance's JSON output", async () => {
    const { text, range } = await hover(at(DOC, "name ==", 1));
    assert.match(text, /\(JSON output field\) steps\.convert\.outputs\[1\]\.name/);
    assert.match(text, /A field of instance `convert\[1\]`'s JSON output/);
    assert.deepEqual(range, span("name ==", 0, 4));
    const inString = await hover(at(DOC, "name}", 1));
    assert.match(inString.text, /steps\.convert\.outputs\[0\]\.name/);
  });

  it("tells the item and the output's type where a test names the instance too", async () => {
    const text = `${DOC}test "t" {\n  workflow: w\n  expect output convert[1].name == "us"\n  expect step plain[0] == success\n}\n`;
    await workspace.withScratch(
      text,
      async (scratch) => {
        // The last occurrence of each: the one in the test.
        const shown = async (needle: string): Promise<string> =>
          workspace.hover(scratch, at(text, needle, 0, text.split(needle).length - 2));
        const convert = await shown("1].name ==");
        assert.match(convert, /\(instance\) convert\[1\]/);
        assert.match(convert, /item 1 of `\["eu", "us"\]` \(as `region`\), `"us"`/);
        assert.match(convert, /a JSON value/);
        const plain = await shown("0] ==");
        assert.match(plain, /item 0 of `names` \(as `n`\)/);
        assert.match(plain, /text: the instance's output/);
      },
      { checked: true },
    );
  });

  it("reads a call's JSON output as JSON: its workflow's last step declares it (also imported)", async () => {
    workspace.write(
      "release.momoflow",
      [
        "workflow release {",
        "  param region: string",
        "  step tag {",
        "    run: \"echo '{}'\"",
        "    output: json",
        "    rollback: none",
        "  }",
        "}",
        "",
      ].join("\n"),
    );
    const text = [
      'import "./release.momoflow"',
      "workflow ship {",
      "  step deploy {",
      '    for_each: region in ["eu", "us"]',
      "    run: workflow release(region: region)",
      "  }",
      "  step first {",
      "    needs: [deploy]",
      '    run: "echo ${steps.deploy.outputs[0].version}"',
      "    rollback: none",
      "  }",
      "}",
      'test "t" {',
      "  workflow: ship",
      '  expect output deploy[1] == { version: "1" }',
      "}",
      "",
    ].join("\n");
    await workspace.withScratch(
      text,
      async (scratch) => {
        const instance = await workspace.hover(scratch, at(text, "[0].version", 1));
        assert.match(instance, /instance `deploy\[0\]`/);
        assert.match(instance, /a JSON value/);
        assert.doesNotMatch(instance, /text: the instance's output/);
        const field = await workspace.hover(scratch, at(text, "version}", 1));
        assert.match(field, /A field of instance `deploy\[0\]`'s JSON output/);
        assert.doesNotMatch(field, /does not declare/);
        const inTest = await workspace.hover(scratch, at(text, "1] ==", 0));
        assert.match(inTest, /\(instance\) deploy\[1\]/);
        assert.match(inTest, /a JSON value/);
      },
      { checked: true },
    );
  });

  it("keeps the hover of outputs itself", async () => {
    const { text } = await hover(at(DOC, "outputs[1].name", 2));
    assert.match(text, /\(fan-out outputs\) steps\.convert\.outputs/);
  });
});
