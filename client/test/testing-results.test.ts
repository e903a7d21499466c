import assert from "node:assert/strict";
import { startCli, withKeptTestFolders } from "../../engine/test/support/cli-process";
import { expectDead } from "../../engine/test/support/process-liveness";
import { slowStepPid, writeSlowTestFile } from "../../engine/test/support/slow-test-file";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { cliRuntime } from "../src/cli-runtime";
import { runCliProcess, type CliProcessResult } from "../src/testing/cli-process";
import { planInvocations, testCommandArgs } from "../src/testing/test-invocations";
import {
  interpretInvocation,
  missingTestMessage,
  parseTestReport,
  TestReportError,
  valueText,
  type InvocationOutcome,
  type TestRange,
  type TestResult,
} from "../src/testing/test-results";

/** The built CLI: the same bytes that ship (`npm test` builds first). */
const CLI = resolve(__dirname, "../../dist/cli.js");
const ROOT = resolve(__dirname, "../..");
const MEANT_TO_FAIL = join(ROOT, "test-fixtures/tests/meant-to-fail.momoflow");
const EVERY_EXPECTATION = join(ROOT, "test-fixtures/tests/every-expectation.momoflow");

/** Runs `momoflow test --json [--test=NAME]... -- FILE` the way the Testing panel does. */
function runTests(file: string, ...names: string[]): Promise<CliProcessResult> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  return runCliProcess({
    runtime: cliRuntime(
      process.execPath,
      undefined,
      withKeptTestFolders({ ...process.env, NO_COLOR: "1" }),
    ),
    args: testCommandArgs(CLI, { file, tests: names, ...(names.length > 0 ? { names } : {}) }),
    cwd: ROOT,
  });
}

const r = (line: number, start: number, endLine: number, end: number): TestRange => ({
  start: { line, character: start },
  end: { line: endLine, character: end },
});
const on = (line: number, start: number, end: number): TestRange => r(line, start, line, end);

function reported(outcome: InvocationOutcome): Extract<InvocationOutcome, { kind: "reported" }> {
  assert.equal(outcome.kind, "reported", JSON.stringify(outcome));
  return outcome as Extract<InvocationOutcome, { kind: "reported" }>;
}

/** A result with its variable parts (duration, measured values) checked and replaced. */
function stable(result: TestResult): unknown {
  assert.ok(result.durationMs > 0 && result.durationMs < 10_000, `durationMs ${result.durationMs}`);
  return { ...result, durationMs: "<ms>" };
}

