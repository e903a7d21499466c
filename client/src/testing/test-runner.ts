import { dirname } from "node:path";
import * as vscode from "vscode";
import type { ClientServices } from "../client-services";
import { cliRuntime, runtimeSettingProblem } from "../cli-runtime";
import { runCliProcess } from "./cli-process";
import { scriptStopMessages } from "./script-stop-messages";
import {
  commandLineText,
  planInvocations,
  testCommandArgs,
  type FileTestRequest,
  type TestInvocation,
} from "./test-invocations";
import {
  interpretInvocation,
  missingTestMessage,
  type InvocationOutcome,
  type TestFailure,
} from "./test-results";
import type { TestDiscovery } from "./test-discovery";
import { toRange, type TestTree } from "./test-tree";

/** Why nothing runs in an untrusted workspace. */
export const RESTRICTED_MODE_MESSAGE =
  "Running tests is disabled in Restricted Mode. Trust this workspace (Manage Workspace Trust) to run momoflow tests.";

/** How one test ended in a run (what `momoflow.runTest` resolves with). */
export interface TestOutcome {
  /** The test item's id within its file (the test's name). */
  readonly id: string;
  readonly name: string;
  /** The file's URI, as a string. */
  readonly uri: string;
  readonly state: "passed" | "failed" | "errored" | "skipped";
  readonly durationMs?: number;
  /** The failure or error messages, in order. */
  readonly messages: readonly string[];
}

/** The outcome of a run, test by test. */
export interface TestRunSummary {
  readonly outcomes: readonly TestOutcome[];
  readonly passed: number;
  readonly failed: number;
  readonly errored: number;
  readonly skipped: number;
}

/** A test about to run: its item, name and file. */
interface SelectedTest {
  readonly item: vscode.TestItem;
  readonly name: string;
  readonly uri: vscode.Uri;
}

/**
 * Runs tests for the Testing panel: each file's tests through the bundled
 * CLI (`momoflow test --json`) with VS Code's runtime, one process per file
 * (or per test when only some of a file's tests are picked), one after
 * another; the CLI's report becomes passed / failed (with the failed
 * expectations' messages, expected and actual values, and locations) /
 * errored results. Cancelling stops the running process with everything it
 * started and skips what is left.
 */
export class TestRunner {
  constructor(
    private readonly controller: vscode.TestController,
    private readonly tree: TestTree,
    private readonly discovery: TestDiscovery,
    private readonly services: ClientServices,
  ) {}

  /** The run profile's handler: runs what `request` asks for and ends the run. */
  async run(
    request: vscode.TestRunRequest,
    token: vscode.CancellationToken,
  ): Promise<TestRunSummary> {
    const run = this.controller.createTestRun(request);
    const report = new RunReport(run);
    const abort = new AbortController();
    const subscriptions = [
      token.onCancellationRequested(() => abort.abort()),
      run.token.onCancellationRequested(() => abort.abort()),
    ];
    if (token.isCancellationRequested) abort.abort();
    let selected: SelectedTest[] = [];
    try {
      selected = await this.select(request);
      if (!this.services.isTrusted()) {
        for (const test of selected) report.errored(test, [RESTRICTED_MODE_MESSAGE]);
        run.appendOutput(`${RESTRICTED_MODE_MESSAGE}\r\n`);
        return report.summary();
      }
      for (const test of selected) run.enqueued(test.item);
      this.noteUnsavedFiles(run, selected);
      for (const invocation of planInvocations(requestsOf(selected, request))) {
        const tests = selected.filter(
          (t) => t.uri.fsPath === invocation.file && invocation.tests.includes(t.name),
        );
        if (abort.signal.aborted) {
          for (const test of tests) report.skipped(test);
          continue;
        }
        await this.runInvocation(run, report, invocation, tests, abort.signal);
      }
      if (abort.signal.aborted) run.appendOutput("Cancelled.\r\n");
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.services.output.error(`Testing: the run failed: ${message}`);
      for (const test of selected)
        if (!report.has(test)) report.errored(test, [`The run failed: ${message}`]);
    } finally {
      for (const s of subscriptions) s.dispose();
      run.end();
    }
    return report.summary();
  }

