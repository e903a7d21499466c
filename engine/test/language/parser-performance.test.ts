import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
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
function timings(text: string, runs: number): number[] {
  for (let i = 0; i < 3; i++) parseDocument(text, "/bench.momoflow");
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    parseDocument(text, "/bench.momoflow");
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

describe("parser performance", () => {
  it("parses a 10,000-line file quickly and completely", function () {
    this.timeout(60_000);
    const text = generatedFile(10, 100);
    assert.ok(text.split("\n").length >= 10_000);
    const { file, diagnostics } = parseDocument(text, "/bench.momoflow");
    assert.deepEqual(diagnostics, []);
    assert.equal(
      file.workflows.reduce((sum, workflow) => sum + workflow.steps.length, 0),
      1000,
    );
    const times = timings(text, 9);
    const median = times[4]!;
    // Under tsx (no bundling, names kept) this runs several times slower
    // than the shipped bundle; the bound only catches a pathological slowdown.
    assert.ok(median < 400, `median parse of 10,000 lines: ${median.toFixed(1)} ms`);
  });

  it("grows linearly with the size of the file", function () {
    this.timeout(60_000);
    const small = timings(generatedFile(5, 50), 7)[0]!;
    const large = timings(generatedFile(20, 100), 7)[0]!;
    // 8× the lines; linear would be 8×, quadratic 64×.
    assert.ok(large / small < 20, `8× larger took ${(large / small).toFixed(1)}× longer`);
  });
});
