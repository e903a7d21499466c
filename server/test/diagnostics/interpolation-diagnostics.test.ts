import assert from "node:assert/strict";
import type { Diagnostic, TextEdit } from "vscode-languageserver-protocol";
import { at } from "../support/text-position";
import { useWorkspaceSession } from "../support/workspace-session";

/** A workflow with params `target`, `names` and a var, whose step `b` runs `echo <run>`. */
const workflow = (run: string): string =>
  [
    "workflow w {",
    '  param target: string = "x"',
    '  param names: list = ["a"]',
    '  var out = "o${target}${names}"',
    '  step a { run: "echo ${out}" }',
    "  step b {",
    "    needs: a",
    `    run: "echo ${run}"`,
    "  }",
    "}",
    "",
  ].join("\n");

describe("language server: an unfinished interpolation says what it lacks, and completes there (real LSP over stdio)", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-interpolation-" });

  it("marks exactly what lacks something, with the message the CLI prints", async () => {
    const text = workflow("${} ${steps.} ${params.} ${target.} ${json()}");
    const { uri, diagnostics } = await workspace.openChecked("marked.momoflow", text);
    try {
      const shown = diagnostics.map((d: Diagnostic) => ({
        code: d.code,
        message: d.message,
        range: d.range,
      }));
      const range = (needle: string, from: number, to: number) => ({
        start: at(text, needle, from),
        end: at(text, needle, to),
      });
      assert.deepEqual(shown, [
        {
          code: "MF001",
          message:
            "empty `${}`: write what to insert inside, such as a param `${target}` or a step's output `${steps.build.output}`",
          range: range("${}", 0, 3),
        },
        {
          code: "MF001",
          message: "`steps.` needs a step's id after the dot: `${steps.build.output}`",
          range: range("${steps.}", 2, 8),
        },
        {
          code: "MF001",
          message:
            "`params.` needs a name after the dot, but a param is written by its name alone: `${target}`, not `${params.target}`",
          range: range("${params.}", 2, 9),
        },
        {
          code: "MF001",
          message: "`target.` needs a field name after the dot",
          range: range("${target.}", 2, 9),
        },
        {
          code: "MF001",
          message: "`json()` needs a reference inside its parentheses, such as `${json(names)}`",
          range: range("${json()}", 2, 8),
        },
      ]);
    } finally {
      await workspace.client.closeDocument(uri);
    }
  });

  /** The items at `shift` characters into `needle` of `text`, opened as a scratch document. */
  const complete = (text: string, needle: string, shift: number) =>
    workspace.withScratch(text, (scratch) =>
      workspace.completion(scratch, at(text, needle, shift)),
    );

  it("lists the params after `${params.`, each replacing `params.` with its name", async () => {
    const text = workflow("${params.}");
    const items = await complete(text, "${params.}", "${params.".length);
    assert.deepEqual(
      items.map((i) => i.label),
      ["target", "names"],
    );
    const target = items[0]!;
    assert.equal((target.textEdit as TextEdit).newText, "target");
    assert.deepEqual((target.textEdit as TextEdit).range, {
      start: at(text, "params.}"),
      end: at(text, "params.}", "params.".length),
    });
    // The client filters on what the range holds: `params.ta`.
    assert.equal(target.filterText, "params.target");
    const typed = workflow("${params.ta}");
    const again = await complete(typed, "${params.ta}", "${params.ta".length);
    assert.deepEqual((again[0]!.textEdit as TextEdit).range, {
      start: at(typed, "params.ta}"),
      end: at(typed, "params.ta}", "params.ta".length),
    });
  });

  it("still completes inside `${}`, after `${steps.` and after `${steps.a.`", async () => {
    const empty = workflow("${}");
    const inside = (await complete(empty, "${}", 2)).map((i) => i.label);
    for (const name of ["target", "names", "out", "steps"])
      assert.ok(inside.includes(name), `${name} in ${inside.join(", ")}`);
    const steps = workflow("${steps.}");
    assert.deepEqual(
      (await complete(steps, "${steps.}", "${steps.".length)).map((i) => i.label),
      ["a"],
    );
    const field = workflow("${steps.a.}");
    assert.deepEqual(
      (await complete(field, "${steps.a.}", "${steps.a.".length)).map((i) => i.label),
      ["output"],
    );
  });
});
