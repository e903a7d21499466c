import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  formatLspReport,
  positionAt,
  prepareDocuments,
  runLspBenchmark,
  twinOffset,
  writeLspReport,
  type LspBenchPlan,
  type LspBenchReport,
} from "../bench/lsp-bench";
import { momoflowToYaml } from "../bench/yaml-workflow";

/** A few hundred lines, two rounds: the machinery, not the figures. */
const TINY: LspBenchPlan = {
  workflows: 1,
  stepsPerWorkflow: 30,
  tests: 1,
  warmup: 1,
  openRounds: 2,
  changeRounds: 2,
  requestRounds: 2,
};

const finite = (value: unknown, what: string): void =>
  assert.ok(typeof value === "number" && Number.isFinite(value), `${what} is ${String(value)}`);

describe("LSP benchmark (machinery only; timings are never asserted)", function () {
  this.timeout(60_000);

  it("measures the built momoflow server on a tiny document and writes a well-formed report", async () => {
    const lines: string[] = [];
    const report = await runLspBenchmark({
      plan: TINY,
      servers: ["momoflow"],
      progress: (line) => lines.push(line),
    });
    assert.equal(report.kind, "lsp");
    assert.equal(report.v, 1);
    assert.ok(report.documents.momoflow!.lines > 200 && report.documents.momoflow!.lines < 1000);
    assert.equal(report.servers.length, 1);
    const server = report.servers[0]!;
    assert.equal(server.id, "momoflow");
    assert.equal(server.name, "momoflow");
    for (const figure of [server.open, server.change]) {
      assert.equal(figure.samplesMs.length, 2);
      assert.equal(figure.diagnostics, 0, "the generated document checks clean");
      assert.equal(figure.fixedDelayMs, 0);
      for (const key of ["median", "p95", "mean", "min", "max"] as const)
        finite(figure.ms?.[key], `ms.${key}`);
      assert.equal(figure.ms?.n, 2);
      finite(figure.cpuMsPerOp, "cpuMsPerOp");
    }
    for (const feature of [server.completion, server.hover]) {
      if (!feature.supported) continue;
      finite(feature.ms?.p95, "p95");
      for (const p of feature.probes) assert.equal(p.ms.n, 2);
    }
    finite(server.startupMs, "startupMs");
    finite(server.firstOpenMs, "firstOpenMs");
    for (const value of Object.values(server.memory)) assert.ok(value > 1024 * 1024);
    assert.ok(server.memory.peakRssBytes >= server.memory.rssBytes);
    assert.deepEqual(
      report.goals.map((g) => g.id),
      ["open", "change", "completion", "hover", "memory"],
    );
    for (const goal of report.goals) {
      if (goal.value !== undefined) finite(goal.value, goal.id);
      assert.equal(typeof goal.met, "boolean");
    }
    assert.deepEqual(report.comparisons, [], "no yaml server, no ratios");
    assert.ok(lines.some((l) => l.includes("momoflow: open")));

    const table = formatLspReport(report).join("\n");
    assert.match(table, /didOpen → diagnostics/);
    assert.match(table, /memory: peak while editing/);

    const dir = mkdtempSync(join(tmpdir(), "momoflow-lsp-report-"));
    try {
      writeLspReport(report, join(dir, "lsp-latest.json"));
      const read = JSON.parse(readFileSync(join(dir, "lsp-latest.json"), "utf8")) as LspBenchReport;
      assert.deepEqual(read.servers[0]!.open.samplesMs, server.open.samplesMs);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("makes a YAML twin with the same steps, needs and edit position", () => {
    const dir = mkdtempSync(join(tmpdir(), "momoflow-lsp-docs-"));
    try {
      const docs = prepareDocuments(TINY, dir);
      const momoflow = docs.momoflow;
      const yaml = docs.yaml;
      const stepIds = (text: string, pattern: RegExp): string[] =>
        [...text.matchAll(pattern)].map((m) => m[1]!);
      assert.deepEqual(
        stepIds(yaml.text, /^ {6}(\w+):$/gm),
        stepIds(momoflow.text, /^ {2}step (\w+) \{$/gm),
      );
      assert.equal(
        (yaml.text.match(/needs:/g) ?? []).length,
        (momoflow.text.match(/needs:/g) ?? []).length,
      );
      // The edited letter is the same letter of the same description.
      assert.equal(yaml.text[yaml.editOffset], momoflow.text[momoflow.editOffset]);
      const lineOf = (text: string, offset: number): string =>
        text.split("\n")[positionAt(text, offset).line]!.trim();
      assert.equal(lineOf(yaml.text, yaml.editOffset), lineOf(momoflow.text, momoflow.editOffset));
      for (const doc of [momoflow, yaml]) {
        const lines = doc.text.split("\n");
        for (const p of [...doc.completion, ...doc.hover])
          assert.ok(p.character <= lines[p.line]!.length, `${p.id} lies within its line`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("writes calls, scripts and references in the YAML twin's conventions", () => {
    const yaml = momoflowToYaml(
      [
        "workflow w {",
        '  param name: string = "x"',
        "  step a {",
        '    run: """',
        "      echo ${name}",
        '    """',
        "  }",
        "  step b {",
        "    needs: [a]",
        '    when: name != "y"',
        '    run: log(message: "hi ${name}")',
        "    retries: name",
        "  }",
        "}",
      ].join("\n"),
    );
    assert.match(yaml, /^ {6}a:\n {8}run: \|\n {10}echo \$\{name\}$/m);
    assert.match(yaml, /needs: \[a\]/);
    assert.match(yaml, /when: "\$\{name\} != \\"y\\""/);
    assert.match(yaml, /run: \{ uses: log, with: \{ message: "hi \$\{name\}" \} \}/);
    assert.match(yaml, /retries: "\$\{name\}"/);
    assert.equal(twinOffset('a "xy" "xy"', 'b: "xy"\nc: "xy"', 9), 13);
  });
});
