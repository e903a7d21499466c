import assert from "node:assert/strict";
import Ajv from "ajv";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";
import reportSchema from "../../../schemas/test-report.schema.json";

/** Whether `stdout` is a report as schemas/test-report.schema.json describes it; the report. */
function validReport(stdout: string): unknown {
  const report: unknown = JSON.parse(stdout);
  const ajv = new Ajv({ allErrors: true, strict: false });
  assert.ok(ajv.validate(reportSchema, report), `${ajv.errorsText()}\n${stdout}`);
  return report;
}

/**
 * What `momoflow test` says of each form of `expect` that does not hold:
 * what was expected, what was found, and where (file:line:col of the
 * `expect`), in its text output and alike in `--json`; and of a test that
 * times out or whose fixture is not there.
 */

const WORKFLOW = `workflow w {
  step a { run: "echo hello" rollback: none }
  step b {
    needs: a
    run: """echo '{"x": {"y": [1, 2]}}'"""
    output: json
    rollback: none
  }
  step c {
    needs: b
    for_each: f in ["p", "q"]
    run: "echo \${f} > \${f}.txt"
  }
}
`;

const TESTS = `test "all wrong" {
  workflow: w
  expect status == failed
  expect step a == failed
  expect step c[1] == skipped
  expect output a == "bye"
  expect output a != "hello"
  expect output a contains "zz"
  expect output a matches "^z+$"
  expect output b.x.y[0] == 5
  expect file "p.txt" missing
  expect file "nope.txt" exists
  expect file "p.txt" == "r"
  expect file "p.txt" contains "zz"
  expect file "nope.txt" matches "a"
  expect duration < 1ms
  expect memory < 1KB
}
`;

