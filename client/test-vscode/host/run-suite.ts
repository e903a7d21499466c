/**
 * Runs the extension-host suite with mocha inside VS Code's extension host.
 * Two launchers call it: `@vscode/test-electron` through {@link run} (its
 * `extensionTestsPath` contract), and the code-server launcher through the
 * test build's activation ({@link runSuiteToFile}).
 */
import { renameSync, writeFileSync } from "node:fs";
import Mocha from "mocha";

/** Which half of the suite: a trusted workspace, or Restricted Mode. */
export type SuiteMode = "trusted" | "restricted";

/** One test's outcome. */
export interface SuiteTestResult {
  readonly title: string;
  readonly state: "passed" | "failed" | "pending";
  readonly durationMs?: number;
  readonly error?: string;
}

/** What the suite reports (the code-server launcher reads it from a file). */
export interface SuiteReport {
  readonly mode: SuiteMode;
  readonly passed: number;
  readonly failed: number;
  readonly pending: number;
  readonly tests: readonly SuiteTestResult[];
  /** Set when the suite could not run at all. */
  readonly crashed?: string;
}

/** Runs the suite of `mode` and resolves with its report. */
export async function runSuite(mode: SuiteMode): Promise<SuiteReport> {
  const mocha = new Mocha({ ui: "bdd", timeout: 60_000, color: false, reporter: "spec" });
  // Runs only the tests whose title matches (while working on one of them).
  if (process.env.MOMOFLOW_SUITE_GREP) mocha.grep(process.env.MOMOFLOW_SUITE_GREP);
  // Files are bundled: give mocha's `describe`/`it` to the globals, then load them.
  mocha.suite.emit("pre-require", globalThis, "momoflow-extension-host-suite", mocha);
  // Loaded after "pre-require" (the bundler keeps a dynamic import lazy).
  if (mode === "trusted") await import("../suite/trusted");
  else await import("../suite/restricted");

  const tests: SuiteTestResult[] = [];
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on("pass", (test) =>
      tests.push({ title: test.fullTitle(), state: "passed", durationMs: test.duration }),
    );
    runner.on("fail", (test, error: Error) =>
      tests.push({
        title: test.fullTitle(),
        state: "failed",
        durationMs: test.duration,
        error: error.stack ?? error.message,
      }),
    );
    runner.on("pending", (test) => tests.push({ title: test.fullTitle(), state: "pending" }));
  });
  const count = (state: SuiteTestResult["state"]): number =>
    tests.filter((t) => t.state === state).length;
  return {
    mode,
    passed: count("passed"),
    failed: count("failed"),
    pending: count("pending"),
    tests,
  };
}

/** Runs the suite and writes its report to `file` as JSON, also when it crashes. */
export async function runSuiteToFile(mode: SuiteMode, file: string): Promise<void> {
  let report: SuiteReport;
  try {
    report = await runSuite(mode);
  } catch (error) {
    const crashed = error instanceof Error ? (error.stack ?? error.message) : String(error);
    report = { mode, passed: 0, failed: 0, pending: 0, tests: [], crashed };
  }
  // Written whole under another name, then renamed: the launcher, which waits
  // for the file to exist, never reads it half written.
  writeFileSync(`${file}.partial`, JSON.stringify(report, null, 2));
  renameSync(`${file}.partial`, file);
}

/** `@vscode/test-electron`'s entry: rejects when a test failed. */
export async function run(): Promise<void> {
  const mode: SuiteMode =
    process.env.MOMOFLOW_SUITE_MODE === "restricted" ? "restricted" : "trusted";
  const report = await runSuite(mode);
  if (report.failed > 0 || report.tests.length === 0)
    throw new Error(`${report.failed} of ${report.tests.length} extension-host tests failed`);
}
