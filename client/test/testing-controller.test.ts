import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import Module from "node:module";
import { join, resolve, sep } from "node:path";
import type * as vscodeTypes from "vscode";
import { WorkspaceSession } from "../../server/test/support/workspace-session";
import type { ClientServices } from "../src/client-services";
import type { OutlineClient } from "../src/outline/document-outline";
import type { TestRunSummary } from "../src/testing/test-runner";
import type * as FakeVscode from "./fakes/vscode";
import { keptTestFolders, waitFor } from "../../engine/test/support/cli-process";
import { processesWith } from "./helpers/processes-with";

const ROOT = resolve(__dirname, "../..");
const CLI = join(ROOT, "dist/cli.js");
const FIXTURES = join(ROOT, "test-fixtures/tests");

type Resolve = (request: string, ...rest: unknown[]) => string;
const moduleInternals = Module as unknown as { _resolveFilename: Resolve };
const TESTING_SOURCES = `${sep}client${sep}src${sep}testing${sep}`;

/** Loads client/src/testing fresh, with `vscode` resolved to the testing fake. */
function loadTesting(): {
  vscode: typeof FakeVscode;
  testing: typeof import("../src/testing/register-testing");
} {
  const fake = join(__dirname, "fakes/vscode.ts");
  for (const key of Object.keys(require.cache))
    if (key.includes(TESTING_SOURCES)) delete require.cache[key];
  const original = moduleInternals._resolveFilename;
  moduleInternals._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]) {
    return request === "vscode" ? fake : original.call(this, request, ...rest);
  };
  try {
    /* eslint-disable @typescript-eslint/no-require-imports -- loaded with the fake in place */
    const vscode = require("vscode") as typeof FakeVscode;
    const testing =
      require("../src/testing/register-testing") as typeof import("../src/testing/register-testing");
    /* eslint-enable @typescript-eslint/no-require-imports */
    return { vscode, testing };
  } finally {
    moduleInternals._resolveFilename = original;
  }
}

/**
 * The Testing panel's controller, end to end without VS Code: a fake `vscode`
 * (its testing API records what each run was told), the real language server
 * for the outlines (files read from disk), and the real CLI for runs. What only a real VS Code
 * shows (the tree, gutter icons, the diff peek) is checked in the
 * extension-host suite.
 */