describe("client: Testing panel results from the real CLI", function () {
  this.timeout(30_000);

  it("maps a file whose expectations all fail: names, statuses, messages, expected/actual, ranges", async () => {
    const run = await runTests(MEANT_TO_FAIL);
    assert.equal(run.exitCode, 1, run.stderr);
    const names = ["every expectation fails", "an injected failure makes success impossible"];
    const outcome = reported(interpretInvocation(run, names));
    assert.deepEqual(outcome.missing, []);
    assert.deepEqual([...outcome.results.keys()], names);

    const every = outcome.results.get(names[0]!)!;
    assert.equal(every.file, MEANT_TO_FAIL);
    assert.equal(every.status, "failed");
    assert.deepEqual(every.range, on(9, 5, 30));
    assert.ok(every.durationMs > 0);
    // Duration and memory are measured: their text varies from run to run.
    const [took, memory] = [every.failures[5]!, every.failures[6]!];
    assert.match(took.message, /^expected the run to take < 0s, but it took [\d.]+ (ms|s)$/);
    assert.equal(took.expected, "0");
    assert.match(took.actual!, /^\d+(\.\d+)?$/);
    assert.deepEqual(took.range, on(16, 2, 23));
    assert.match(
      memory.message,
      /^expected the run's peak memory to be < 1KB, but it was [\d.]+ [KMG]?B \([\d,]+ bytes\)$/,
    );
    assert.equal(memory.expected, "1024");
    assert.match(memory.actual!, /^\d+$/);
    assert.deepEqual(memory.range, on(17, 2, 21));
    assert.deepEqual(every.failures.slice(0, 5), [
      {
        message: "expected the run to be failed, but it was success",
        expected: "failed",
        actual: "success",
        range: on(11, 2, 25),
      },
      {
        message: "expected step only to be skipped, but it was success",
        expected: "skipped",
        actual: "success",
        range: on(12, 2, 29),
      },
      {
        message: 'expected the output of only to be "goodbye", but it was "hello"',
        expected: "goodbye",
        actual: "hello",
        range: on(13, 2, 33),
      },
      {
        message: 'expected the output of only to contain "bye", but it was "hello"',
        expected: "bye",
        actual: "hello",
        range: on(14, 2, 35),
      },
      {
        message: "expected file hello.txt to be there, but it is missing",
        expected: "exists",
        actual: "missing",
        range: on(15, 2, 32),
      },
    ]);
    assert.equal(every.failures.length, 7);

    assert.deepEqual(stable(outcome.results.get(names[1]!)!), {
      name: "an injected failure makes success impossible",
      file: MEANT_TO_FAIL,
      range: on(20, 5, 51),
      status: "failed",
      durationMs: "<ms>",
      failures: [
        {
          message:
            'expected the run to be success, but it was failed (step "only" failed: failure injected by the test)',
          expected: "success",
          actual: "failed",
          range: on(24, 2, 26),
        },
      ],
    });
    // The human-readable report goes to stderr (the run's output); stdout is the JSON.
    assert.match(run.stderr, /✗ every expectation fails/);
  });

  it("maps a file whose tests all pass", async () => {
    const run = await runTests(EVERY_EXPECTATION);
    assert.equal(run.exitCode, 0, run.stderr);
    const outcome = reported(interpretInvocation(run, ["all forms hold", "injected failure"]));
    assert.deepEqual(outcome.missing, []);
    assert.deepEqual([...outcome.results.values()].map(stable), [
      {
        name: "all forms hold",
        file: EVERY_EXPECTATION,
        range: on(20, 5, 21),
        status: "passed",
        durationMs: "<ms>",
        failures: [],
      },
      {
        name: "injected failure",
        file: EVERY_EXPECTATION,
        range: on(37, 5, 23),
        status: "passed",
        durationMs: "<ms>",
        failures: [],
      },
    ]);
  });

  it("runs one test by its exact name, and it alone", async () => {
    const [invocation] = planInvocations([
      { file: EVERY_EXPECTATION, tests: ["injected failure"], wholeFile: false },
    ]);
    assert.deepEqual(invocation, {
      file: EVERY_EXPECTATION,
      names: ["injected failure"],
      tests: ["injected failure"],
    });
    const run = await runTests(EVERY_EXPECTATION, ...invocation!.names!);
    assert.equal(run.exitCode, 0, run.stderr);
    const outcome = reported(interpretInvocation(run, invocation!.tests));
    assert.deepEqual([...outcome.results.keys()], ["injected failure"]);
    assert.equal(parseTestReport(run.stdout).tests.length, 1);
  });

  describe("with names that a substring filter or a shell would mangle", () => {
    let dir = "";
    let file = "";
    before(() => {
      dir = mkdtempSync(join(tmpdir(), "momoflow-client-testing-"));
      file = join(dir, "names.momoflow");
      writeFileSync(
        file,
        [
          'workflow w { step s { run: "echo hi" } }',
          'test "deploy" { workflow: w  expect status == success }',
          'test "deploy twice" { workflow: w  expect status == failed }',
          'test "-x starts with a dash" { workflow: w  expect status == success }',
          'test "quotes \\"and\\" $HOME `x`" { workflow: w  expect status == success }',
          "",
        ].join("\n"),
      );
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it("runs the test named, not the others whose names contain its name", async () => {
      const run = await runTests(file, "deploy");
      assert.equal(run.exitCode, 0, run.stderr); // "deploy twice", which fails, did not run
      assert.equal(parseTestReport(run.stdout).tests.length, 1);
      const outcome = reported(interpretInvocation(run, ["deploy"]));
      assert.deepEqual([...outcome.results.keys()], ["deploy"]);
      assert.equal(outcome.results.get("deploy")!.status, "passed");
    });

    it("passes a name starting with a dash as a name, not as an option", async () => {
      const run = await runTests(file, "-x starts with a dash");
      assert.equal(run.exitCode, 0, run.stderr);
      const outcome = reported(interpretInvocation(run, ["-x starts with a dash"]));
      assert.equal(outcome.results.get("-x starts with a dash")!.status, "passed");
    });

    it("passes quotes, $ and backticks through unchanged (no shell)", async () => {
      const name = 'quotes "and" $HOME `x`';
      const run = await runTests(file, name);
      assert.equal(run.exitCode, 0, run.stderr);
      const outcome = reported(interpretInvocation(run, [name]));
      assert.deepEqual([...outcome.results.keys()], [name]);
    });

    it("reports a requested test the CLI did not run as missing", async () => {
      const run = await runTests(file, "renamed since");
      // The CLI refuses names that match no test; the panel says the test was not reported.
      assert.equal(run.exitCode, 2, run.stderr);
      const outcome = reported(interpretInvocation(run, ["renamed since"]));
      assert.deepEqual(outcome.missing, ["renamed since"]);
      assert.equal(outcome.results.size, 0);
      assert.match(missingTestMessage("renamed since"), /did not report the test "renamed since"/);
    });

    it("errors every test of a file with errors (exit code 2), with the CLI's diagnostics", async () => {
      const broken = join(dir, "broken.momoflow");
      writeFileSync(
        broken,
        [
          "workflow w {",
          "  step a { run: nosuch_cmd(x: 1) }",
          "}",
          'test "t1" { workflow: w  expect status == success }',
          'test "t2" { workflow: w  expect status == success }',
          "",
        ].join("\n"),
      );
      const run = await runTests(broken);
      assert.equal(run.exitCode, 2);
      const outcome = interpretInvocation(run, ["t1", "t2"]);
      assert.equal(outcome.kind, "errored");
      assert.ok(outcome.kind === "errored");
      assert.match(
        outcome.message,
        /^The file has errors, so its tests cannot run \(exit code 2\):\n\n/,
      );
      assert.match(
        outcome.message,
        /broken\.momoflow:2:17: error MF005: unknown command "nosuch_cmd"/,
      );
    });

    it("errors when the CLI refuses to run (exit code 2: no such file)", async () => {
      const run = await runTests(join(dir, "gone.momoflow"));
      assert.equal(run.exitCode, 2);
      const outcome = interpretInvocation(run, ["t"]);
      assert.deepEqual(outcome, {
        kind: "errored",
        message: `momoflow test refused to run (exit code 2):\n\nmomoflow: ${join(dir, "gone.momoflow")}: no such file or folder`,
      });
    });
  });

  describe("output that is not the report", () => {
    let realOutput = "";
    before(async () => {
      realOutput = (await runTests(EVERY_EXPECTATION)).stdout;
    });

    it("refuses text that is not JSON, saying so", () => {
      assert.throws(
        () => parseTestReport("Error: something broke\n  at x"),
        (error: unknown) => {
          assert.ok(error instanceof TestReportError);
          assert.match(
            error.message,
            /^momoflow test printed output that is not JSON \(.+\): Error: something broke at x$/,
          );
          return true;
        },
      );
      assert.throws(() => parseTestReport(" \n"), /printed no JSON report \(empty output\)/);
    });

    it("refuses truncated output", () => {
      assert.throws(
        () => parseTestReport(realOutput.slice(0, realOutput.length / 2)),
        /^TestReportError: momoflow test printed output that is not JSON/,
      );
    });

    it("names the field that has the wrong shape", () => {
      const report = JSON.parse(realOutput) as { tests: Record<string, unknown>[] };
      const broken = (change: (t: Record<string, unknown>[]) => void): string => {
        const copy = JSON.parse(JSON.stringify(report)) as typeof report;
        change(copy.tests);
        return JSON.stringify(copy);
      };
      const cases: [string, (t: Record<string, unknown>[]) => void][] = [
        [
          'tests[1].status should be "passed", "failed" or "not_run", not "ok"',
          (t) => (t[1]!.status = "ok"),
        ],
        ["tests[0].name should be a string, not missing", (t) => delete t[0]!.name],
        [
          "tests[0].range.start.line should be an integer ≥ 0, not -1",
          (t) => {
            (t[0]!.range as TestRange & { start: { line: number } }).start.line = -1;
          },
        ],
        ["tests[0].failures should be an array, not null", (t) => (t[0]!.failures = null)],
        ['tests[1].durationMs should be a number ≥ 0, not "3"', (t) => (t[1]!.durationMs = "3")],
        [
          "tests[0].range ends before it starts",
          (t) => {
            t[0]!.range = r(5, 0, 4, 0);
          },
        ],
        [
          "tests[0].failures[0].message should be a string, not 42",
          (t) => (t[0]!.failures = [{ message: 42, range: r(0, 0, 0, 1) }]),
        ],
      ];
      for (const [message, change] of cases)
        assert.throws(() => parseTestReport(broken(change)), { name: "TestReportError", message });
      assert.throws(() => parseTestReport("[]"), /the report should be an object, not an array/);
    });

    it("turns an unreadable report into an error for each requested test, with stderr", () => {
      const outcome = interpretInvocation({ exitCode: 1, stdout: "", stderr: "momoflow: boom\n" }, [
        "a",
        "b",
      ]);
      assert.deepEqual(outcome, {
        kind: "errored",
        message: "momoflow test printed no JSON report (empty output)\n\nmomoflow: boom",
      });
    });

    it("explains a process ended by a signal, an unknown exit code, and a runtime that cannot start", async () => {
      assert.deepEqual(
        interpretInvocation({ exitCode: null, signal: "SIGKILL", stdout: "", stderr: "" }, ["a"]),
        { kind: "errored", message: "momoflow test was ended by SIGKILL before it finished." },
      );
      assert.deepEqual(
        interpretInvocation({ exitCode: 134, stdout: realOutput, stderr: "" }, ["a"]),
        {
          kind: "errored",
          message: "momoflow test ended with an unexpected exit code 134.",
        },
      );
      const run = await runCliProcess({
        runtime: { command: join(tmpdir(), "no-such-runtime-for-momoflow"), env: process.env },
        args: [CLI, "test"],
        cwd: ROOT,
      });
      assert.equal(run.cancelled, false);
      assert.match(run.spawnError ?? "", /ENOENT/);
      const outcome = interpretInvocation(run, ["a"]);
      assert.equal(outcome.kind, "errored");
      assert.match(
        outcome.kind === "errored" ? outcome.message : "",
        /^Could not start momoflow test: .*ENOENT/,
      );
    });
  });

  it("takes the report of a momoflow test stopped from outside (exit 130): what ran, and the tests not run with why", async function () {
    this.timeout(30_000);
    const dir = mkdtempSync(join(tmpdir(), "momoflow-testing-cancel-"));
    try {
      const pidFile = join(dir, "pid");
      const file = writeSlowTestFile(dir, pidFile);
      writeFileSync(
        file,
        readFileSync(file, "utf8") + 'test "never reached" {\n  workflow: slow\n}\n',
      );
      const { child, done } = startCli(["test", "--json", "--", file], dir);
      const pid = await slowStepPid(pidFile);
      child.kill("SIGTERM");
      const exit = await done;
      assert.equal(exit.code, 130, exit.stderr);
      const outcome = interpretInvocation(
        { exitCode: exit.code, stdout: exit.stdout, stderr: exit.stderr },
        ["waits", "never reached"],
      );
      assert.equal(outcome.kind, "reported", JSON.stringify(outcome));
      const results = outcome.kind === "reported" ? outcome.results : new Map<string, TestResult>();
      assert.equal(results.get("waits")?.status, "failed");
      assert.equal(results.get("never reached")?.status, "not_run");
      assert.equal(
        results.get("never reached")?.reason,
        "the tests were cancelled (SIGTERM) before its turn",
      );
      await expectDead([pid]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("writes values as diff text: strings as they are, others as JSON, absent as absent", () => {
    assert.equal(valueText("a\nb"), "a\nb");
    assert.equal(valueText(3.5), "3.5");
    assert.equal(valueText(true), "true");
    assert.equal(valueText(null), "null");
    assert.equal(valueText({ a: [1] }), '{\n  "a": [\n    1\n  ]\n}');
    assert.equal(valueText(undefined), undefined);
    // A failure without expected/actual (a test that could not start) keeps them absent.
    const report = parseTestReport(
      JSON.stringify({
        tests: [
          {
            name: "t",
            file: "/f.momoflow",
            range: r(0, 5, 0, 8),
            status: "failed",
            durationMs: 1,
            failures: [{ message: 'test "t" names no workflow', range: r(0, 5, 0, 8) }],
          },
        ],
        passed: 0,
        failed: 1,
      }),
    );
    assert.deepEqual(report.tests[0]!.failures, [
      { message: 'test "t" names no workflow', range: r(0, 5, 0, 8) },
    ]);
  });
});