  private async runInvocation(
    run: vscode.TestRun,
    report: RunReport,
    invocation: TestInvocation,
    tests: readonly SelectedTest[],
    signal: AbortSignal,
  ): Promise<void> {
    const uri = tests[0]?.uri ?? vscode.Uri.file(invocation.file);
    const cwd = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? dirname(invocation.file);
    const setting = vscode.workspace.getConfiguration("momoflow", uri).get<string>("runtime");
    const problem = runtimeSettingProblem(setting);
    if (problem) {
      const message = `${problem} Nothing was run.`;
      run.appendOutput(crlf(`${message}\n`));
      for (const test of tests) report.errored(test, [message]);
      return;
    }
    const runtime = cliRuntime(process.execPath, setting, process.env);
    const args = testCommandArgs(this.services.paths.cliPath, invocation);
    // Output of a single test is tied to it (shown with its result).
    const single = tests.length === 1 ? tests[0]!.item : undefined;
    const append = (text: string): void => run.appendOutput(crlf(text), undefined, single);
    append(`> ${commandLineText(runtime.command, args)}\n`);
    for (const test of tests) run.started(test.item);
    const result = await runCliProcess({ runtime, args, cwd, signal, onStderr: append });
    if (result.cancelled) {
      for (const test of tests) report.skipped(test);
      return;
    }
    if (result.spawnError) append(`Could not start ${runtime.command}: ${result.spawnError}\n`);
    this.report(report, interpretInvocation(result, invocation.tests), tests, cwd);
  }

  /** `cwd`: the folder the CLI ran in, which the places in its messages are relative to. */
  private report(
    report: RunReport,
    outcome: InvocationOutcome,
    tests: readonly SelectedTest[],
    cwd: string,
  ): void {
    for (const test of tests) {
      if (outcome.kind === "errored") {
        report.errored(test, [outcome.message]);
        continue;
      }
      const result = outcome.results.get(test.name);
      if (!result) report.errored(test, [missingTestMessage(test.name)]);
      else if (result.status === "passed") report.passed(test, result.durationMs);
      // Not run: the CLI was stopped from outside before its turn (the panel's own cancel skips them too).
      else if (result.status === "not_run") report.skipped(test);
      else report.failed(test, result.failures, result.durationMs, cwd);
    }
  }

  /** The tests a request asks for: included items and their children, minus the excluded. */
  private async select(request: vscode.TestRunRequest): Promise<SelectedTest[]> {
    let roots = request.include;
    if (!roots) {
      await this.discovery.discoverWorkspace();
      roots = this.tree.fileItems();
    }
    const excluded = new Set(request.exclude ?? []);
    const selected: SelectedTest[] = [];
    const seen = new Set<vscode.TestItem>();
    const add = (item: vscode.TestItem): void => {
      const data = this.tree.dataOf(item);
      if (!data || excluded.has(item) || seen.has(item)) return;
      seen.add(item);
      if (data.kind === "test") selected.push({ item, name: data.name, uri: data.uri });
      else for (const child of this.tree.testItems(item)) add(child);
    };
    for (const root of roots) add(root);
    return selected;
  }

  /** Tests run on the saved file: say so when an open document has unsaved edits. */
  private noteUnsavedFiles(run: vscode.TestRun, selected: readonly SelectedTest[]): void {
    const files = new Set(selected.map((t) => t.uri.toString()));
    for (const document of vscode.workspace.textDocuments)
      if (document.isDirty && files.has(document.uri.toString()))
        run.appendOutput(
          crlf(
            `Note: ${vscode.workspace.asRelativePath(document.uri)} has unsaved changes; its tests run on the saved file.\n`,
          ),
        );
  }
}