/** Each failure of "all wrong": its message and its line (column 3, where `expect` is). */
const FAILURES: [RegExp | string, number][] = [
  ["expected the run to be failed, but it was success", 18],
  ["expected step a to be failed, but it was success", 19],
  ["expected step c[1] to be skipped, but it was success", 20],
  ['expected the output of a to be "bye", but it was "hello"', 21],
  ['expected the output of a to not be "hello", but it was "hello"', 22],
  ['expected the output of a to contain "zz", but it was "hello"', 23],
  ['expected the output of a to match "^z+$", but it was "hello"', 24],
  ['expected the output of b.x.y[0] to be "5", but it was "1"', 25],
  ["expected file p.txt to be missing, but it exists", 26],
  ["expected file nope.txt to be there, but it is missing", 27],
  ['expected file p.txt to be "r", but it holds "p"', 28],
  ['expected file p.txt to contain "zz", but it holds "p"', 29],
  ['expected file nope.txt to match "a", but it is missing', 30],
  [/^expected the run to take < 1ms, but it took [\d.]+ (ms|s)$/, 31],
  // A size as the language writes it, and the peak as people read it, with its exact bytes.
  [/^expected the run's peak memory to be < 1KB, but it was [\d.]+ MB \([\d,]+ bytes\)$/, 32],
];

describe("momoflow test: what each failed expectation says, and where (the real CLI)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-test-messages-");

  const write = (): string => {
    const file = join(tmp(), "all.momoflow");
    writeFileSync(file, WORKFLOW + "\n" + TESTS);
    return file;
  };

  it("text: each failure's expected and found, then `at file:line:col` of its expect", async () => {
    write();
    const out = await runCli(["test", "all.momoflow"], tmp());
    assert.equal(out.code, 1, out.stderr);
    const lines = out.stdout.split("\n");
    const start = lines.findIndex((l) => l.includes("✗ all wrong"));
    assert.ok(start >= 0, out.stdout);
    FAILURES.forEach(([message, line], i) => {
      const said = lines[start + 1 + 2 * i]!.trim();
      if (typeof message === "string") assert.equal(said, message);
      else assert.match(said, message);
      assert.equal(lines[start + 2 + 2 * i]!.trim(), `at all.momoflow:${line}:3`, said);
    });
  });

  it("--json: the same messages, with expected, actual and the range of each expect", async () => {
    const file = write();
    const out = await runCli(["test", "all.momoflow", "--json"], tmp());
    assert.equal(out.code, 1, out.stderr);
    const report = validReport(out.stdout) as {
      tests: {
        file: string;
        failures: {
          message: string;
          expected?: unknown;
          actual?: unknown;
          range: { start: { line: number; character: number } };
        }[];
      }[];
    };
    const [test] = report.tests;
    assert.equal(test!.file, file);
    assert.equal(test!.failures.length, FAILURES.length);
    test!.failures.forEach((failure, i) => {
      const [message, line] = FAILURES[i]!;
      if (typeof message === "string") assert.equal(failure.message, message);
      else assert.match(failure.message, message);
      assert.deepEqual(failure.range.start, { line: line - 1, character: 2 });
      assert.ok("expected" in failure, failure.message);
      // No text to show for a file that is not there: `actual` is left out.
      assert.equal(
        "actual" in failure,
        !failure.message.startsWith("expected file nope.txt to match"),
        failure.message,
      );
    });
    // Memory in bytes, for a program: the message is for people.
    assert.equal(test!.failures.at(-1)!.expected, 1024);
    assert.match(String(test!.failures.at(-1)!.actual), /^\d+$/);
  });

  it("--json: a file with errors is in the report (its errors, as check --format json gives them), not only in the exit code", async () => {
    write();
    const broken = join(tmp(), "broken.momoflow");
    writeFileSync(broken, 'test "x" {\n  workflow: nope\n  expect status == success\n}\n');
    const out = await runCli(["test", "all.momoflow", "broken.momoflow", "--json"], tmp());
    assert.equal(out.code, 2, out.stderr);
    const report = validReport(out.stdout) as {
      tests: unknown[];
      failed: number;
      errors: { file: string; code: string; severity: string; message: string }[];
    };
    assert.equal(report.tests.length, 1);
    assert.equal(report.failed, 1);
    assert.deepEqual(
      report.errors.map((e) => [e.file, e.severity, e.code, e.message]),
      [[broken, "error", "MF005", 'unknown workflow "nope"']],
    );
    // A clean run says so too: no error.
    const clean = await runCli(["test", "all.momoflow", "--json"], tmp());
    assert.deepEqual((validReport(clean.stdout) as { errors: unknown[] }).errors, []);
  });

  it("--json: one shape whatever happens: a test passing, timing out, its fixture missing, none to run", async () => {
    writeFileSync(
      join(tmp(), "more.momoflow"),
      `workflow slow {
  step a { run: "sleep 5" rollback: none }
}
workflow quick {
  step a { run: "echo hi" rollback: none }
}
test "passes" {
  workflow: quick
  expect output a == "hi"
}
test "times out" {
  workflow: slow
  timeout: 200ms
  expect status == success
}
test "fixture missing" {
  workflow: quick
  files: "not-there"
  expect status == success
}
`,
    );
    const out = await runCli(["test", "more.momoflow", "--json"], tmp());
    assert.equal(out.code, 1, out.stderr);
    const report = validReport(out.stdout) as {
      tests: { name: string; status: string; failures: { message: string }[] }[];
    };
    assert.deepEqual(
      report.tests.map((t) => [t.name, t.status, t.failures.map((f) => f.message)]),
      [
        ["passes", "passed", []],
        ["times out", "failed", ["the test timed out after 200ms"]],
        // JSON keeps paths whole, as check --format json does.
        [
          "fixture missing",
          "failed",
          [`files: "not-there" is not there (looked for ${join(tmp(), "not-there")})`],
        ],
      ],
    );
    const none = await runCli(["test", "more.momoflow", "--json", "--filter", "no such"], tmp());
    assert.equal(none.code, 2);
    validReport(none.stdout);
  });

  it("an expect output that finds no output or no field says what it expected too", async () => {
    writeFileSync(
      join(tmp(), "none.momoflow"),
      `workflow w {
  step b {
    run: """echo '{"x": {"y": [1, 2]}}'"""
    output: json
    rollback: none
  }
  step z { needs: b when: false run: "echo z" rollback: none }
}
test "nothing to read" {
  workflow: w
  expect output z == "z"
  expect output b.x.nope contains "q"
  expect output b.x.y[7] != 1
}
`,
    );
    const out = await runCli(["test", "none.momoflow"], tmp());
    assert.equal(out.code, 1, out.stderr);
    const said = out.stdout
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l.startsWith("expect") || l.startsWith("at "));
    assert.deepEqual(said, [
      'expect output z == "z": step z has no output (it ended skipped)',
      "at none.momoflow:11:3",
      'expect output b.x.nope contains "q": steps.b.output.x has no field "nope"; it has "y"',
      "at none.momoflow:12:3",
      'expect output b.x.y[7] != "1": steps.b.output.x.y has 2 items: it has no item [7]',
      "at none.momoflow:13:3",
    ]);
  });

  it("a step that failed and was undone has no output: no expect output of it holds", async () => {
    // Its rollback makes it rolled_back (or rollback_failed), but it never
    // ran to its end: `expect output deploy != "error"` must not hold.
    writeFileSync(
      join(tmp(), "undone.momoflow"),
      `workflow w {
  step prep { run: "echo prep" rollback: "echo unprep" }
  step deploy { needs: prep run: "echo error; exit 1" rollback: "echo undoing" }
}
workflow v {
  step deploy { run: "echo error; exit 1" rollback: "exit 4" }
}
test "undone" {
  workflow: w
  expect step deploy == rolled_back
  expect output prep == "prep"
  expect output deploy != "error"
  expect output deploy == ""
}
test "undo failed" {
  workflow: v
  expect step deploy == rollback_failed
  expect output deploy != "error"
}
`,
    );
    const out = await runCli(["test", "undone.momoflow"], tmp());
    assert.equal(out.code, 1, out.stderr);
    const said = out.stdout
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l.startsWith("expect") || l.startsWith("at "));
    const failed =
      'it ended rolled_back: shell command "echo error; exit 1" exited with code 1: error';
    assert.deepEqual(said, [
      `expect output deploy != "error": step deploy has no output (${failed})`,
      "at undone.momoflow:12:3",
      `expect output deploy == "": step deploy has no output (${failed})`,
      "at undone.momoflow:13:3",
      'expect output deploy != "error": step deploy has no output (it ended rollback_failed: rollback failed: shell command "exit 4" exited with code 4 (the step had failed: shell command "echo error; exit 1" exited with code 1: error))',
      "at undone.momoflow:18:3",
    ]);
  });
});
