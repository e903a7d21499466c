import { LanguageWorkspace } from "../language/workspace";
import { runTestBlock, type TestBlockResult } from "../testing/test-block-runner";
import {
  formatDiagnostic,
  type JsonDiagnostic,
  shownPath,
  toJsonDiagnostic,
} from "./diagnostic-format";
import type { Diagnostic } from "../language/diagnostic";
import { collectMomoflowFiles } from "./momoflow-files";
import { styleFor } from "./terminal-style";
import { formatDuration } from "../units/quantity-text";
import { UsageError } from "./usage-error";
import { parseCommandArgs } from "./command-args";
import { keepGoingWhenOutputCloses } from "./closed-output";
import { leaveGivenUpWorkBehind } from "./leave-given-up-work";
import { STOPPED_EXIT_CODE } from "./run-interrupt";
import { stopTestsOnInterrupt } from "./test-interrupt";
import { nothingToTestMessage } from "./nothing-to-test";
import { notRunReason, testsNotRun, type TestNotRun } from "./tests-not-run";
import type { TestDeclaration } from "../language/ast";

export const testHelp = `Usage: momoflow test <files or folders...> [options]

Runs the test blocks of .momoflow files, each in a fresh temporary working
directory, and checks their expectations. A passing test's directory is
removed; a failing one's is kept, with what its steps left and its run record
(.momoflow/runs/, each step's log), and its path is printed; the next run of
that test removes it.

Options:
  --filter TEXT        only tests whose name contains TEXT
  --test NAME          only the test named NAME exactly (repeat it for more;
                       --test=NAME for a name starting with -); a name no
                       test has is bad usage (exit 2)
  --json               print { tests, passed, failed, notRun, errors } as JSON (a
                       failed test's kept directory as its workingDirectory;
                       a test cancelled before its turn with status not_run
                       and its reason;
                       errors: those of files not run, as check --format json
                       gives them)
  -h, --help           show this help

Exit codes: 0 every test passed, 1 some failed, 2 bad usage, a file with
errors (they are printed and its tests do not run), or no test to run (no
test block in the files, none whose name contains the --filter TEXT, or a
--test NAME that no test has),
130 cancelled by Ctrl+C, SIGTERM or SIGHUP (the running test's run is
rolled back and its shell actions ended; a second one stops at once,
without the rollback).
`;

/** How long after its tests `momoflow test` exits when work left running still holds it. */
const LEFT_WORK_EXIT_MS = 3_000;

/** The options of `momoflow test` that pick and print its tests. */
interface TestOptions {
  filter?: string;
  test?: string[];
  json?: boolean;
}

