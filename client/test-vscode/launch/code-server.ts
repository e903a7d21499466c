/**
 * `npm run test:vscode-host`: the extension-host suite inside code-server's
 * real extension host. For each half of the suite (a trusted workspace, then
 * Restricted Mode) it installs the test build of the extension
 * (`.vscode-test/momoflow-under-test.vsix`, built by
 * `scripts/vscode/build-test-extension.mjs`), starts code-server on a fresh
 * copy of the fixture workspace, opens the workbench in headless Chromium
 * (the extension host starts when a window connects), waits for the suite's
 * report file, and ends every process it started. Exit code 1 when a test
 * failed or the suite did not report.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import type { SuiteMode, SuiteReport } from "../host/run-suite";
import { CodeServer } from "../support/code-server";
import { freshSessionFolders } from "../support/fixture-workspace";
import { openWorkbench } from "../support/workbench-browser";

const ROOT = resolve(__dirname, "../../..");
const VSIX = join(ROOT, ".vscode-test", "momoflow-under-test.vsix");
const RESULTS = join(ROOT, "test-results", "vscode-host");
const SUITE_TIMEOUT_MS = 10 * 60_000;

async function runHalf(mode: SuiteMode): Promise<SuiteReport> {
  const folders = freshSessionFolders(`host-${mode}`);
  const reportFile = join(folders.home, "report.json");
  const server = await CodeServer.start({
    home: folders.home,
    folder: folders.workspace,
    vsix: [VSIX],
    trust: mode === "trusted" ? "trusted" : "untrusted",
    env: {
      MOMOFLOW_SUITE_REPORT: reportFile,
      MOMOFLOW_SUITE_MODE: mode,
      MOMOFLOW_SUITE_GREP: process.env.MOMOFLOW_SUITE_GREP ?? "",
    },
  });
  let browser: Awaited<ReturnType<typeof openWorkbench>> | undefined;
  let report: SuiteReport | undefined;
  try {
    browser = await openWorkbench(server.url);
    const deadline = Date.now() + SUITE_TIMEOUT_MS;
    while (!existsSync(reportFile)) {
      if (Date.now() > deadline)
        throw new Error(
          `the ${mode} suite did not report within ${SUITE_TIMEOUT_MS / 60_000} min; code-server's log: ${server.logFile}`,
        );
      await new Promise((r) => setTimeout(r, 500));
    }
    await browser.page.screenshot({ path: join(RESULTS, `${mode}.png`) });
    report = JSON.parse(readFileSync(reportFile, "utf8")) as SuiteReport;
    return report;
  } finally {
    await browser?.close();
    await server.stop();
    // Kept when something failed: code-server's and the extension's logs are in it.
    if (report && report.failed === 0 && !report.crashed)
      rmSync(folders.home, { recursive: true, force: true });
    else console.error(`the session's folders (logs under user-data/logs): ${folders.home}`);
  }
}

function print(report: SuiteReport): void {
  console.log(`\n  extension-host suite (${report.mode} workspace, code-server)`);
  for (const test of report.tests) {
    const mark = test.state === "passed" ? "✓" : test.state === "failed" ? "✗" : "-";
    console.log(
      `    ${mark} ${test.title}${test.durationMs !== undefined ? ` (${test.durationMs} ms)` : ""}`,
    );
    if (test.error) console.log(test.error.replace(/^/gm, "        "));
  }
  if (report.crashed)
    console.log(`    the suite crashed:\n${report.crashed.replace(/^/gm, "        ")}`);
  console.log(`    ${report.passed} passing, ${report.failed} failing, ${report.pending} pending`);
}

async function main(): Promise<void> {
  if (!existsSync(VSIX))
    throw new Error(`${VSIX} is missing: run scripts/vscode/build-test-extension.mjs`);
  rmSync(RESULTS, { recursive: true, force: true });
  mkdirSync(RESULTS, { recursive: true });
  const modes: SuiteMode[] = process.argv.includes("--restricted-only")
    ? ["restricted"]
    : process.argv.includes("--trusted-only")
      ? ["trusted"]
      : ["trusted", "restricted"];
  let ok = true;
  for (const mode of modes) {
    const report = await runHalf(mode);
    print(report);
    if (report.failed > 0 || report.crashed || report.tests.length === 0) ok = false;
  }
  process.exitCode = ok ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
