import type { Range, TestDeclaration } from "../language/ast";

/**
 * A test `momoflow test` was given but did not run: the tests were cancelled
 * (Ctrl+C, SIGTERM, SIGHUP) before its turn. `--json` lists it beside the
 * tests that ran, so a program reading the report sees every test it asked
 * for and what became of each.
 */
export interface TestNotRun {
  name: string;
  file: string;
  range: Range;
  status: "not_run";
  durationMs: 0;
  failures: [];
}

/** The tests of `file` left when the tests were cancelled, in the order they would have run. */
export function testsNotRun(file: string, tests: readonly TestDeclaration[]): TestNotRun[] {
  return tests.map((test) => ({
    name: test.name.text,
    file,
    range: test.name.range,
    status: "not_run",
    durationMs: 0,
    failures: [],
  }));
}
