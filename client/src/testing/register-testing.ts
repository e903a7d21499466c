import * as vscode from "vscode";
import type { ClientServices } from "../client-services";
import { TestDiscovery } from "./test-discovery";
import { RESTRICTED_MODE_MESSAGE, TestRunner, type TestRunSummary } from "./test-runner";
import { TestTree } from "./test-tree";
import { RUN_TEST_COMMAND } from "../commands";

/** The arguments of {@link RUN_TEST_COMMAND}. */
export interface RunTestArgs {
  readonly uri: vscode.Uri | string;
  readonly test: string;
}

/** The Testing panel as the extension's API offers it (extension-host tests). */
export interface TestingApi {
  /** The "momoflow tests" controller (its items are the discovered tests). */
  readonly controller: vscode.TestController;
  /** Finds every test of the workspace, as opening the Testing panel does. */
  discover(): Promise<void>;
  /** Runs every test of the workspace through the Run profile, as "Run All Tests" does. */
  runAll(): Promise<TestRunSummary>;
  /** Runs these test (or file) items through the Run profile; cancelling `token` stops the run. */
  run(items: readonly vscode.TestItem[], token: vscode.CancellationToken): Promise<TestRunSummary>;
}

/**
 * The Testing panel: a `TestController` ("momoflow tests") listing every
 * `test` block of the workspace per file, a default Run profile, and the
 * `momoflow.runTest` command, which runs one test through the same
 * controller (its result shows in the Testing view) and resolves with the
 * run's summary (undefined when nothing ran).
 */
export function registerTesting(
  context: vscode.ExtensionContext,
  services: ClientServices,
): { testing: TestingApi } {
  const controller = vscode.tests.createTestController("momoflow", "momoflow tests");
  const tree = new TestTree(controller);
  const discovery = new TestDiscovery(tree, services);
  const runner = new TestRunner(controller, tree, discovery, services);

  // Lazy: the workspace is scanned when the Testing panel first asks for the
  // tests; a file item is read again when it is expanded.
  controller.resolveHandler = async (item) => {
    if (!item) await discovery.discoverWorkspace();
    else if (item.uri) await discovery.refreshFile(item.uri);
  };
  controller.refreshHandler = () => discovery.rediscoverWorkspace();

  // Always offered, so that in Restricted Mode a run says why it does nothing.
  const profile = controller.createRunProfile(
    "Run",
    vscode.TestRunProfileKind.Run,
    (request, token) => runner.run(request, token).then(() => undefined),
    true,
  );

  context.subscriptions.push(
    controller,
    profile,
    discovery,
    vscode.commands.registerCommand(
      RUN_TEST_COMMAND,
      (args?: RunTestArgs | vscode.Uri): Promise<TestRunSummary | undefined> =>
        runTestCommand(args, { tree, discovery, runner, profile, services }),
    ),
  );
  // Gutter icons for the documents already open; the workspace scan waits for the panel.
  discovery.refreshOpenDocuments();
  const parts: TestingParts = { tree, discovery, runner, profile, services };
  return {
    testing: {
      controller,
      discover: () => discovery.discoverWorkspace(),
      runAll: async () => {
        await discovery.discoverWorkspace();
        return runRequest(new vscode.TestRunRequest(undefined, undefined, profile), parts);
      },
      run: (items, token) =>
        runner.run(new vscode.TestRunRequest(items, undefined, profile), token),
    },
  };
}

interface TestingParts {
  readonly tree: TestTree;
  readonly discovery: TestDiscovery;
  readonly runner: TestRunner;
  readonly profile: vscode.TestRunProfile;
  readonly services: ClientServices;
}

/**
 * `momoflow.runTest`: with `{ uri, test }` (the CodeLens) runs that test;
 * from the editor's context menu (a URI) or the command palette (nothing)
 * runs the test at the cursor, or lets the user pick one of the file's tests
 * (or all of them).
 */
async function runTestCommand(
  args: RunTestArgs | vscode.Uri | undefined,
  parts: TestingParts,
): Promise<TestRunSummary | undefined> {
  const { tree, discovery, services } = parts;
  const given = isRunTestArgs(args) ? args : undefined;
  const uri = given
    ? toUri(given.uri)
    : args instanceof vscode.Uri
      ? args
      : vscode.window.activeTextEditor?.document.uri;
  if (!uri) {
    void vscode.window.showErrorMessage("Open a .momoflow file to run one of its tests.");
    return undefined;
  }
  if (!services.isTrusted()) void vscode.window.showWarningMessage(RESTRICTED_MODE_MESSAGE);
  else await saveBeforeTest();
  // The lens was computed from the document as it is now: read its tests again first.
  await discovery.refreshFile(uri);
  const file = vscode.workspace.asRelativePath(uri);
  if (given) {
    const item = tree.testItem(uri, given.test);
    if (item) return runItems([item], parts);
    void vscode.window.showErrorMessage(`No test "${given.test}" in ${file}.`);
    return undefined;
  }
  const fileItem = tree.fileItem(uri);
  const tests = fileItem ? tree.testItems(fileItem) : [];
  if (!fileItem || tests.length === 0) {
    void vscode.window.showInformationMessage(`${file} has no tests.`);
    return undefined;
  }
  const editor = vscode.window.activeTextEditor;
  if (editor?.document.uri.toString() === uri.toString()) {
    const atCursor = tests.find((item) => item.range?.contains(editor.selection.active));
    if (atCursor) return runItems([atCursor], parts);
  }
  const all = { label: `$(run-all) All tests in ${file}`, item: fileItem };
  const picked = await vscode.window.showQuickPick(
    [all, ...tests.map((item) => ({ label: item.label, description: item.description, item }))],
    { placeHolder: "Run which test?" },
  );
  return picked ? runItems([picked.item], parts) : undefined;
}

/**
 * Saves the editors with unsaved changes, as VS Code does before a run from
 * the Testing panel (`testing.saveBeforeTest`, on by default): the CLI runs
 * the files on disk, and a test just edited must run as the editor shows it.
 * A run from this command does not go through VS Code's test service.
 */
async function saveBeforeTest(): Promise<void> {
  if (!vscode.workspace.getConfiguration("testing").get<boolean>("saveBeforeTest", true)) return;
  await vscode.workspace.saveAll(false);
}

function runItems(items: readonly vscode.TestItem[], parts: TestingParts): Promise<TestRunSummary> {
  return runRequest(new vscode.TestRunRequest(items, undefined, parts.profile), parts);
}

async function runRequest(
  request: vscode.TestRunRequest,
  { runner }: TestingParts,
): Promise<TestRunSummary> {
  const cancellation = new vscode.CancellationTokenSource();
  try {
    return await runner.run(request, cancellation.token);
  } finally {
    cancellation.dispose();
  }
}

function isRunTestArgs(value: unknown): value is RunTestArgs {
  const args = value as Partial<RunTestArgs> | undefined;
  return (
    typeof args === "object" &&
    args !== null &&
    !(args instanceof vscode.Uri) &&
    typeof args.test === "string" &&
    (typeof args.uri === "string" || args.uri instanceof vscode.Uri)
  );
}

function toUri(uri: vscode.Uri | string): vscode.Uri {
  return typeof uri === "string" ? vscode.Uri.parse(uri) : uri;
}