describe("client: Testing panel controller (fake vscode, real server and CLI)", function () {
  this.timeout(60_000);
  let vscode: typeof FakeVscode;
  let registerTesting: typeof import("../src/testing/register-testing").registerTesting;
  let controller: FakeVscode.TestController;
  /** The folder of the tests and the real language server on it. */
  let session: WorkspaceSession | undefined;
  let dir = "";
  let trusted = true;
  /** The URI of each outline request the panel sent, in order. */
  const outlineRequests: string[] = [];
  /**
   * The language client as the services give it (vscode-languageclient's
   * State: 2 running, 3 starting): its requests go to the real server.
   */
  const clientWith = (
    state: number,
    start: () => Promise<void> = async () => undefined,
  ): { state: number; start(): Promise<void> } & OutlineClient => ({
    state,
    start,
    sendRequest: (type, params, token) => {
      outlineRequests.push(params.textDocument.uri);
      return session!.client.connection.sendRequest(type, params, token as never);
    },
  });
  let languageClient = clientWith(2);
  const context = { subscriptions: [] as { dispose(): unknown }[] };
  const marker = `${50 + Math.floor(Math.random() * 1000) / 1000}`;
  const path = (name: string): string => join(dir, name);
  let uri: (name: string) => FakeVscode.Uri;

  const fileItem = (name: string) => controller.items.get(uri(name).toString());
  const childIds = (name: string): string[] => {
    const ids: string[] = [];
    fileItem(name)?.children.forEach((item) => ids.push(item.id));
    return ids;
  };
  const listed = (): string[] => {
    const labels: string[] = [];
    controller.items.forEach((item) => labels.push(item.label));
    return labels.sort();
  };
  const profile = () => controller.profiles[0]!;
  /** Runs a request through the default profile, as the Testing view's buttons do. */
  const runRequest = async (
    include?: FakeVscode.TestItem[],
    exclude?: FakeVscode.TestItem[],
    token = new vscode.CancellationTokenSource().token,
  ): Promise<FakeVscode.TestRun> => {
    const before = controller.runs.length;
    await profile().runHandler(new vscode.TestRunRequest(include, exclude, profile()), token);
    assert.equal(controller.runs.length, before + 1);
    return controller.runs.at(-1)!;
  };
  const resultsOf = (run: FakeVscode.TestRun) =>
    run.events.filter((e) => !["enqueued", "started"].includes(e.type));
  const outputOf = (run: FakeVscode.TestRun): string => run.output.map((o) => o.text).join("");
  /** This process's TMPDIR before the describe: the controller starts the CLI with this process's environment. */
  let tmpdirBefore: string | undefined;

  before(async () => {
    // The CLI keeps a failing test's folder in its temporary folder: ours, removed at exit, not the machine's.
    tmpdirBefore = process.env.TMPDIR;
    process.env.TMPDIR = keptTestFolders();
    ({
      vscode,
      testing: { registerTesting },
    } = loadTesting());
    vscode.resetFake();
    uri = (name: string) => vscode.Uri.file(path(name));
    session = await WorkspaceSession.start({
      prefix: "momoflow-client-controller-",
      copies: {
        "meant-to-fail.momoflow": join(FIXTURES, "meant-to-fail.momoflow"),
        "every-expectation.momoflow": join(FIXTURES, "every-expectation.momoflow"),
      },
      files: {
        "nested/no-tests.momoflow": 'workflow w { step s { run: "echo hi" } }\n',
        "nested/broken.momoflow": [
          "workflow w {",
          "  step a { run: nosuch_cmd(x: 1) }",
          "}",
          'test "t1" { workflow: w  expect status == success }',
          'test "t2" { workflow: w  expect status == success }',
          "",
        ].join("\n"),
        "slow.momoflow": [
          "workflow slow {",
          `  step wait { run: "sleep ${marker}" }`,
          "}",
          'test "waits" { workflow: slow  expect status == success }',
          "",
        ].join("\n"),
      },
    });
    dir = session.dir;
    const { fakeWorkspace } = vscode;
    fakeWorkspace.folders.splice(0, Infinity, { uri: vscode.Uri.file(dir), name: "ws", index: 0 });
    fakeWorkspace.files.splice(
      0,
      Infinity,
      ...[
        "meant-to-fail.momoflow",
        "every-expectation.momoflow",
        "nested/no-tests.momoflow",
        "nested/broken.momoflow",
        "slow.momoflow",
      ].map(uri),
    );
    const services = {
      client: () => languageClient,
      output: vscode.window.createOutputChannel("momoflow testing"),
      statusBar: { setServerState: () => undefined, setLastRun: () => undefined },
      paths: { extensionUri: vscode.Uri.file(ROOT), cliPath: CLI, serverPath: "" },
      isTrusted: () => trusted,
    } as unknown as ClientServices;
    registerTesting(context as unknown as vscodeTypes.ExtensionContext, services);
    controller = vscode.controllers.at(-1)!;
  });

  after(async () => {
    for (const d of context.subscriptions) d.dispose();
    await session?.dispose();
    if (tmpdirBefore === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmpdirBefore;
    for (const key of Object.keys(require.cache))
      if (key.includes(TESTING_SOURCES)) delete require.cache[key];
  });

  it("creates the controller, a default Run profile and the momoflow.runTest command", () => {
    assert.equal(controller.id, "momoflow");
    assert.equal(controller.label, "momoflow tests");
    assert.deepEqual(
      controller.profiles.map((p) => [p.label, p.kind, p.isDefault]),
      [["Run", vscode.TestRunProfileKind.Run, true]],
    );
    assert.ok(vscode.recorded.commands.has("momoflow.runTest"));
    assert.equal(typeof controller.resolveHandler, "function");
    assert.equal(typeof controller.refreshHandler, "function");
    // Cheap activation: nothing is scanned until the panel asks.
    assert.equal(controller.items.size, 0);
    assert.deepEqual(outlineRequests, []);
  });

  it("lists every file with tests when the panel asks, tests in source order with their ranges", async () => {
    await controller.resolveHandler!(undefined);
    assert.deepEqual(listed(), [
      "broken.momoflow",
      "every-expectation.momoflow",
      "meant-to-fail.momoflow",
      "slow.momoflow",
    ]);
    assert.deepEqual(childIds("meant-to-fail.momoflow"), [
      "every expectation fails",
      "an injected failure makes success impossible",
    ]);
    const every = fileItem("meant-to-fail.momoflow")!.children.get("every expectation fails")!;
    assert.equal(every.label, "every expectation fails");
    assert.equal(every.uri?.toString(), uri("meant-to-fail.momoflow").toString());
    assert.deepEqual(every.range, new vscode.Range(9, 0, 18, 1));
    assert.equal(every.description, "tiny");
    assert.equal(fileItem("nested/broken.momoflow")!.description, "nested");
    assert.equal(fileItem("slow.momoflow")!.description, undefined);
    assert.deepEqual(childIds("nested/broken.momoflow"), ["t1", "t2"]);
  });

  it("runs everything (but the excluded): passed, failed with diffs at each expect, errored with the CLI's diagnostics", async () => {
    const run = await runRequest(undefined, [fileItem("slow.momoflow")!]);
    assert.ok(run.ended);
    const results = resultsOf(run);
    assert.deepEqual(
      results.map((e) => [e.type, e.id]),
      [
        ["passed", "every-expectation.momoflow/all forms hold"],
        ["passed", "every-expectation.momoflow/injected failure"],
        ["failed", "meant-to-fail.momoflow/every expectation fails"],
        ["failed", "meant-to-fail.momoflow/an injected failure makes success impossible"],
        ["errored", "broken.momoflow/t1"],
        ["errored", "broken.momoflow/t2"],
      ],
    );
    for (const e of results)
      if (e.type === "passed" || e.type === "failed") assert.ok((e.duration ?? 0) > 0, e.id);
    const failed = results[2] as Extract<FakeVscode.RunEvent, { type: "failed" }>;
    assert.equal(failed.messages.length, 7);
    const [first] = failed.messages;
    assert.equal(first!.message, "expected the run to be failed, but it was success");
    assert.equal(first!.expectedOutput, "failed");
    assert.equal(first!.actualOutput, "success");
    assert.equal(first!.location?.uri.toString(), uri("meant-to-fail.momoflow").toString());
    assert.deepEqual(first!.location?.range, new vscode.Range(11, 2, 11, 25));
    assert.deepEqual(
      failed.messages.map((m) => m.location?.range.start.line),
      [11, 12, 13, 14, 15, 16, 17],
    );
    const errored = results[4] as Extract<FakeVscode.RunEvent, { type: "errored" }>;
    const text = String(errored.messages[0]!.message);
    assert.match(text, /^The file has errors, so its tests cannot run \(exit code 2\):/);
    assert.match(text, /broken\.momoflow:2:17: error MF005: unknown command "nosuch_cmd"/);
    assert.deepEqual(errored.messages[0]!.location?.range, new vscode.Range(3, 0, 3, 51));
    // Every test was queued, then started, before its result.
    assert.equal(run.events.filter((e) => e.type === "enqueued").length, 6);
    assert.equal(run.events.filter((e) => e.type === "started").length, 6);
    // The CLI's report in the run's output, with CRLF line ends; one process per file.
    const output = outputOf(run);
    assert.match(output, /✗ every expectation fails/);
    assert.doesNotMatch(output, /[^\r]\n/);
    assert.equal(output.match(/^> .* test --json -- /gm)?.length, 3);
    assert.doesNotMatch(output, /--filter|--test/);
  });

  it("runs a file minus an excluded test: one process naming the rest", async () => {
    const file = fileItem("meant-to-fail.momoflow")!;
    const run = await runRequest([file], [file.children.get("every expectation fails")!]);
    assert.deepEqual(
      resultsOf(run).map((e) => [e.type, e.id]),
      [["failed", "meant-to-fail.momoflow/an injected failure makes success impossible"]],
    );
    assert.match(outputOf(run), /'--test=an injected failure makes success impossible' -- /);
  });

  it("momoflow.runTest runs one test as a TestRun and resolves with its outcome", async () => {
    const run = (args: unknown) =>
      vscode.commands.executeCommand("momoflow.runTest", args) as Promise<
        TestRunSummary | undefined
      >;
    const summary = await run({ uri: uri("every-expectation.momoflow"), test: "injected failure" });
    assert.equal(summary?.passed, 1);
    assert.deepEqual(
      summary?.outcomes.map((o) => [o.name, o.state, o.uri]),
      [["injected failure", "passed", uri("every-expectation.momoflow").toString()]],
    );
    const testRun = controller.runs.at(-1)!;
    assert.deepEqual(
      testRun.request.include?.map((i) => i.id),
      ["injected failure"],
    );
    // Filtered by the exact name; the output is tied to the test.
    assert.match(outputOf(testRun), /'--test=injected failure'/);
    assert.ok(
      testRun.output.every((o) => o.test === "every-expectation.momoflow/injected failure"),
    );
    // A URI given as a string works too.
    const again = await run({
      uri: uri("meant-to-fail.momoflow").toString(),
      test: "an injected failure makes success impossible",
    });
    assert.equal(again?.failed, 1);
    assert.match(again!.outcomes[0]!.messages[0]!, /but it was failed/);

    vscode.recorded.messages.length = 0;
    assert.equal(await run({ uri: uri("every-expectation.momoflow"), test: "nope" }), undefined);
    assert.deepEqual(vscode.recorded.messages, ['No test "nope" in every-expectation.momoflow.']);
  });

  it("momoflow.runTest from the palette or context menu: the test at the cursor, or a pick", async () => {
    const { fakeWindow } = vscode;
    const file = uri("every-expectation.momoflow");
    const run = (...args: unknown[]) =>
      vscode.commands.executeCommand("momoflow.runTest", ...args) as Promise<
        TestRunSummary | undefined
      >;
    try {
      // The palette, cursor inside "injected failure" (lines 37-43).
      fakeWindow.activeTextEditor = {
        document: { uri: file },
        selection: { active: new vscode.Position(40, 4) },
      };
      const atCursor = await run();
      assert.deepEqual(
        atCursor?.outcomes.map((o) => [o.name, o.state]),
        [["injected failure", "passed"]],
      );
      // The context menu (a URI), cursor outside any test: a pick, here "all".
      fakeWindow.activeTextEditor!.selection.active = new vscode.Position(2, 0);
      fakeWindow.picks.length = 0;
      const all = await run(file);
      assert.deepEqual(fakeWindow.picks, [
        [
          "$(run-all) All tests in every-expectation.momoflow",
          "all forms hold",
          "injected failure",
        ],
      ]);
      assert.deepEqual(
        all?.outcomes.map((o) => [o.name, o.state]),
        [
          ["all forms hold", "passed"],
          ["injected failure", "passed"],
        ],
      );
      // Dismissed pick: nothing runs.
      fakeWindow.pick = () => undefined;
      const runs = controller.runs.length;
      assert.equal(await run(file), undefined);
      assert.equal(controller.runs.length, runs);
      // No file at all.
      fakeWindow.activeTextEditor = undefined;
      vscode.recorded.messages.length = 0;
      assert.equal(await run(), undefined);
      assert.deepEqual(vscode.recorded.messages, [
        "Open a .momoflow file to run one of its tests.",
      ]);
      // A file without tests.
      assert.equal(await run(uri("nested/no-tests.momoflow")), undefined);
      assert.deepEqual(vscode.recorded.messages.at(-1), "nested/no-tests.momoflow has no tests.");
    } finally {
      fakeWindow.activeTextEditor = undefined;
      fakeWindow.pick = (items) => items[0];
    }
  });

  it("cancelling stops the running test with what it started, and skips the rest", async function () {
    if (process.platform !== "linux") this.skip();
    let current: FakeVscode.TestRun | undefined;
    controller.onRun = (run) => (current = run);
    const started = Date.now();
    const running = runRequest([
      fileItem("slow.momoflow")!,
      fileItem("every-expectation.momoflow")!,
    ]);
    await waitFor(() => processesWith(`sleep ${marker}`).length > 0, "the slow step");
    current!.cancel(); // the Testing view's stop button
    const run = await running;
    controller.onRun = undefined;
    assert.ok(Date.now() - started < 15_000);
    assert.deepEqual(
      resultsOf(run).map((e) => [e.type, e.id]),
      [
        ["skipped", "slow.momoflow/waits"],
        ["skipped", "every-expectation.momoflow/all forms hold"],
        ["skipped", "every-expectation.momoflow/injected failure"],
      ],
    );
    assert.deepEqual(
      run.events.filter((e) => e.type === "started").map((e) => e.id),
      ["slow.momoflow/waits"],
    );
    assert.match(outputOf(run), /Cancelled\.\r\n$/);
    await waitFor(() => processesWith(`sleep ${marker}`).length === 0, "the step to end", 15_000);
  });

  it("refuses to run in Restricted Mode, saying why, and starts no process", async () => {
    trusted = false;
    try {
      const run = await runRequest([fileItem("every-expectation.momoflow")!]);
      const results = resultsOf(run) as Extract<FakeVscode.RunEvent, { type: "errored" }>[];
      assert.deepEqual(
        results.map((e) => [e.type, e.id, String(e.messages[0]?.message).split(".")[0]]),
        [
          [
            "errored",
            "every-expectation.momoflow/all forms hold",
            "Running tests is disabled in Restricted Mode",
          ],
          [
            "errored",
            "every-expectation.momoflow/injected failure",
            "Running tests is disabled in Restricted Mode",
          ],
        ],
      );
      assert.equal(run.events.filter((e) => e.type === "started").length, 0);
      assert.doesNotMatch(outputOf(run), /^> /m);
      vscode.recorded.messages.length = 0;
      await vscode.commands.executeCommand("momoflow.runTest", {
        uri: uri("every-expectation.momoflow"),
        test: "injected failure",
      });
      assert.match(
        vscode.recorded.messages[0] ?? "",
        /^Running tests is disabled in Restricted Mode/,
      );
    } finally {
      trusted = true;
    }
  });

  it("follows the workspace: created, edited (debounced), saved and deleted files", async () => {
    const { fakeWorkspace } = vscode;
    const watcher = fakeWorkspace.watchers[0]!;
    assert.equal(watcher.glob, "**/*.momoflow");
    const name = "added.momoflow";
    const key = uri(name).toString();
    const requests = () => outlineRequests.filter((u) => u === key).length;
    const write = (tests: string[]) =>
      writeFileSync(
        path(name),
        [
          'workflow w { step s { run: "echo hi" } }',
          ...tests.map((t) => `test "${t}" { workflow: w }`),
          "",
        ].join("\n"),
      );

    write(["first"]);
    watcher.create.fire(uri(name));
    await waitFor(() => fileItem(name) !== undefined, "the created file's item");
    assert.deepEqual(childIds(name), ["first"]);

    // Typing in the open document: many changes, one read after the pause.
    const document = { uri: uri(name), languageId: "momoflow", isDirty: true, version: 1 };
    fakeWorkspace.documents.push(document);
    const before = requests();
    write(["first", "second"]);
    for (let i = 0; i < 5; i++) {
      fakeWorkspace.changed.fire({ document, contentChanges: [{ text: "x" }] });
      await new Promise((r) => setTimeout(r, 30));
    }
    assert.equal(requests(), before);
    await waitFor(() => childIds(name).length === 2, "the edit to be read");
    assert.equal(requests(), before + 1);
    assert.deepEqual(childIds(name), ["first", "second"]);
    const first = fileItem(name)!.children.get("first");

    // Saving reads at once; items are kept (their results too), renamed ones replaced.
    write(["first", "renamed"]);
    fakeWorkspace.saved.fire(document);
    await waitFor(() => childIds(name).includes("renamed"), "the save to be read");
    assert.equal(fileItem(name)!.children.get("first"), first);
    fakeWorkspace.documents.splice(fakeWorkspace.documents.indexOf(document), 1);

    // The panel's refresh of one file (resolveHandler on an item).
    write(["only"]);
    await controller.resolveHandler!(fileItem(name));
    assert.deepEqual(childIds(name), ["only"]);

    // A file whose tests are all gone leaves the list; a deleted file too.
    write([]);
    watcher.change.fire(uri(name));
    await waitFor(() => fileItem(name) === undefined, "the file without tests to leave");
    write(["back"]);
    watcher.change.fire(uri(name));
    await waitFor(() => fileItem(name) !== undefined, "the file to come back");
    watcher.delete.fire(uri(name));
    assert.equal(fileItem(name), undefined);
    // A deleted folder takes its files with it.
    watcher.delete.fire(vscode.Uri.file(path("nested")));
    assert.equal(fileItem("nested/broken.momoflow"), undefined);
    // Files under node_modules are never listed.
    watcher.create.fire(vscode.Uri.file(path("node_modules/pkg/x.momoflow")));
    await new Promise((r) => setTimeout(r, 500));
    assert.ok(!outlineRequests.some((u) => u.includes("node_modules")));
  });

  it("waits for a language server that is starting before asking for outlines", async () => {
    const { fakeWorkspace } = vscode;
    const key = uri("every-expectation.momoflow").toString();
    const requests = () => outlineRequests.filter((u) => u === key).length;
    const before = requests();
    let startedAt = 0;
    languageClient = clientWith(
      3,
      () =>
        new Promise((done) =>
          setTimeout(() => {
            startedAt = Date.now();
            languageClient.state = 2;
            done();
          }, 300),
        ),
    );
    try {
      const document = {
        uri: uri("every-expectation.momoflow"),
        languageId: "momoflow",
        isDirty: false,
        version: 1,
      };
      fakeWorkspace.saved.fire(document);
      await new Promise((r) => setTimeout(r, 150));
      assert.equal(requests(), before, "asked before the server was up");
      await waitFor(() => requests() === before + 1, "the outline request");
      assert.ok(startedAt > 0);
      assert.deepEqual(childIds("every-expectation.momoflow"), [
        "all forms hold",
        "injected failure",
      ]);
    } finally {
      languageClient = clientWith(2);
    }
  });

  it("refreshes the whole workspace from the panel's refresh button", async () => {
    await controller.refreshHandler!(new vscode.CancellationTokenSource().token);
    assert.deepEqual(listed(), [
      "broken.momoflow",
      "every-expectation.momoflow",
      "meant-to-fail.momoflow",
      "slow.momoflow",
    ]);
  });
});