/** `momoflow test`: returns the exit code. */
export async function testCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("test", {
    args: argv,
    allowPositionals: true,
    options: {
      filter: { type: "string" },
      test: { type: "string", multiple: true },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(testHelp);
    return 0;
  }
  if (positionals.length === 0)
    throw new UsageError(`test expects files or folders\n\n${testHelp}`);
  // Tests roll back and end their processes at the end: a closed output must not cut them short.
  keepGoingWhenOutputCloses();
  try {
    return await runTests(values, positionals);
  } finally {
    // Work a js() step left running (a timer) must not hold the process once the tests are done;
    // after the 2 s a given-up shell action has between SIGTERM and SIGKILL, so that it is killed first.
    leaveGivenUpWorkBehind(LEFT_WORK_EXIT_MS);
  }
}

/** The tests of the files and folders `positionals`, as the options `values` pick them: the exit code. */
async function runTests(values: TestOptions, positionals: readonly string[]): Promise<number> {
  const style = styleFor(process.stdout);
  const out = values.json ? process.stderr : process.stdout;
  const workspace = new LanguageWorkspace();
  const results: TestBlockResult[] = [];
  let broken = 0;
  // The errors of the files not run: `--json` reports them too, not the exit code alone.
  const fileErrors: Diagnostic[] = [];
  // Every test name seen, and the files checked: to say why nothing ran.
  const testNames: string[] = [];
  const checkedFiles: string[] = [];
  // Ctrl+C, SIGTERM (the editor's stop button) or SIGHUP (the terminal was
  // closed) cancels the running test: its run is rolled back and its shell
  // actions' process groups are ended; a second one stops at once.
  const interrupt = stopTestsOnInterrupt(process.stderr);
  // Cancelled with tests still to go: `--json` lists them, the last line counts them.
  const notRun: TestNotRun[] = [];
  const named = values.test;
  const selected = (tests: readonly TestDeclaration[]): TestDeclaration[] =>
    tests.filter(
      (t) =>
        (!values.filter || t.name.text.includes(values.filter)) &&
        (!named || named.includes(t.name.text)),
    );
  for (const file of collectMomoflowFiles(positionals)) {
    const check = workspace.check(file);
    if (interrupt.signal.aborted) {
      notRun.push(
        ...testsNotRun(
          check.document.path,
          selected(check.document.file.tests),
          interrupt.cancelledBy,
        ),
      );
      continue;
    }
    const errors = check.diagnostics.filter((d) => d.severity === "error");
    // Errors first: a file that does not parse may have lost its test blocks.
    if (errors.length > 0) {
      broken++;
      fileErrors.push(...errors);
      for (const d of errors) process.stderr.write(formatDiagnostic(d) + "\n");
      continue;
    }
    checkedFiles.push(shownPath(file));
    testNames.push(...check.document.file.tests.map((t) => t.name.text));
    if (check.document.file.tests.length === 0) continue;
    const tests = selected(check.document.file.tests);
    if (tests.length === 0) continue;
    out.write(style.bold(shownPath(file)) + "\n");
    for (const [index, test] of tests.entries()) {
      if (interrupt.signal.aborted) {
        notRun.push(...testsNotRun(check.document.path, tests.slice(index), interrupt.cancelledBy));
        break;
      }
      // JSON keeps paths whole, as \`momoflow check --format json\` does; text shows them as check does.
      const result = await runTestBlock(check, test, {
        signal: interrupt.signal,
        giveUpSignal: interrupt.giveUpSignal,
        onRunStart: (rollsBack) => (interrupt.rollsBack = rollsBack),
        ...(values.json ? {} : { showPath: shownPath }),
      });
      results.push(result);
      const mark =
        result.status === "passed" ? style.status("success", "✓") : style.status("failed", "✗");
      out.write(`  ${mark} ${result.name} ${style.dim(formatDuration(result.durationMs))}\n`);
      for (const f of result.failures) {
        out.write(`      ${style.status("failed", f.message)}\n`);
        out.write(
          style.dim(
            `      at ${shownPath(file)}:${f.range.start.line + 1}:${f.range.start.character + 1}\n`,
          ),
        );
      }
      if (result.workingDirectory)
        out.write(style.dim(`      working folder kept: ${result.workingDirectory}\n`));
    }
  }
  // A --test NAME no test has is a typo or a renamed test: never a pass of the others alone.
  const unknownNames = (named ?? []).filter((name) => !testNames.includes(name));
  if (broken === 0 && results.length === 0 && !interrupt.signal.aborted) {
    interrupt.dispose();
    process.stderr.write(
      nothingToTestMessage(
        unknownNames.length > 0 ? { named: unknownNames } : { filter: values.filter },
        testNames,
        checkedFiles,
      ) + "\n",
    );
    // A program reading --json gets its report however the tests went, none run included.
    if (values.json) writeJsonReport([], [], []);
    return 2;
  }
  const passed = results.filter((r) => r.status === "passed").length;
  const failed = results.length - passed;
  if (values.json) writeJsonReport(results, notRun, fileErrors.map(toJsonDiagnostic));
  else {
    const brokenFiles = broken
      ? `; ${broken} file${broken === 1 ? "" : "s"} with errors not run`
      : "";
    // As --json says it: how many were not run, and why.
    const rest =
      notRun.length > 0
        ? `; ${notRun.length} not run: ${notRunReason(interrupt.cancelledBy, notRun.length > 1)}`
        : "";
    out.write(`\n${passed} passed, ${failed} failed${brokenFiles}${rest}\n`);
  }
  interrupt.dispose();
  if (interrupt.signal.aborted) return STOPPED_EXIT_CODE;
  if (unknownNames.length > 0 && broken === 0) {
    process.stderr.write(
      nothingToTestMessage({ named: unknownNames }, testNames, checkedFiles) + "\n",
    );
    return 2;
  }
  if (broken > 0) return 2;
  return failed > 0 ? 1 : 0;
}

/**
 * `--json`'s report on stdout: every test run, then those the tests were
 * cancelled before (`not_run`), how many passed, failed and were not run,
 * and the errors of the files whose tests did not run (as `check --format json`).
 */
function writeJsonReport(
  results: readonly TestBlockResult[],
  notRun: readonly TestNotRun[],
  errors: readonly JsonDiagnostic[],
): void {
  const passed = results.filter((r) => r.status === "passed").length;
  const report = {
    tests: [...results, ...notRun],
    passed,
    failed: results.length - passed,
    notRun: notRun.length,
    errors,
  };
  process.stdout.write(JSON.stringify(report, null, 2) + "\n");
}
