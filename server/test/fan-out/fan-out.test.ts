import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import type {
  CodeAction,
  CompletionItem,
  Location,
  Position,
  SemanticTokens,
  SemanticTokensLegend,
  TextEdit,
  WorkspaceEdit,
} from "vscode-languageserver-protocol";
import { at } from "../support/text-position";
import { useWorkspaceSession } from "../support/workspace-session";
import { tokenStartingAt } from "../support/semantic-token-decoding";

const CLI = resolve(__dirname, "../../../dist/cli.js");

const DOC = [
  "workflow pipeline {",
  "  concurrency: 4",
  "  step convert {",
  '    for_each: file in glob("data/*.csv")',
  "    max_parallel: 4",
  '    run: "python convert.py ${file} > out/${basename(file)}.json"',
  '    rollback: delete_path(path: "out/${stem(file)}.json")',
  "  }",
  "  step report {",
  "    needs: [convert]",
  '    run: "echo ${steps.convert.outputs}"',
  "  }",
  "}",
  "",
].join("\n");

describe("language server: fan-out steps (for_each, max_parallel, path functions) over stdio", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-fanout-" });
  let uri: string;
  let legend: SemanticTokensLegend;

  before(async () => {
    legend = workspace.init.capabilities.semanticTokensProvider!.legend;
    const pipeline = await workspace.openChecked("pipeline.momoflow", DOC);
    uri = pipeline.uri;
    assert.deepEqual(pipeline.diagnostics, [], "the fan-out checks cleanly");
  });

  const hover = (position: Position): Promise<string> => workspace.hover(uri, position);

  it("hovers for_each and max_parallel with their meaning", async () => {
    assert.match(await hover(at(DOC, "for_each", 2)), /runs once per item/);
    assert.match(await hover(at(DOC, "max_parallel", 2)), /How many instances/);
  });

  it("hovers the item, at its declaration and where it is read, with what it comes from", async () => {
    const declared = await hover(at(DOC, "file in", 1));
    assert.match(declared, /\(item\) file/);
    assert.match(declared, /of `glob\("data\/\*\.csv"\)`/);
    assert.match(declared, /step `convert`/);
    assert.equal(await hover(at(DOC, "${file}", 3)), declared);
  });

  it("hovers the path functions and steps.<id>.outputs", async () => {
    assert.match(await hover(at(DOC, "basename(", 2)), /\(path function\) basename[\s\S]*"a\.csv"/);
    assert.match(await hover(at(DOC, "stem(", 1)), /without its extension/);
    assert.match(
      await hover(at(DOC, "outputs}", 2)),
      /steps\.convert\.outputs[\s\S]*list of the outputs/,
    );
  });

  const complete = (text: string, position: Position): Promise<CompletionItem[]> =>
    workspace.withScratch(text, (scratch) => workspace.completion(scratch, position), {
      checked: true,
    });

  it("completes the item and the path functions inside ${ of the step, and not in another step", async () => {
    const text = DOC.replace("convert.py ${file}", "convert.py ${fi}");
    const items = await complete(text, at(text, "${fi}", 4));
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes("file"), `file in ${labels.join(", ")}`);
    for (const fn of ["basename", "stem", "dirname"])
      assert.ok(labels.includes(fn), `${fn} offered`);
    const other = DOC.replace("${steps.convert.outputs}", "${fi}");
    const elsewhere = (await complete(other, at(other, "${fi}", 4))).map((i) => i.label);
    assert.ok(!elsewhere.includes("file"), "the item is not in scope in another step");
  });

  it("checks, hovers and completes the item in workdir, env and outputs, and not in a setting read once for the step", async () => {
    const text = [
      "workflow sites {",
      '  param names: list = ["blog", "shop"]',
      "  step build {",
      "    for_each: site in names",
      "    workdir: site",
      "    env: { SITE: site }",
      '    outputs: "out/${site}.html"',
      "    timeout: 5s",
      '    run: "make"',
      "    rollback: none",
      "  }",
      "}",
      "",
    ].join("\n");
    const { uri: scratch, diagnostics } = await workspace.openChecked(
      "item-settings.momoflow",
      text,
    );
    try {
      assert.deepEqual(diagnostics, []);
      const inWorkdir = await workspace.hover(scratch, at(text, "site", 0, 1));
      assert.match(inWorkdir, /\(item\) site/);
      assert.match(inWorkdir, /`workdir`/);
      assert.equal(await workspace.hover(scratch, at(text, "site }")), inWorkdir);
      assert.equal(await workspace.hover(scratch, at(text, "site}.html")), inWorkdir);
      const labels = async (replaced: string, by: string, after: string): Promise<string[]> => {
        const typed = text.replace(replaced, by);
        return (await complete(typed, at(typed, after, after.length))).map((i) => i.label);
      };
      assert.ok((await labels("workdir: site", "workdir: ", "workdir: ")).includes("site"));
      assert.ok((await labels("{ SITE: site }", "{ SITE:  }", "SITE: ")).includes("site"));
      const inTimeout = await labels("timeout: 5s", "timeout: ", "timeout: ");
      assert.ok(!inTimeout.includes("site"), `no item in timeout: ${inTimeout.join(", ")}`);
    } finally {
      await workspace.client.closeDocument(scratch);
    }
  });

  it("hovers `[1]` after a fan-out step in a test as its instance, not as a field of a JSON output", async () => {
    const text = `${DOC}test "t" {\n  workflow: pipeline\n  expect output convert[1] contains "b"\n  expect step convert[0] == success\n}\n`;
    await workspace.withScratch(
      text,
      async (scratch) => {
        for (const needle of ["1] contains", "0] =="]) {
          const shown = await workspace.hover(scratch, at(text, needle));
          assert.match(shown, /\(instance\) convert\[[01]\]/, needle);
          assert.match(shown, /instance [01] of fan-out step `convert`/, needle);
          assert.doesNotMatch(shown, /JSON output/, needle);
        }
      },
      { checked: true },
    );
  });

  it("completes glob, list params and JSON steps' outputs after `for_each: x in `", async () => {
    const text = DOC.replace(
      "workflow pipeline {",
      'workflow pipeline {\n  param names: list = []\n  param who: string = "x"\n  step stats {\n    output: json\n    run: "echo []"\n  }',
    ).replace('for_each: file in glob("data/*.csv")', "for_each: file in ");
    const items = await complete(text, at(text, "file in ", 8));
    const labels = items.map((i) => i.label);
    assert.deepEqual(labels.sort(), ['glob("…")', "names", "steps.stats.output"]);
  });

  it("completes the output of a step that calls a workflow whose output is JSON after `for_each: x in `", async () => {
    const text = DOC.replace(
      "workflow pipeline {",
      'workflow lister {\n  step list {\n    output: json\n    run: "echo []"\n  }\n}\nworkflow greet {\n  step hi {\n    run: "echo hi"\n  }\n}\nworkflow pipeline {\n  step listed {\n    run: workflow lister()\n  }\n  step greeted {\n    run: workflow greet()\n  }',
    ).replace('for_each: file in glob("data/*.csv")', "for_each: file in ");
    const labels = (await complete(text, at(text, "file in ", 8))).map((i) => i.label);
    assert.ok(labels.includes("steps.listed.output"), labels.join(", "));
    assert.ok(!labels.includes("steps.greeted.output"), labels.join(", "));
  });

  it("completes a list var and another fan-out step's `outputs` (it has no single output) after `for_each: x in `", async () => {
    const text = DOC.replace(
      "workflow pipeline {",
      'workflow pipeline {\n  var regions = ["eu", "us"]\n  var label = "x"',
    ).replace(
      '    run: "echo ${steps.convert.outputs}"',
      '    for_each: out in \n    run: "echo ${out}"\n    rollback: none',
    );
    const items = await complete(text, at(text, "out in ", 7));
    const labels = items.map((i) => i.label);
    assert.deepEqual(labels.sort(), ['glob("…")', "regions", "steps.convert.outputs"]);
    // What each inserts checks clean.
    for (const label of ["regions", "steps.convert.outputs"]) {
      const chosen = text.replace("for_each: out in ", `for_each: out in ${label}`);
      const checked = await workspace.openChecked(`chosen-${label}.momoflow`, chosen);
      assert.deepEqual(
        checked.diagnostics.filter((d) => d.severity === 1),
        [],
        `${label}: ${JSON.stringify(checked.diagnostics)}`,
      );
      await workspace.client.closeDocument(checked.uri);
    }
  });

  it("references and renames the item in its step only", async () => {
    const refs = await workspace.client.request<Location[]>("textDocument/references", {
      textDocument: { uri },
      position: at(DOC, "${file}", 2),
      context: { includeDeclaration: true },
    });
    assert.deepEqual(
      refs.map((r) => r.range.start),
      [at(DOC, "file in"), at(DOC, "file}"), at(DOC, "file)}"), at(DOC, "file)}", 0, 1)],
    );
    const edit = await workspace.client.request<WorkspaceEdit>("textDocument/rename", {
      textDocument: { uri },
      position: at(DOC, "file in"),
      newName: "csv",
    });
    assert.equal(edit.changes?.[uri]?.length, 4);
    assert.ok(edit.changes![uri]!.every((e) => e.newText === "csv"));
  });

  it("tokenizes the item's declaration, the word in and the path functions", async () => {
    const tokens = await workspace.client.request<SemanticTokens>(
      "textDocument/semanticTokens/full",
      {
        textDocument: { uri },
      },
    );
    const tokenAt = tokenStartingAt(tokens, legend);
    assert.deepEqual(tokenAt(at(DOC, "file in")), ["variable", ["declaration"]]);
    assert.deepEqual(tokenAt(at(DOC, "in glob")), ["keyword", []]);
    assert.deepEqual(tokenAt(at(DOC, "basename(")), ["function", ["defaultLibrary"]]);
    assert.deepEqual(tokenAt(at(DOC, "file}")), ["variable", []]);
  });

  it("offers outputs for steps.<fan-out>.output (MF021) as a quick fix", async () => {
    const text = DOC.replace("steps.convert.outputs", "steps.convert.output");
    const { uri: typo, diagnostics } = await workspace.openChecked("typo.momoflow", text);
    const mf021 = diagnostics.find((d) => d.code === "MF021");
    assert.ok(mf021, `MF021 in ${JSON.stringify(diagnostics)}`);
    const actions = await workspace.client.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri: typo },
      range: mf021.range,
      context: { diagnostics: [mf021] },
    });
    const fix = actions.find((a) => a.title === "Change to `outputs`");
    assert.ok(fix, `a fix in ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.deepEqual(fix.edit?.changes?.[typo], [{ range: mf021.range, newText: "outputs" }]);
    await workspace.client.closeDocument(typo);
  });

  describe("a fan-out step's own rollback reads the output of the instance it undoes", () => {
    /** `convert`'s rollback removes the file its instance made and printed. */
    const OWN = DOC.replace(
      'rollback: delete_path(path: "out/${stem(file)}.json")',
      'rollback: "rm ${steps.convert.output}"',
    );

    it("checks cleanly, and MF021 on its own outputs there offers output as a quick fix", async () => {
      const own = await workspace.openChecked("own.momoflow", OWN);
      assert.deepEqual(own.diagnostics, []);
      await workspace.client.closeDocument(own.uri);
      const text = OWN.replace("rm ${steps.convert.output}", "rm ${steps.convert.outputs}");
      const { uri: all, diagnostics } = await workspace.openChecked("all.momoflow", text);
      const mf021 = diagnostics.find((d) => d.code === "MF021");
      assert.ok(mf021, `MF021 in ${JSON.stringify(diagnostics)}`);
      assert.match(String(mf021.message), /undoes one instance at a time/);
      const actions = await workspace.client.request<CodeAction[]>("textDocument/codeAction", {
        textDocument: { uri: all },
        range: mf021.range,
        context: { diagnostics: [mf021] },
      });
      const fix = actions.find((a) => a.title === "Change to `output`");
      assert.ok(fix, `a fix in ${JSON.stringify(actions.map((a) => a.title))}`);
      await workspace.client.closeDocument(all);
    });

    it("completes output after steps.<self>. in its rollback, and outputs after steps.<fan-out>. elsewhere", async () => {
      const own = OWN.replace("${steps.convert.output}", "${steps.convert.}");
      const inRollback = await complete(own, at(own, "convert.}", 8));
      assert.deepEqual(
        inRollback.map((i) => i.label),
        ["output"],
      );
      const other = DOC.replace("${steps.convert.outputs}", "${steps.convert.}");
      const elsewhere = await complete(other, at(other, "convert.}", 8));
      assert.deepEqual(
        elsewhere.map((i) => i.label),
        ["outputs"],
      );
    });

    it("completes the step's id after steps. as the value it has there", async () => {
      const own = OWN.replace("${steps.convert.output}", "${steps.");
      const inRollback = await complete(own, at(own, "${steps.", 8));
      const self = inRollback.find((i) => i.label === "convert");
      assert.equal((self?.textEdit as TextEdit | undefined)?.newText, "convert.output");
      const other = DOC.replace("${steps.convert.outputs}", "${steps.");
      const elsewhere = await complete(other, at(other, "${steps.", 8));
      const gathered = elsewhere.find((i) => i.label === "convert");
      assert.equal((gathered?.textEdit as TextEdit | undefined)?.newText, "convert.outputs");
    });

    it("completes the fields of an instance's JSON output from the last run there", async () => {
      const text = [
        "workflow made {",
        "  step make {",
        '    for_each: name in ["a", "b"]',
        `    run: "printf '{\\"path\\": \\"%s.txt\\", \\"size\\": 1}' \${name}"`,
        "    output: json",
        "    rollback: delete_path(path: steps.make.output.path)",
        "  }",
        "}",
        "",
      ].join("\n");
      const path = workspace.write("made.momoflow", text);
      execFileSync(process.execPath, [CLI, "run", path, "--workdir", workspace.dir]);
      const typed = text.replace("steps.make.output.path", "steps.make.output.");
      const uri = await workspace.open("made.momoflow", typed);
      const items = await workspace.completion(uri, at(typed, "output.)", 7));
      assert.deepEqual(items.map((i) => i.label).sort(), ["path", "size"]);
      const made = items.find((i) => i.label === "path");
      assert.equal(made?.detail, 'string: "a.txt"');
      assert.match(
        String((made?.documentation as { value?: string })?.value),
        /^`steps\.make\.output\.path` in /,
      );
      await workspace.client.closeDocument(uri);
    });

    it("hovers it as the output of the instance being undone, and tokenizes it as any step output", async () => {
      const uri = (await workspace.openChecked("hover-own.momoflow", OWN)).uri;
      assert.match(
        await workspace.hover(uri, at(OWN, "output}", 2)),
        /steps\.convert\.output[\s\S]*output of the instance being undone/,
      );
      const tokens = await workspace.client.request<SemanticTokens>(
        "textDocument/semanticTokens/full",
        { textDocument: { uri } },
      );
      assert.deepEqual(tokenStartingAt(tokens, legend)(at(OWN, "output}")), [
        "property",
        ["readonly", "defaultLibrary"],
      ]);
      await workspace.client.closeDocument(uri);
    });
  });
});
