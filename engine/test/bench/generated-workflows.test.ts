import "../language/esm-only-dependencies";
import assert from "node:assert/strict";
import { createCommandRegistry } from "../../src/commands/registry";
import {
  editAt,
  generateWorkflows,
  type GeneratedWorkflows,
  type GeneratedWorkflowsOptions,
} from "../../src/bench/generated-workflows";
import type { Diagnostic } from "../../src/language/diagnostic";
import { parseDocument } from "../../src/language/parse";
import { LanguageWorkspace } from "../../src/language/workspace";

/** The full and quick profiles' document. */
const FULL: GeneratedWorkflowsOptions = { workflows: 5, stepsPerWorkflow: 200, tests: 6 };
/** The tiny profile's document. */
const TINY: GeneratedWorkflowsOptions = { workflows: 2, stepsPerWorkflow: 14, tests: 2 };

function workspaceOf(generated: GeneratedWorkflows): LanguageWorkspace {
  return new LanguageWorkspace({
    host: { readFile: (path) => generated.files.get(path) },
    registry: createCommandRegistry(),
  });
}

/** Diagnostics as readable lines, so a failure shows what is wrong and where. */
function readable(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.code} ${d.range.start.line + 1}: ${d.message}`);
}

describe("generated workflows (language benchmark)", () => {
  let full: GeneratedWorkflows;

  before(() => {
    full = generateWorkflows(FULL);
  });

  it("makes about 10,000 lines and 1,000 steps for the full profile", () => {
    assert.ok(full.stats.lines >= 9_500 && full.stats.lines <= 10_500, `${full.stats.lines} lines`);
    assert.equal(full.stats.steps, 1_000);
    assert.equal(full.stats.workflows, 5);
    assert.equal(full.stats.tests, 6);
    assert.equal(full.stats.bytes, Buffer.byteLength(full.main, "utf8"));
    assert.equal(full.main.split("\n").length, full.stats.lines);
    assert.equal((full.main.match(/^ {2}step /gm) ?? []).length, 1_000);
  });

  it("uses every construct the benchmark is meant to exercise", () => {
    for (const construct of [
      'import "./common.momoflow"',
      "/// ",
      "/* ",
      "command build_module(name: string, out_dir: path, level: int = 1",
      "param retries: int = 1",
      'var logs = "${out}/logs"',
      'run: """',
      "needs: [",
      "when: enabled",
      'when: target != "production"',
      "rollback: ",
      "run: stamp(file: ",
      "run: create_file(path: ",
      ".output}",
      'test "',
      "expect step ",
    ]) {
      assert.ok(full.main.includes(construct), construct);
    }
  });

  it("parses without a syntax error and checks clean, the import resolved", () => {
    const parsed = parseDocument(full.main, full.mainPath);
    assert.deepEqual(readable(parsed.diagnostics), []);
    const workspace = workspaceOf(full);
    const result = workspace.check(full.mainPath);
    assert.deepEqual(readable(result.diagnostics), []);
    assert.deepEqual(result.scope.imports, [full.importedPath]);
    const stamp = result.scope.commands.get("stamp");
    assert.equal(stamp?.kind === "declared" ? stamp.path : undefined, full.importedPath);
    assert.equal(result.scope.workflows.size, 5);
    assert.deepEqual(readable(workspace.check(full.importedPath).diagnostics), []);
  });

  it("checks clean at the tiny profile's size too", () => {
    const tiny = generateWorkflows(TINY);
    assert.ok(tiny.stats.lines < 500, `${tiny.stats.lines} lines`);
    assert.deepEqual(readable(workspaceOf(tiny).check(tiny.mainPath).diagnostics), []);
  });

  it("offers a one-letter edit, in a description half-way through, that keeps the file clean", () => {
    const offset = full.editOffset;
    assert.match(full.main[offset]!, /[a-z]/);
    assert.ok(offset > full.main.length / 3 && offset < (full.main.length * 2) / 3, `${offset}`);
    const line = full.main.slice(full.main.lastIndexOf("\n", offset) + 1, offset);
    assert.match(line, /^ {4}description: "/);
    const edited = editAt(full.main, offset, "x");
    assert.equal(edited.length, full.main.length);
    assert.equal(
      [...edited].filter((c, i) => c !== full.main[i]).length,
      1,
      "exactly one character differs",
    );
    const workspace = workspaceOf(full);
    workspace.setText(full.mainPath, edited);
    assert.deepEqual(readable(workspace.check(full.mainPath).diagnostics), []);
  });

  it("is deterministic", () => {
    assert.equal(generateWorkflows(FULL).main, full.main);
  });

  it("refuses too few steps per workflow, or no workflow", () => {
    assert.throws(() => generateWorkflows({ ...TINY, stepsPerWorkflow: 13 }), RangeError);
    assert.throws(() => generateWorkflows({ ...TINY, workflows: 0 }), RangeError);
  });
});
