/**
 * What `momoflow test --json` reports, read and checked: the CLI's output is
 * parsed, its shape validated, and mapped to a neutral model the Testing
 * panel turns into `TestRun` calls. No `vscode` import here, so this is
 * unit-tested against the real CLI with plain mocha.
 */

/** A position in a file: 0-based line, 0-based UTF-16 character (as LSP and VS Code count). */
export interface TestPosition {
  readonly line: number;
  readonly character: number;
}

/** A span of a file, end exclusive. */
export interface TestRange {
  readonly start: TestPosition;
  readonly end: TestPosition;
}

/** One `expect` that did not hold, or the reason a test could not run. */
export interface TestFailure {
  readonly message: string;
  /** The expected value as text (strings as written, other values as JSON); absent when the CLI gave none. */
  readonly expected?: string;
  /** The actual value as text; absent when the CLI gave none. */
  readonly actual?: string;
  /** Where: the `expect` statement, or the test's name when the test could not start. */
  readonly range: TestRange;
}

/** The outcome of one `test` block. */
export interface TestResult {
  readonly name: string;
  /** The file as the CLI resolved it (absolute). */
  readonly file: string;
  /** The test's name in the file. */
  readonly range: TestRange;
  /** `not_run`: the tests were stopped (Ctrl+C, SIGTERM, SIGHUP) before its turn. */
  readonly status: "passed" | "failed" | "not_run";
  /** Why a test was not run (`the tests were cancelled (SIGTERM) before its turn`). */
  readonly reason?: string;
  readonly durationMs: number;
  readonly failures: readonly TestFailure[];
}

/** The whole report of one `momoflow test --json` invocation. */
export interface TestReport {
  readonly tests: readonly TestResult[];
  readonly passed: number;
  readonly failed: number;
}

/** The CLI's output was not the JSON report it promises; `message` says what was wrong. */
export class TestReportError extends Error {
  override readonly name = "TestReportError";
}

/** Exit codes of `momoflow test` (its help: 0 all passed, 1 some failed, 2 bad usage, a file with errors or no test to run). */
export const TEST_EXIT = { passed: 0, failed: 1, errors: 2, cancelled: 130 } as const;

/**
 * How `momoflow test` begins its refusal when `--filter` matched no test, or
 * a `--test NAME` names none (exit code 2: after running the named tests
 * there are, which its `--json` report still holds).
 */
const NO_TEST_SELECTED = /^momoflow: no test (?:matches|is named) /;

/**
 * Parses and validates the standard output of `momoflow test --json`.
 *
 * @throws TestReportError naming the first problem (not JSON, or which field
 *   has the wrong shape, e.g. `tests[1].failures[0].range.start.line`).
 */
export function parseTestReport(stdout: string): TestReport {
  const text = stdout.trim();
  if (text === "") throw new TestReportError("momoflow test printed no JSON report (empty output)");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new TestReportError(
      `momoflow test printed output that is not JSON (${(error as Error).message}): ${excerpt(text)}`,
    );
  }
  const root = record(json, "the report");
  return {
    tests: array(root.tests, "tests").map((t, i) => testResult(t, `tests[${i}]`)),
    passed: count(root.passed, "passed"),
    failed: count(root.failed, "failed"),
  };
}

/** What one run of the CLI ended with. */
export interface CliExit {
  /** The exit code, or null when the process was ended by a signal or never started. */
  readonly exitCode: number | null;
  /** The signal that ended the process, if one did. */
  readonly signal?: string | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when the process could not be started at all (e.g. ENOENT for the runtime). */
  readonly spawnError?: string;
}

/**
 * What one CLI invocation means for the tests it was asked to run:
 * - `reported`: each requested name that the CLI reported, with its result;
 *   `missing` are requested names it did not report (renamed or removed
 *   since the file was last read, or the file was not saved);
 * - `errored`: none of them has a result, and `message` says why (the file
 *   has errors, the CLI crashed or printed something unreadable).
 */
export type InvocationOutcome =
  | {
      readonly kind: "reported";
      readonly results: ReadonlyMap<string, TestResult>;
      readonly missing: readonly string[];
    }
  | { readonly kind: "errored"; readonly message: string };

/**
 * Interprets one `momoflow test <file> --json [--test=NAME]...` invocation for
 * the tests it was asked to run (`requested`, by exact name). Results for
 * other tests (a task's `--filter` matches substrings) are left out.
 */
