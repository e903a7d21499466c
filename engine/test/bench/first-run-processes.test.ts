import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { measureFirstRunInProcesses } from "../../src/bench/first-run-processes";
import { runLeastRecordedLoop } from "../../src/bench/least-recorded-loop";
import { CLI, startCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

// Timings are never asserted: only what the processes report and how a failure is told.
describe("the first run measured in fresh processes (bench)", function () {
  this.timeout(60_000);
  const dir = useTempDir("momoflow-first-run-");

  it("`bench --first-run-child` runs the engine's first run in its own process and prints its figures", async () => {
    const { code, stdout, stderr } = await startCli(
      ["bench", "--first-run-child", "engine", "--steps", "30"],
      dir(),
    ).done;
    assert.equal(code, 0, stderr);
    const figures = JSON.parse(stdout) as Record<string, unknown>;
    assert.equal(figures.kind, "engine");
    assert.equal(figures.steps, 30);
    assert.ok((figures.firstUs as number) > 0 && (figures.warmUs as number) > 0);
    // Loaded through the CLI's loader, with a cache of its own (made by this or an earlier process).
    assert.ok(["used", "made"].includes(figures.codeCache as string), String(figures.codeCache));
  });

  it("refuses a kind or a step count it does not know, saying which", async () => {
    const kind = await startCli(["bench", "--first-run-child", "warm", "--steps", "3"], dir()).done;
    assert.equal(kind.code, 2);
    assert.match(kind.stderr, /--first-run-child takes engine, floor, prime, not "warm"/);
    const steps = await startCli(["bench", "--first-run-child", "floor", "--steps", "0"], dir())
      .done;
    assert.equal(steps.code, 2);
    assert.match(steps.stderr, /--steps takes a whole number of steps from 1, not "0"/);
  });

  it("measures both kinds in alternating processes from the code cache, the figures being medians", () => {
    const figures = measureFirstRunInProcesses(CLI, 20, 3);
    assert.equal(figures.processes, 3);
    assert.equal(figures.engine.length, 3);
    assert.equal(figures.floor.length, 3);
    assert.equal(figures.codeCache, "used");
    const middle = (values: number[]) => [...values].sort((a, b) => a - b)[1];
    assert.equal(figures.fixedCostUs, middle(figures.engine.map((f) => f.firstUs - f.warmUs)));
    assert.equal(figures.totalUs, middle(figures.engine.map((f) => f.firstUs)));
    assert.equal(figures.floorFixedCostUs, middle(figures.floor.map((f) => f.firstUs - f.warmUs)));
    for (const f of [...figures.engine, ...figures.floor]) assert.equal(f.steps, 20);
  });

  it("fails with what the process printed when it fails or prints no figures", () => {
    const failing = join(dir(), "failing.js");
    writeFileSync(failing, 'process.stderr.write("no room left\\n"); process.exit(3);\n');
    assert.throws(
      () => measureFirstRunInProcesses(failing, 20, 1),
      /^Error: the first-run process \(prime\) failed: exit code 3\nno room left$/,
    );
    const silent = join(dir(), "silent.js");
    writeFileSync(silent, 'console.log("hello");\n');
    assert.throws(
      () => measureFirstRunInProcesses(silent, 20, 1),
      /^Error: the first-run process \(prime\) printed no figures: hello$/,
    );
  });

  it("the least recorded loop writes each step's intent before its outcome, as JSON lines", async () => {
    await runLeastRecordedLoop(dir(), 4, 0);
    const lines = readFileSync(join(dir(), "least-recorded-0.jsonl"), "utf8").trimEnd().split("\n");
    const events = lines.map((line) => JSON.parse(line) as { type: string; step: string });
    assert.deepEqual(
      events.map((e) => `${e.type} ${e.step}`),
      [0, 1, 2, 3].flatMap((i) => [`step_started step_${i}`, `step_finished step_${i}`]),
    );
  });
});
