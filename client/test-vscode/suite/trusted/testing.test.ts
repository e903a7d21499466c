import * as assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as vscode from "vscode";
import type { TestRunSummary } from "../../../src/testing/test-runner";
import {
  codeLenses,
  extensionApi,
  lineOf,
  openInEditor,
  positionOf,
  waitFor,
  workspaceFile,
} from "../support/workspace";

const TESTS = [
  "the report is published",
  "a failed publish leaves nothing behind",
  "the report is never published (meant to fail)",
];

describe("the Testing panel", () => {
  it("the controller discovers every test of the workspace, per file", async () => {
    const { testing } = await extensionApi();
    await testing!.discover();
    const file = testing!.controller.items.get(workspaceFile("report.momoflow").toString());
    const fileItems: vscode.TestItem[] = [];
    testing!.controller.items.forEach((item) => fileItems.push(item));
    assert.ok(file, `no item for report.momoflow among ${fileItems.map((i) => i.id).join(", ")}`);
    const labels: string[] = [];
    file.children.forEach((child) => labels.push(child.label));
    assert.deepEqual(labels.sort(), [...TESTS].sort());
    file.children.forEach((child) => assert.ok(child.range, `${child.label} has a location`));
  });

  it("a run of all tests reports the passed and the failed ones", async () => {
    const { testing } = await extensionApi();
    const summary = await testing!.runAll();
    // The workspace's other file with tests (inventory.momoflow) adds one of each.
    assert.equal(summary.passed, 3);
    assert.equal(summary.failed, 2);
    const report = workspaceFile("report.momoflow").toString();
    const outcomes = summary.outcomes.filter((o) => o.uri === report);
    const failed = outcomes.filter((o) => o.state === "failed");
    assert.deepEqual(
      failed.map((o) => o.name),
      [TESTS[2]],
    );
    assert.match(
      failed[0]!.messages.join("\n"),
      /expected the run to be failed, but it was success/,
    );
    assert.deepEqual(
      outcomes
        .filter((o) => o.state === "passed")
        .map((o) => o.name)
        .sort(),
      TESTS.slice(0, 2).sort(),
    );
  });

  it("▶ Run test on a test's CodeLens runs that test alone, through the Testing panel", async () => {
    const document = await openInEditor("report.momoflow");
    const lenses = await codeLenses(document.uri);
    const lens = lenses.find(
      (l) =>
        l.command?.title === "▶ Run test" &&
        l.range.start.line === lineOf(document, `test "${TESTS[0]}"`),
    );
    assert.ok(lens?.command, "a Run test lens above the first test");
    const summary = await vscode.commands.executeCommand<TestRunSummary>(
      lens.command.command,
      ...(lens.command.arguments ?? []),
    );
    assert.deepEqual(
      summary.outcomes.map((o) => [o.name, o.state]),
      [[TESTS[0], "passed"]],
    );
  });

  it("cancelling a run stops the test's whole process tree and reports it skipped", async () => {
    const { testing } = await extensionApi();
    const file = workspaceFile("cancel-me.momoflow");
    // A test that would nap for a minute, written for this test alone.
    await vscode.workspace.fs.writeFile(
      file,
      Buffer.from(
        `workflow sleepy {\n  step nap {\n    run: "${NAP}"\n  }\n}\n\ntest "naps" {\n  workflow: sleepy\n  expect status == success\n}\n`,
      ),
    );
    try {
      await testing!.discover();
      const item = await waitFor("the test item of cancel-me.momoflow", () =>
        testing!.controller.items.get(file.toString())?.children.get("naps"),
      );
      const cancellation = new vscode.CancellationTokenSource();
      const summary = testing!.run([item], cancellation.token);
      await waitFor(`the test's \`${NAP}\` to run`, () =>
        napping().length > 0 ? true : undefined,
      );
      cancellation.cancel();
      const result = await summary;
      assert.deepEqual(
        result.outcomes.map((o) => [o.name, o.state]),
        [["naps", "skipped"]],
      );
      await waitFor(
        `no \`${NAP}\` left`,
        () => (napping().length === 0 ? true : undefined),
        10_000,
      );
      cancellation.dispose();
    } finally {
      await vscode.workspace.fs.delete(file);
    }
  });

  it("running one test runs that test alone, not the others whose names contain its name", async () => {
    const { testing } = await extensionApi();
    const file = workspaceFile("alike-names.momoflow");
    // Each test's step leaves a mark outside its own temporary folder, so that what ran is seen.
    const marks = mkdtempSync(join(tmpdir(), "momoflow-alike-names-"));
    const test = (name: string, mark: string): string =>
      `test "${name}" {\n  workflow: mark\n  params: { to: ${JSON.stringify(join(marks, mark))} }\n  expect status == success\n}\n`;
    writeFileSync(
      file.fsPath,
      `workflow mark {\n  param to: string\n  step touch {\n    run: "touch \${to}"\n    rollback: none\n  }\n}\n\n` +
        [
          test("deploy", "deploy"),
          test("deploy twice", "deploy-twice"),
          test("redeploy", "redeploy"),
        ].join("\n"),
    );
    try {
      await testing!.discover();
      const item = await waitFor("the test item deploy", () =>
        testing!.controller.items.get(file.toString())?.children.get("deploy"),
      );
      const cancellation = new vscode.CancellationTokenSource();
      const summary = await testing!.run([item], cancellation.token);
      cancellation.dispose();
      assert.deepEqual(
        summary.outcomes.map((o) => [o.name, o.state]),
        [["deploy", "passed"]],
      );
      assert.deepEqual(readdirSync(marks), ["deploy"], "the tests that ran");
    } finally {
      rmSync(file.fsPath, { force: true });
      rmSync(marks, { recursive: true, force: true });
    }
  });

  it("▶ Run test on a test just edited runs it as the editor shows it (saved first, as the Testing panel does)", async () => {
    const file = workspaceFile("edited-test.momoflow");
    writeFileSync(
      file.fsPath,
      'workflow w {\n  step s {\n    run: "true"\n  }\n}\n\ntest "holds" {\n  workflow: w\n  expect status == failed\n}\n',
    );
    try {
      const document = await openInEditor("edited-test.momoflow");
      const editor = await vscode.window.showTextDocument(document);
      // The user fixes the expectation and runs the test at once, without saving.
      const at = positionOf(document, "failed");
      await editor.edit((edit) =>
        edit.replace(new vscode.Range(at, at.translate(0, 6)), "success"),
      );
      assert.equal(document.isDirty, true);
      const summary = await vscode.commands.executeCommand<TestRunSummary>("momoflow.runTest", {
        uri: document.uri,
        test: "holds",
      });
      assert.deepEqual(
        summary.outcomes.map((o) => [o.name, o.state, o.messages.join("\n")]),
        [["holds", "passed", ""]],
      );
      assert.equal(document.isDirty, false, "the file was saved before its test ran");
    } finally {
      await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
      rmSync(file.fsPath, { force: true });
    }
  });

  it("tests of a folder that is deleted leave the panel", async () => {
    const { testing } = await extensionApi();
    await testing!.discover();
    const folder = workspaceFile("gone soon");
    mkdirSync(folder.fsPath, { recursive: true });
    const file = vscode.Uri.joinPath(folder, "kept.momoflow");
    writeFileSync(
      file.fsPath,
      'workflow w {\n  step a {\n    run: "echo a"\n  }\n}\n\ntest "kept for now" {\n  workflow: w\n  expect status == success\n}\n',
    );
    await waitFor("the new file's test", () => testing!.controller.items.get(file.toString()));
    rmSync(folder.fsPath, { recursive: true, force: true });
    await waitFor("the deleted folder's tests to go", () =>
      testing!.controller.items.get(file.toString()) ? undefined : true,
    );
  });
});

/**
 * The nap of the test that is cancelled: a minute and a fraction that is this
 * extension host's pid, so a suite running beside this one on the machine
 * (its own nap) is not taken for it.
 */
const NAP = `sleep 61.${process.pid}`;

/** The pids of the processes running {@link NAP} (Linux `/proc`). */
function napping(): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim() === NAP;
      } catch {
        return false;
      }
    })
    .map(Number);
}