export function interpretInvocation(
  exit: CliExit,
  requested: readonly string[],
): InvocationOutcome {
  const errored = (message: string): InvocationOutcome => ({ kind: "errored", message });
  const stderr = exit.stderr.trim();
  const withStderr = (message: string): string => (stderr ? `${message}\n\n${stderr}` : message);
  if (exit.spawnError !== undefined)
    return errored(`Could not start momoflow test: ${exit.spawnError}`);
  if (exit.exitCode === null)
    return errored(
      withStderr(
        `momoflow test was ended by ${exit.signal ?? "an unknown cause"} before it finished.`,
      ),
    );
  // Names no test has (renamed, removed or unsaved) are missing, each with its own message;
  // the tests that ran beside them are in the report.
  if (exit.exitCode === TEST_EXIT.errors && NO_TEST_SELECTED.test(stderr))
    return reportedFor(reportOrNone(exit.stdout)?.tests ?? [], requested);
  if (exit.exitCode === TEST_EXIT.errors)
    // Exit code 2 is a file with errors (diagnostics on stderr) or a refused usage ("momoflow: ...").
    return errored(
      withStderr(
        stderr.startsWith("momoflow:")
          ? "momoflow test refused to run (exit code 2):"
          : "The file has errors, so its tests cannot run (exit code 2):",
      ),
    );
  // Stopped from outside (Ctrl+C in its terminal, SIGTERM): its report still says what ran and what did not.
  const known = [TEST_EXIT.passed, TEST_EXIT.failed, TEST_EXIT.cancelled] as number[];
  if (!known.includes(exit.exitCode))
    return errored(
      withStderr(`momoflow test ended with an unexpected exit code ${exit.exitCode}.`),
    );
  let report: TestReport;
  try {
    report = parseTestReport(exit.stdout);
  } catch (error) {
    if (!(error instanceof TestReportError)) throw error;
    // Exit code 1 without a report: the CLI itself failed (it prints "momoflow: <error>").
    return errored(withStderr(error.message));
  }
  return reportedFor(report.tests, requested);
}

/** The report of `stdout`, or undefined when it holds none (empty, or not a report). */
function reportOrNone(stdout: string): TestReport | undefined {
  try {
    return parseTestReport(stdout);
  } catch (error) {
    if (error instanceof TestReportError) return undefined;
    throw error;
  }
}

/** The results of the `requested` tests among `tests` (by exact name); the others missing. */
function reportedFor(
  tests: readonly TestResult[],
  requested: readonly string[],
): InvocationOutcome {
  const wanted = new Set(requested);
  const results = new Map<string, TestResult>();
  for (const test of tests)
    if (wanted.has(test.name) && !results.has(test.name)) results.set(test.name, test);
  return {
    kind: "reported",
    results,
    missing: requested.filter((name) => !results.has(name)),
  };
}

/** The message for a requested test the CLI did not report. */
export function missingTestMessage(name: string): string {
  return `momoflow test did not report the test "${name}". It may have been renamed or removed, or the file has unsaved changes (tests run on the saved file).`;
}

/** A value of the report as diff text: strings as they are, anything else as JSON. */
export function valueText(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string") return value;
  return JSON.stringify(value, null, 2) ?? String(value);
}

function testResult(value: unknown, at: string): TestResult {
  const t = record(value, at);
  const status = t.status;
  if (status !== "passed" && status !== "failed" && status !== "not_run")
    throw new TestReportError(
      `${at}.status should be "passed", "failed" or "not_run", not ${show(status)}`,
    );
  const result: TestResult = {
    name: string(t.name, `${at}.name`),
    file: string(t.file, `${at}.file`),
    range: range(t.range, `${at}.range`),
    status,
    durationMs: count(t.durationMs, `${at}.durationMs`),
    failures: array(t.failures, `${at}.failures`).map((f, i) => failure(f, `${at}.failures[${i}]`)),
  };
  return t.reason === undefined ? result : { ...result, reason: string(t.reason, `${at}.reason`) };
}

function failure(value: unknown, at: string): TestFailure {
  const f = record(value, at);
  const expected = valueText(f.expected);
  const actual = valueText(f.actual);
  return {
    message: string(f.message, `${at}.message`),
    ...(expected !== undefined ? { expected } : {}),
    ...(actual !== undefined ? { actual } : {}),
    range: range(f.range, `${at}.range`),
  };
}

function range(value: unknown, at: string): TestRange {
  const r = record(value, at);
  const start = position(r.start, `${at}.start`);
  const end = position(r.end, `${at}.end`);
  if (end.line < start.line || (end.line === start.line && end.character < start.character))
    throw new TestReportError(`${at} ends before it starts`);
  return { start, end };
}

function position(value: unknown, at: string): TestPosition {
  const p = record(value, at);
  return { line: index(p.line, `${at}.line`), character: index(p.character, `${at}.character`) };
}

function record(value: unknown, at: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new TestReportError(`${at} should be an object, not ${show(value)}`);
  return value as Record<string, unknown>;
}

function array(value: unknown, at: string): unknown[] {
  if (!Array.isArray(value))
    throw new TestReportError(`${at} should be an array, not ${show(value)}`);
  return value;
}

function string(value: unknown, at: string): string {
  if (typeof value !== "string")
    throw new TestReportError(`${at} should be a string, not ${show(value)}`);
  return value;
}

/** A finite number ≥ 0 (a count or a duration). */
function count(value: unknown, at: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0)
    throw new TestReportError(`${at} should be a number ≥ 0, not ${show(value)}`);
  return value;
}

/** A 0-based line or character: an integer ≥ 0. */
function index(value: unknown, at: string): number {
  if (!Number.isInteger(value) || (value as number) < 0)
    throw new TestReportError(`${at} should be an integer ≥ 0, not ${show(value)}`);
  return value as number;
}

function show(value: unknown): string {
  if (value === undefined) return "missing";
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  return excerpt(JSON.stringify(value));
}

function excerpt(text: string, max = 200): string {
  const line = text.replace(/\s+/g, " ");
  return line.length <= max ? line : `${line.slice(0, max)}…`;
}
