// The language category loads chevrotain (ESM only): tsx needs the shim first.
import "../language/esm-only-dependencies";
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
import { judgeEngineGoals } from "../../src/bench/engine-goals";
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
  // Timings are never asserted: only the report's shape and sanity. The suite
  // starts processes (momoflow check, the language server): room for a busy machine.
  this.timeout(60_000);
  let workDir: string;
  let report: BenchReport;
  const progress: string[] = [];

  before(async () => {
    workDir = mkdtempSync(join(tmpdir(), "momoflow-bench-test-"));
    report = await runBenchmarks({ profile: "tiny", workDir, onProgress: (l) => progress.push(l) });
  });

  after(() => rmSync(workDir, { recursive: true, force: true }));
  const floors = () => report.floors!;

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
    // Memory deltas are left out: on a tiny run, a collection in between can make them ≤ 0.
    const mustBePositive = all.filter(
      ([path]) =>
        /(median|ratioToBaseline|Ratio|\.ratio|samplesUs\[\d+\]|durationMs)$/.test(path) &&
        !/memory|Memory|bytes/i.test(path),
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

  it("measures the language category on a small clean document, against the lexer", () => {
    const lang = report.categories.language;
    assert.ok(lang, "the language category is present");
    assert.deepEqual(
      lang.operations.map((o) => o.id),
      ["lex", "parse", "parse_check", "recheck", "edit_check"],
    );
    assert.deepEqual([lang.document.workflows, lang.document.steps], [2, 28]);
    assert.ok(lang.document.lines < 500);
    for (const o of lang.operations) {
      const figures = [o.perOpUs.median, o.perOpUs.p95, o.ratioToLexer, o.ratioToBaseline];
      for (const n of figures) assert.ok(Number.isFinite(n) && n > 0, `${o.id}: ${n}`);
      const withThroughput = ["lex", "parse", "parse_check"].includes(o.id);
      assert.equal(o.throughputMBps !== undefined, withThroughput, o.id);
      if (withThroughput) assert.ok(o.throughputMBps! > 0 && Number.isFinite(o.throughputMBps));
      assert.equal(o.perOpUs.n, 3);
    }
    assert.equal(lang.operations[0]!.ratioToLexer, 1);
    assert.equal(lang.operations.find((o) => o.id === "recheck")!.batchSize, 20);
    assert.deepEqual([lang.goal.lines, lang.goal.limitMs], [10_000, 50]);
    assert.ok(lang.goal.medianMs > 0);
    assert.ok(progress.some((line) => line.includes("clean")));
  });

  it("times the check of a file of unknown step references against its parse", () => {
    const unknown = report.categories.language?.unknownReferences;
    assert.ok(unknown, "the unknown-references case is present");
    assert.equal(unknown.references, 200);
    for (const summary of [unknown.checkUs, unknown.parseUs]) {
      assert.equal(summary.n, 2);
      assert.ok(Number.isFinite(summary.median) && summary.median > 0);
    }
    assert.equal(unknown.ratioToParse, unknown.checkUs.median / unknown.parseUs.median);
    assert.deepEqual([unknown.goal.references, unknown.goal.limitMs], [20_000, 1_000]);
    assert.ok(formatBenchReport(report).includes("unknown step references (200"));
  });

  it("times `momoflow check` as a process and the built server's keystrokes, and judges both goals", () => {
    const unknown = report.categories.language!.unknownReferences!;
    assert.deepEqual(unknown.notMeasured, [], "pretest builds dist/cli.js and dist/server.js");
    assert.deepEqual(
      unknown.sizes!.map((s) => s.references),
      [100, 200],
    );
    for (const size of unknown.sizes!) {
      assert.equal(size.commandMs!.n, 2);
      assert.equal(size.commandRatioToParse, (size.commandMs!.median * 1000) / size.parseUs.median);
      assert.equal(size.knownCommandMs!.n, 2, "the floor: the same file with known ids");
      assert.equal(size.commandRatioToKnown, size.commandMs!.median / size.knownCommandMs!.median);
      assert.equal(size.nodeStartMs!.n, 2);
      // Measured, not compared: with 2 samples on a busy machine node alone was once the slower.
      assert.ok(size.nodeStartMs!.median > 0 && Number.isFinite(size.nodeStartMs!.median));
    }
    const keystroke = unknown.keystroke!;
    assert.equal(keystroke.references, 200);
    assert.equal(keystroke.ms.n, 2);
    assert.equal(keystroke.diagnostics, 200, "every MF002 published with each keystroke");
    assert.equal(keystroke.ratioToParse, (keystroke.ms.median * 1000) / keystroke.parseUs.median);
    assert.deepEqual(
      unknown.goals!.map((g) => [g.limitMs, g.met === g.valueMs <= g.limitMs]),
      [
        [1_000, true],
        [50, true],
      ],
    );
    const text = formatBenchReport(report);
    assert.match(text, /momoflow check .* \(process start included\)/);
    assert.match(text, /per keystroke/);
    assert.match(text, /goal: the language server within 50 ms per keystroke .* — (met|NOT met)/);
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
    assert.ok(text.includes("parse_check"));
    assert.match(
      text,
      /goal: parse \+ check .* — (met|NOT met); the lexer alone in the same run [\d.]+ ms, ×[\d.]+; ≤ 25 ms: (met|not met)/,
    );
    assert.ok(text.endsWith("\n"));
  });

  it("measures the floors and the first run apart, and judges each engine goal from its figure", () => {
    const floors = report.floors!;
    for (const floor of [floors.journalWriteUs, floors.stringifyUs, floors.resourceUsageUs])
      assert.ok(floor.median > 0 && floor.n > 0);
    assert.equal(floors.awaitNoopUs, report.baseline.perCallUs.median);
    assert.equal(floors.recordedStepUs, floors.journalWriteUs.median + floors.stringifyUs.median);
    assert.ok(floors.journalLineBytes >= 90 && floors.journalLineBytes <= 110);
    const first = report.firstRun!;
    assert.equal(first.steps, 50); // the tiny profile's warm-up size
    const fit = report.categories.executionScaling.fit;
    assert.equal(first.warmFixedCostUs, fit.intercept);
    // The bench process's own first run: the tiny profile runs no 50-step size warm, so it is compared with the fitted line.
    assert.ok(!report.categories.executionScaling.sizes.some((s) => s.steps === 50));
    const own = first.inProcess!;
    assert.equal(own.fixedCostUs, own.totalUs - (fit.slope * 50 + fit.intercept));
    // The figure itself: fresh processes of the built CLI, loaded from the code cache the first one made.
    assert.equal(first.method, "processes");
    assert.equal(first.processes, 1);
    assert.equal(first.codeCache, "used");
    assert.ok(first.totalUs > 0 && Number.isFinite(first.fixedCostUs));
    assert.ok(Number.isFinite(first.floorFixedCostUs));
    assert.ok(
      progress.some((line) => line.startsWith("first run in 1 fresh processes (code cache: used)")),
    );
    const largest = Math.max(...report.categories.scalability.sizes.map((s) => s.steps));
    const goals = new Map(report.goals!.map((g) => [g.id, g]));
    assert.deepEqual(
      [...goals.keys()],
      [
        `recorded_step_${largest}`,
        `unrecorded_step_${largest}`,
        "first_run_fixed_cost",
        "retained_memory_per_step",
        "rollback_per_step",
      ],
    );
    const on = report.categories.scalability.sizes.find((s) => s.steps === largest)!;
    // Goals that depend on the machine: a ratio to a floor of this run, as the issue states them.
    const ratioGoals: [id: string, figure: number, floor: number, ratioLimit: number][] = [
      [`recorded_step_${largest}`, on.journalOn.perStepUs.median, floors.recordedStepUs, 1.5],
      [
        `unrecorded_step_${largest}`,
        on.journalOff.perStepUs.median,
        floors.awaitNoopUs,
        0.8 / 0.04,
      ],
      ["first_run_fixed_cost", first.fixedCostUs / 1000, floors.recordedStepUs / 1000, 5000 / 1.9],
    ];
    for (const [id, figure, floor, ratioLimit] of ratioGoals) {
      const goal = goals.get(id)!;
      assert.deepEqual([goal.figure, goal.floor], [figure, floor], id);
      assert.ok(Math.abs(goal.ratioLimit! - ratioLimit) < 1e-9, id);
      assert.equal(goal.limit, goal.ratioLimit! * floor, id);
      if (figure < 0) {
        // Below 0 (warm runs cost more than the first on a busy machine): not judged, never met, no ratio.
        assert.equal(goal.ratioToFloor, undefined, id);
        assert.equal(goal.met, false, id);
        assert.match(goal.description, /not judged/, id);
      } else {
        assert.equal(goal.ratioToFloor, figure / floor, id);
        assert.equal(goal.met, goal.ratioToFloor! <= goal.ratioLimit!, id);
      }
      assert.ok(goal.statedLimit! > 0, id);
    }
    for (const id of ["retained_memory_per_step", "rollback_per_step"]) {
      const goal = goals.get(id)!;
      assert.equal(goal.met, goal.figure >= 0 && goal.figure <= goal.limit, id);
    }
    const text = formatBenchReport(report);
    assert.ok(text.includes("Floors (same run)"));
    assert.ok(text.includes("first run of a process as momoflow run meets it (1 fresh processes"));
    assert.ok(text.includes("its floor, the least recorded loop's first run"));
    for (const id of goals.keys()) assert.ok(text.includes(id), id);
  });

  it("does not judge a retained heap below 0 (collections freed more than the runs kept): not met", () => {
    // The tiny profile's runs are small: a forced collection can free more than they keep.
    const scalability = report.categories.scalability;
    const categories = {
      ...report.categories,
      scalability: {
        ...scalability,
        retainedMemory: { ...scalability.retainedMemory, bytesPerStep: -595 },
      },
    };
    const goals = judgeEngineGoals(categories, report.floors!, report.firstRun!);
    const retained = goals.find((g) => g.id === "retained_memory_per_step")!;
    assert.equal(retained.figure, -595);
    assert.equal(retained.met, false);
    assert.match(retained.description, /below 0 here .*: not judged/);
  });

  it("measures a recorded step's write made inside a run, apart from the record's other work", () => {
    const text = formatBenchReport(report);
    for (const size of report.categories.scalability.sizes) {
      const w = size.writeInStep!;
      // A recorded no-op step's two lines as this engine writes them: its intent and its outcome.
      assert.ok(w.bytes > floors().journalLineBytes && w.bytes < 600, `${w.bytes} B`);
      assert.equal(w.perStepUs.n, size.repetitions);
      assert.equal(w.writeUs, w.perStepUs.median - size.journalOff.perStepUs.median);
      assert.equal(w.recordBeyondWriteUs, size.journalOn.perStepUs.median - w.perStepUs.median);
      assert.ok(text.includes(`each step writing a recorded step's lines (${w.bytes} B) itself`));
    }
  });

  it("sets the engine's recorded step beside the least recorded loop of as many steps, run in turn", () => {
    const text = formatBenchReport(report);
    for (const size of report.categories.scalability.sizes) {
      const least = size.leastRecordedLoop!;
      assert.equal(least.perStepUs.n, size.repetitions);
      assert.ok(least.perStepUs.median > 0);
      assert.equal(least.engineRatio, size.journalOn.perStepUs.median / least.perStepUs.median);
      assert.ok(text.includes(`${size.steps} steps, the least recorded loop`), text);
    }
  });

  it("still reads a report made before the language category and the floors (schema and summary)", () => {
    const older = JSON.parse(JSON.stringify(report)) as BenchReport;
    delete older.categories.language;
    delete older.floors;
    delete older.firstRun;
    delete older.goals;
    for (const size of older.categories.scalability.sizes) {
      delete size.writeInStep;
      delete size.leastRecordedLoop;
    }
    const ajv = new Ajv({ allErrors: true, strict: true });
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, "utf8")));
    assert.ok(validate(older), ajv.errorsText(validate.errors));
    assert.ok(formatBenchReport(older).includes(`${BENCH_CATEGORY_TITLES.language}: not measured`));
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
