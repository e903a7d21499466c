import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import { promisify } from "node:util";
import * as vscode from "vscode";
import { extensionApi, lineOf, openInEditor, waitFor, workspaceFile } from "../support/workspace";

/** `inventory.momoflow`: a JSON output, conditions on it and on a status, env, a test fixture. */
const FILE = "inventory.momoflow";
const PASSING = "the labels come from the fixture's stock";
const FAILING = "the apples are sold out (meant to fail)";

describe("structured outputs, conditions, env and test fixtures", () => {
  after(() => {
    // What the editor's run left in the workspace (a test's run works in a copy).
    rmSync(workspaceFile("label.txt").fsPath, { force: true });
  });

  it("the Testing panel runs a test with a fixture folder and JSON expectations, and names a failed field", async () => {
    const { testing } = await extensionApi();
    await testing!.discover();
    const file = await waitFor(`the test items of ${FILE}`, () => {
      const item = testing!.controller.items.get(workspaceFile(FILE).toString());
      return item && item.children.size === 2 ? item : undefined;
    });
    const cancellation = new vscode.CancellationTokenSource();
    const summary = await testing!.run([file], cancellation.token);
    cancellation.dispose();
    assert.deepEqual(
      summary.outcomes.map((o) => [o.name, o.state]).sort(),
      [
        [FAILING, "failed"],
        [PASSING, "passed"],
      ],
      JSON.stringify(summary.outcomes),
    );
    const failed = summary.outcomes.find((o) => o.name === FAILING)!;
    assert.match(
      failed.messages.join("\n"),
      /expected the output of count\.items\[0\]\.left to be "0", but it was "3"/,
    );
  });

  it("a run from the editor skips a false when and an unneeded cleanup, and shows the env step's success", async () => {
    const api = await extensionApi();
    const document = await openInEditor(FILE);
    const run = await promisify(execFile)(
      process.execPath,
      [api.services.paths.cliPath, "run", document.uri.fsPath, "--workflow", "inventory"],
      { cwd: workspaceFile(".").fsPath, env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" } },
    ).then(
      (done) => ({ code: 0, stdout: done.stdout }),
      (error: { code?: number; stdout?: string }) => ({ code: error.code, stdout: error.stdout }),
    );
    assert.equal(run.code, 0, `the run succeeds: ${run.stdout}`);
    // The env-using step wrote what its variables hold (the workflow's and its own).
    assert.match(run.stdout ?? "", /label\s+\|\s+eu shelf B3/);
    const line = (step: string): number => lineOf(document, `step ${step} {`);
    let last: string[] = [];
    const shown = await waitFor("the figures of the inventory run", () => {
      const now = api.inlineMetrics!.shown(document.uri);
      last = [...now.values()];
      return /^✓ success/.test(now.get(line("label")) ?? "") &&
        /^– skipped/.test(now.get(line("restock")) ?? "")
        ? now
        : undefined;
    }).catch((error: Error) => {
      throw new Error(`${error.message}; shown: ${last.join(" | ")}`);
    });
    assert.match(shown.get(line("count"))!, /^✓ success · /);
    assert.match(shown.get(line("label"))!, /^✓ success · /);
    // Why each was skipped, as the record says it: its when as written.
    assert.equal(
      shown.get(line("restock")),
      "– skipped · when: steps.count.output.items[0].left < 1 is false",
    );
    assert.equal(
      shown.get(line("cleanup")),
      "– skipped · when: steps.label.status == failed is false",
      "nothing failed: the cleanup did not run",
    );
    for (const text of shown.values()) assert.doesNotMatch(text, /stale/);
  });
});
