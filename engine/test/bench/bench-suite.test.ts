import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv from "ajv";
import {
  BENCH_CATEGORY_TITLES,
  formatBenchReport,
  runBenchmarks,
  type BenchReport,
} from "../../src/bench";
import { failingStepIndex } from "../../src/bench/rollback-position";
import { renderTable } from "../../src/bench/text-table";

const SCHEMA = join(__dirname, "..", "..", "..", "schemas", "bench-report.schema.json");

/** Every number in `value`, with its path. */
function numbers(value: unknown, path = "$"): [string, number][] {
  if (typeof value === "number") return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => numbers(v, `${path}[${i}]`));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => numbers(v, `${path}.${k}`));
  }
  return [];
}

describe("bench suite (tiny profile)", function () {
  // Timings are never asserted: only the report's shape and sanity.
  this.timeout(15_000);
  let workDir: string;
  let report: BenchReport;
  const progress: string[] = [];

  before(async () => {
    workDir = mkdtempSync(join(tmpdir(), "momoflow-bench-test-"));
    report = await runBenchmarks({ profile: "tiny", workDir, onProgress: (l) => progress.push(l) });
  });

  after(() => rmSync(workDir, { recursive: true, force: true }));

  it("produces a report that validates against schemas/bench-report.schema.json", () => {
    const ajv = new Ajv({ allErrors: true, strict: true });
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, "utf8")));
    const ok = validate(JSON.parse(JSON.stringify(report)));
    assert.ok(ok, ajv.errorsText(validate.errors, { separator: "\n" }));
    assert.equal(report.v, 1);
    assert.equal(report.profile, "tiny");
  });

  it("has only finite numbers, and positive timings and ratios", () => {
    const all = numbers(report);
    assert.ok(all.length > 100);
    for (const [path, n] of all) assert.ok(Number.isFinite(n), `${path} = ${n}`);
    const mustBePositive = all.filter(([path]) =>
      /(median|ratioToBaseline|Ratio|\.ratio|samplesUs\[\d+\]|durationMs|bytesPerStep)$/.test(path),
    );
    assert.ok(mustBePositive.length > 30);
    for (const [path, n] of mustBePositive) assert.ok(n > 0, `${path} = ${n}`);
  });

  it("measures every size and position it was asked for", () => {
    const c = report.categories;
    assert.deepEqual(
      c.executionScaling.sizes.map((s) => s.steps),
      [1, 5, 20],
    );
    assert.deepEqual(
      c.scalability.sizes.map((s) => s.steps),
      [50, 200],
    );
    assert.deepEqual(
      c.rollback.positions.map((p) => [p.position, p.undoneSteps]),
      [
        ["start", 1],
        ["middle", 10],
        ["end", 19],
      ],
    );
    assert.deepEqual(
      c.commandOverhead.operations.map((o) => o.id),
      ["register", "get", "invoke", "command_step", "direct"],
    );
    assert.ok(progress.some((line) => line.includes("baseline")));
  });

  it("saves latest.json and a timestamped copy under <workDir>/.momoflow/bench", () => {
    const dir = join(workDir, ".momoflow", "bench");
    const files = readdirSync(dir).sort();
    assert.equal(files.length, 2);
    assert.match(files[0]!, /^bench-\d{8}-\d{6}-\d{3}\.json$/);
    assert.equal(files[1], "latest.json");
    const latest: unknown = JSON.parse(readFileSync(join(dir, "latest.json"), "utf8"));
    assert.deepEqual(latest, JSON.parse(readFileSync(join(dir, files[0]!), "utf8")));
    assert.deepEqual(latest, JSON.parse(JSON.stringify(report)));
  });

  it("formats a summary that names every category", () => {
    const text = formatBenchReport(report);
    for (const title of Object.values(BENCH_CATEGORY_TITLES))
      assert.ok(text.includes(title), title);
    assert.ok(text.includes("baseline"));
    assert.ok(text.endsWith("\n"));
  });
});

describe("bench helpers", () => {
  it("places the rollback benchmark's failing step at the start, middle and end", () => {
    assert.equal(failingStepIndex("start", 1000), 1);
    assert.equal(failingStepIndex("middle", 1000), 500);
    assert.equal(failingStepIndex("end", 1000), 999);
  });

  it("aligns table columns, numbers to the right", () => {
    const lines = renderTable(
      [{ header: "op" }, { header: "µs", align: "right" }],
      [
        ["register", "1.20"],
        ["get", "0.081"],
      ],
    );
    assert.deepEqual(lines, ["op           µs", "register   1.20", "get       0.081"]);
  });
});