/** Per file: all of it (its file item was picked and none of its tests excluded), or the picked tests. */
function requestsOf(
  selected: readonly SelectedTest[],
  request: vscode.TestRunRequest,
): FileTestRequest[] {
  const whole = new Set<string>();
  const excluded = request.exclude ?? [];
  const fileExcluded = (uri: vscode.Uri): boolean =>
    excluded.some((item) => item.uri?.toString() === uri.toString());
  for (const item of request.include ?? [])
    if (item.uri && item.parent === undefined && !fileExcluded(item.uri))
      whole.add(item.uri.toString());
  if (!request.include)
    for (const t of selected) if (!fileExcluded(t.uri)) whole.add(t.uri.toString());
  return selected.map((t) => ({
    file: t.uri.fsPath,
    tests: [t.name],
    wholeFile: whole.has(t.uri.toString()),
  }));
}

/** Records each test's end on the run, once, and keeps a summary for callers. */
class RunReport {
  private readonly outcomes = new Map<vscode.TestItem, TestOutcome>();

  constructor(private readonly run: vscode.TestRun) {}

  has(test: SelectedTest): boolean {
    return this.outcomes.has(test.item);
  }

  passed(test: SelectedTest, durationMs: number): void {
    if (this.record(test, "passed", [], durationMs)) this.run.passed(test.item, durationMs);
  }

  failed(
    test: SelectedTest,
    failures: readonly TestFailure[],
    durationMs: number,
    cwd: string,
  ): void {
    const messages =
      failures.length > 0
        ? failures.map((f) => failureMessage(f, test.uri))
        : [located(new vscode.TestMessage("The test failed."), test)];
    // Where a step's script stopped, shown at that line too.
    for (const stop of scriptStopMessages(failures, cwd, test.uri.fsPath)) {
      const message = new vscode.TestMessage(stop.text);
      message.location = new vscode.Location(
        vscode.Uri.file(stop.file),
        new vscode.Position(stop.line, 0),
      );
      messages.push(message);
    }
    const texts = messages.map((m) =>
      typeof m.message === "string" ? m.message : m.message.value,
    );
    if (this.record(test, "failed", texts, durationMs))
      this.run.failed(test.item, messages, durationMs);
  }

  errored(test: SelectedTest, texts: readonly string[]): void {
    if (this.record(test, "errored", texts))
      this.run.errored(
        test.item,
        texts.map((text) => located(new vscode.TestMessage(text), test)),
      );
  }

  skipped(test: SelectedTest): void {
    if (this.record(test, "skipped", [])) this.run.skipped(test.item);
  }

  summary(): TestRunSummary {
    const outcomes = [...this.outcomes.values()];
    const count = (state: TestOutcome["state"]): number =>
      outcomes.filter((o) => o.state === state).length;
    return {
      outcomes,
      passed: count("passed"),
      failed: count("failed"),
      errored: count("errored"),
      skipped: count("skipped"),
    };
  }

  private record(
    test: SelectedTest,
    state: TestOutcome["state"],
    messages: readonly string[],
    durationMs?: number,
  ): boolean {
    if (this.outcomes.has(test.item)) return false;
    this.outcomes.set(test.item, {
      id: test.item.id,
      name: test.name,
      uri: test.uri.toString(),
      state,
      ...(durationMs !== undefined ? { durationMs } : {}),
      messages,
    });
    return true;
  }
}

/** A failed expectation: a diff when both values are known, at the `expect` it comes from. */
function failureMessage(failure: TestFailure, uri: vscode.Uri): vscode.TestMessage {
  const message =
    failure.expected !== undefined && failure.actual !== undefined
      ? vscode.TestMessage.diff(failure.message, failure.expected, failure.actual)
      : new vscode.TestMessage(failure.message);
  message.location = new vscode.Location(uri, toRange(failure.range));
  return message;
}

/** A message shown at the test's own location. */
function located(message: vscode.TestMessage, test: SelectedTest): vscode.TestMessage {
  if (test.item.range) message.location = new vscode.Location(test.uri, test.item.range);
  return message;
}

/** The run's output wants CRLF line ends. */
function crlf(text: string): string {
  return text.replace(/\r?\n/g, "\r\n");
}
