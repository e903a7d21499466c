import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { checkedLines as check, laterStepReport, workflowAround } from "../support/checked-file";

/*
 * A forgotten `)`, `]` or `}` is one error, where the closer belongs, and the
 * rest of the file is still read: the next line's property is not taken for
 * an argument or a map entry (which gave "expected `,`", "unknown argument",
 * "no run property" on top of the real problem).
 */
/** A workflow whose step `s` holds `lines`, and a later step with an undefined name (still reported). */
function file(...lines: string[]): string {
  return workflowAround(['  param x: string = "a/b.txt"', "  step s {"], lines);
}

describe("missing closers: one error where the closer belongs, and the file read on", () => {
  it("a call missing its `)` before the next property", () => {
    assert.deepEqual(check(file("run: log(message: x", "rollback: none")), [
      "4:23-4:24 MF001 expected `)` to close the arguments of `log` opened at 4:13",
      laterStepReport(8),
    ]);
  });

  it("a call missing its `)` at the end of the step", () => {
    assert.deepEqual(check(file('run: log(message: "${x}"')), [
      "4:23-4:29 MF001 expected `)` to close the arguments of `log` opened at 4:13",
      laterStepReport(7),
    ]);
  });

  it("a call missing its `)` in `when` keeps the step's `run`", () => {
    const diagnostics = check(
      'command c(a: string) {\n  run: "echo ${a}"\n}\n' + file("when: c(a: x", 'run: "echo"'),
    );
    assert.ok(!diagnostics.some((d) => d.includes("MF014")), diagnostics.join("\n"));
    assert.ok(!diagnostics.some((d) => d.includes("between arguments")), diagnostics.join("\n"));
    assert.equal(diagnostics.filter((d) => d.includes("expected `)`")).length, 1);
  });

  it("a `glob(` missing its `)` in `for_each`", () => {
    assert.deepEqual(check(file('for_each: f in glob("*.txt"', 'run: "echo ${f} ${x}"')), [
      "4:25-4:32 MF001 expected `)` to close the arguments of `glob` opened at 4:24",
      laterStepReport(8),
    ]);
  });

  it("a map missing its `}` before the next property", () => {
    assert.deepEqual(check(file('env: { A: "x"', 'run: "echo ${x}"')), [
      "4:15-4:18 MF001 expected `}` to close the map opened at 4:10",
      laterStepReport(8),
    ]);
  });

  it("a map holding what is no entry, closed on its line: one MF001 on it, the `}` the map's", () => {
    for (const [written, column, what] of [
      ['env: { : "x" }', 12, "`:`"],
      ['env: { A: "x" : "y" }', 19, "`:`"],
      ['env: { A: "x", = }', 20, "`=`"],
      ['env: { 1: "x" }', 12, "`1`"],
    ] as const) {
      const diagnostics = check(file(written, 'run: "echo ${x}"'));
      assert.equal(diagnostics.length, 2, `${written}: ${diagnostics.join("\n")}`);
      assert.match(
        diagnostics[0]!,
        new RegExp(`^4:${column}-4:\\d+ MF001 unexpected ${what}`),
        written,
      );
      assert.match(diagnostics[0]!, /in the map: expected `KEY: value` entries/, written);
      assert.equal(diagnostics[1], laterStepReport(8), written);
    }
  });

  it("a list missing its `]` before the next property", () => {
    assert.deepEqual(check(file("needs: [t", 'run: log(message: "${x}")')), [
      "4:13-4:14 MF001 expected `]` to close the list opened at 4:12",
      laterStepReport(8),
    ]);
  });

  it("a condition's `(` missing its `)` before the next property", () => {
    assert.deepEqual(check(file('when: (x == "a"', 'run: "echo"')), [
      "4:17-4:20 MF001 expected `)` to close the `(` opened at 4:11",
      laterStepReport(8),
    ]);
  });

  it("a test's params missing their `}` before its first expect", () => {
    const text = `${file('run: "echo ${x}"')}test "t" {\n  workflow: w\n  params: { x: "b"\n  expect status == success\n}\n`;
    assert.deepEqual(check(text), [
      laterStepReport(7),
      "12:16-12:19 MF001 expected `}` to close the map opened at 12:11",
    ]);
  });

  it("reads a map written flat, its entries no deeper than its property, as before", () => {
    const flat = file("env: {", 'A: "1",', 'B: "${x}"', "}", 'run: "echo $A"', "rollback: none");
    assert.deepEqual(check(flat), [laterStepReport(12)]);
    const noComma = file('env: { A: "1"', 'B: "${x}" }', 'run: "echo $A"', "rollback: none");
    assert.deepEqual(check(noComma), [
      "4:15-4:18 MF001 expected `,` between map entries",
      laterStepReport(10),
    ]);
  });

  it("still says `,` is missing between arguments of a call closed later", () => {
    const text = file("run: log(", "  message: x", '  other: "y"', ")");
    assert.deepEqual(
      check(text).filter((d) => d.includes("MF001")),
      ["5:16-5:17 MF001 expected `,` between arguments"],
    );
    const map = file("env: {", '  A: "x"', '  B: "y"', "}", 'run: "echo ${x}"');
    assert.deepEqual(
      check(map).filter((d) => d.includes("MF001")),
      ["5:10-5:13 MF001 expected `,` between map entries"],
    );
  });

  it("an interpolation missing its `)` after a function's argument", () => {
    assert.deepEqual(check(file('run: "echo ${basename(x}"')), [
      "4:27-4:28 MF001 expected `)` to close `basename(`: write `${basename(x)}`",
      laterStepReport(7),
    ]);
  });

  it("an interpolation missing the `]` of an index, in a function or not", () => {
    // A JSON output has items; the reference is read as meant, and checked.
    const lines = (interpolation: string): string =>
      file(`run: log(message: "\${${interpolation}}")`)
        .replace(
          'param x: string = "a/b.txt"',
          'step list {\n    run: "echo []"\n    output: json\n  }',
        )
        .replace("step s {", "step s {\n    needs: list");
    const READ = "steps.list.output";
    assert.deepEqual(check(lines(`${READ}[0`)), [
      "8:26-8:45 MF001 expected `]` to close `[0`: write `${steps.list.output[0]}`",
      laterStepReport(11),
    ]);
    assert.deepEqual(check(lines(`basename(${READ}[0)`)), [
      "8:35-8:54 MF001 expected `]` to close `[0`: write `${basename(steps.list.output[0])}`",
      laterStepReport(11),
    ]);
    assert.deepEqual(check(lines(`json(${READ}[0`)), [
      "8:31-8:50 MF001 expected `])` to close `[0` and `json(`: write `${json(steps.list.output[0])}`",
      laterStepReport(11),
    ]);
  });
});
