import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { OffsetName } from "../../src/language/offset-name";
import {
  OffsetArgument,
  OffsetCall,
  OffsetInterpolation,
  OffsetReference,
  OffsetStringLiteral,
} from "../../src/language/offset-nodes";
import { OffsetRange } from "../../src/language/offset-range";
import { parseDocument } from "../../src/language/parse";
import { LanguageWorkspace } from "../../src/language/workspace";
import { momoflowFiles } from "../support/momoflow-files";

const ROOT = resolve(__dirname, "../../..");

/** Every `.momoflow` file of the repository (outside node_modules and build output). */
function repositoryFiles(): string[] {
  return readdirSync(ROOT, { withFileTypes: true })
    .filter(
      (entry) => entry.isDirectory() && !["node_modules", "dist", ".git"].includes(entry.name),
    )
    .flatMap((entry) => momoflowFiles(join(ROOT, entry.name)))
    .sort();
}

/** What a parse gives, as JSON: offset ranges are written as plain ones. */
function parsed(text: string, offsetRanges: boolean): string {
  return JSON.stringify(parseDocument(text, "/doc.momoflow", { offsetRanges }));
}

/** Texts a parser recovers from: the file cut short, and with a line dropped. */
function brokenVariants(text: string): string[] {
  const variants: string[] = [];
  for (let i = 1; i < 8; i++) variants.push(text.slice(0, Math.floor((text.length * i) / 8)));
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i += Math.max(1, Math.floor(lines.length / 6)))
    variants.push([...lines.slice(0, i), ...lines.slice(i + 1)].join("\n"));
  return variants;
}

/** Hand-made texts for what the repository's files may lack. */
const EDGE_CASES = [
  "",
  "workflow",
  'workflow w {\r\n  step a {\r\n    run: log(message: "x ${steps.b.output}")\r\n  }\r\n}\r\n',
  'workflow w {\n  step a {\n    run: shell("""\n      echo ${x}\n      done\n    """)\n  }\n}\n',
  'workflow w {\n  step a {\n    run: log(message: "unterminated\n  }\n}\n',
  'workflow w {\n  step a {\n    run: shell("""\n      never closed\n',
  "workflow w {\n  /* open comment\n  step a { }\n",
  "workflow w { step a { needs: [b, c.d, 3] timeout: 10 s when: a == b && !c } step b { } }",
  'workflow w {\n  step a {\n    run: log(message: "${steps.x[0].y} ${ } ${a.} ${basename(f)}")\n  }\n}\n',
  "import\ncommand c(\nworkflow w { param p: int = \nvar v =\nstep\n",
  'test "t" {\n  run: w\n  expect step a == "done"\n  expect output a.b[0] contains "x"\n  expect file "f" exists\n}\n',
];

describe("offset ranges", () => {
  const files = repositoryFiles();

  it("finds the repository's .momoflow files", () => {
    assert.ok(files.length >= 40, `only ${files.length} files found under ${ROOT}`);
  });

  it("are what a parse with offset ranges makes", () => {
    const { file } = parseDocument("workflow w {\n  step a { needs: b }\n}\n", "/doc.momoflow", {
      offsetRanges: true,
    });
    const workflow = file.workflows[0]!;
    assert.ok(workflow.range instanceof OffsetRange);
    assert.ok(workflow.steps[0]!.name.range instanceof OffsetRange);
    assert.deepEqual(workflow.steps[0]!.name.range.start, { line: 1, character: 7 });
    assert.deepEqual(workflow.steps[0]!.name.range.end, { line: 1, character: 8 });
  });

  it("keep the offsets of names, references, calls, arguments, strings and interpolations in the node: no range object until one is read", () => {
    const { file } = parseDocument(
      'workflow w {\n  step a { needs: b\n run: log(message: "${steps.b.output}") }\n}\n',
      "/doc.momoflow",
      { offsetRanges: true },
    );
    const step = file.workflows[0]!.steps[0]!;
    const needs = step.properties[0]!.value;
    const run = step.properties[1]!.value;
    assert.ok(needs?.kind === "ref" && run?.kind === "call");
    const message = run.args[0]!.value;
    assert.ok(message?.kind === "string" && message.parts[0]!.kind === "interpolation");
    for (const name of [step.name, needs.segments[0]!, message.parts[0]!.ref!.segments[1]!]) {
      assert.ok(name instanceof OffsetName, name.text);
      assert.ok(!Object.hasOwn(name, "range"), name.text);
    }
    // And the nodes of every step's `run`: the call, its argument, the string.
    assert.ok(run instanceof OffsetCall && run.args[0] instanceof OffsetArgument);
    assert.ok(message instanceof OffsetStringLiteral);
    const interpolation = message.parts[0]!;
    assert.ok(needs instanceof OffsetReference && interpolation instanceof OffsetInterpolation);
    assert.ok(interpolation.ref instanceof OffsetReference);
    for (const node of [run, run.args[0]!, message, needs, interpolation, interpolation.ref])
      assert.ok(!Object.hasOwn(node, "range"));
    assert.deepEqual(interpolation.ref.range.end, { line: 2, character: 36 });
    assert.deepEqual(run.argsRange.start, { line: 2, character: 9 });
    assert.deepEqual(JSON.parse(JSON.stringify(needs.segments[0])), {
      text: "b",
      range: { start: { line: 1, character: 18 }, end: { line: 1, character: 19 } },
    });
  });

  describe("give the tree and diagnostics of plain ranges", () => {
    for (const path of files) {
      it(relative(ROOT, path), () => {
        const text = readFileSync(path, "utf8");
        for (const variant of [text, ...brokenVariants(text)])
          assert.equal(parsed(variant, true), parsed(variant, false), variant);
      });
    }

    it("on texts made to be broken", () => {
      for (const text of EDGE_CASES) assert.equal(parsed(text, true), parsed(text, false), text);
    });
  });

  it("are parsed afresh after an edit, never shifted by an incremental re-parse", () => {
    const path = resolve("/virtual/edited.momoflow");
    const before =
      'workflow w {\n  step a {\n    run: log(message: "x")\n  }\n  step b {\n    needs: c\n  }\n}\n';
    // A line more inside step a: what follows it moves down a line.
    const after = before.replace('log(message: "x")', 'log(message: "x")\n    timeout: 5s');
    const workspace = new LanguageWorkspace({
      host: { readFile: () => undefined },
      offsetRanges: true,
    });
    workspace.setText(path, before);
    workspace.check(path);
    workspace.setText(path, after);
    const edited = workspace.check(path);
    const fresh = new LanguageWorkspace({ host: { readFile: () => undefined } });
    fresh.setText(path, after);
    assert.equal(JSON.stringify(edited.diagnostics), JSON.stringify(fresh.check(path).diagnostics));
    assert.equal(
      JSON.stringify(workspace.parse(path)!.file),
      JSON.stringify(fresh.parse(path)!.file),
    );
  });

  it("give a check the same diagnostics", () => {
    for (const quickFixData of [true, false]) {
      const plain = new LanguageWorkspace({ quickFixData });
      const offsets = new LanguageWorkspace({ quickFixData, offsetRanges: true });
      for (const path of files) {
        const expected = JSON.stringify(plain.check(path).diagnostics);
        assert.equal(JSON.stringify(offsets.check(path).diagnostics), expected, path);
      }
    }
  });
});
