import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { parseDocument } from "../../src/language/parse";

/**
 * A valid file of `workflows` workflows with `steps` steps each, about ten
 * lines per step, using every kind of value.
 */
function generatedFile(workflows: number, steps: number): string {
  const lines = [
    'import "./common.momoflow"',
    "",
    "/// Greets.",
    "command greet(name: string, loud: bool = false) {",
  ];
  lines.push('  run: "echo ${name}"', "}", "");
  for (let w = 0; w < workflows; w++) {
    lines.push(
      `/// Workflow ${w}.`,
      `workflow flow_${w} {`,
      '  description: "generated"',
      "  concurrency: 4",
    );
    lines.push(
      '  param target: string = "staging"',
      "  param retries: int = 2",
      '  var out = "build/${target}"',
      "",
    );
    for (let s = 0; s < steps; s++) {
      lines.push(
        `  /// Step ${s}.`,
        `  step s_${s} {`,
        `    description: "step ${s} of flow ${w}"`,
      );
      if (s > 0) lines.push(`    needs: [s_${s - 1}]`);
      if (s % 3 === 0) {
        lines.push(
          '    run: """',
          "      mkdir -p ${out}",
          `      echo "${s}" > \${out}/f_${s}.txt`,
          '    """',
        );
      } else if (s % 3 === 1) {
        lines.push(`    run: copy_file(source: "\${out}/a_${s}", destination: "\${out}/b_${s}")`);
      } else {
        lines.push("    run: greet(name: target, loud: true)", '    when: target == "production"');
      }
      lines.push("    timeout: 5m", "    retries: retries", "  }", "");
    }
    lines.push("}", "");
  }
  lines.push(
    'test "t" {',
    "  workflow: flow_0",
    '  params: { target: "test" }',
    "  expect status == success",
    "}",
  );
  return lines.join("\n");
}

/** Milliseconds of each of `runs` parses of `text`, sorted, after a warm-up. */

// Speed is measured by `momoflow bench` (category "language"), never asserted here:
// timings on a shared machine would make these tests flaky.
describe("parser on a large file", () => {
  it("parses a generated 10,000-line file completely, with no syntax error", function () {
    this.timeout(60_000);
    const text = generatedFile(10, 100);
    assert.ok(text.split("\n").length >= 10_000);
    const { file, diagnostics } = parseDocument(text, "/bench.momoflow");
    assert.deepEqual(diagnostics, []);
    assert.equal(
      file.workflows.reduce((sum, workflow) => sum + workflow.steps.length, 0),
      1000,
    );
  });
});
