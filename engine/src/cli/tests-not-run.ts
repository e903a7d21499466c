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
  /** Why: `the tests were cancelled (SIGTERM) before its turn`. */
  reason: string;
  durationMs: 0;
  failures: [];
}

/**
 * Why a test did not run, `cancelledBy` naming what cancelled the tests
 * (`Ctrl+C`, `SIGTERM`, `SIGHUP`): `the tests were cancelled (SIGTERM)
 * before its turn`.
 */
export function notRunReason(cancelledBy: string | undefined, their = false): string {
  const by = cancelledBy === undefined ? "" : ` (${cancelledBy})`;
  return `the tests were cancelled${by} before ${their ? "their" : "its"} turn`;
}

/** The tests of `file` left when the tests were cancelled, in the order they would have run. */
export function testsNotRun(
  file: string,
  tests: readonly TestDeclaration[],
  cancelledBy: string | undefined,
): TestNotRun[] {
  return tests.map((test) => ({
    name: test.name.text,
    file,
    range: test.name.range,
    status: "not_run",
    reason: notRunReason(cancelledBy),
    durationMs: 0,
    failures: [],
  }));
}
