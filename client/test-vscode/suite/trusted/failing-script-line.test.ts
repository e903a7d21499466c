import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import * as vscode from "vscode";
import { promisify } from "node:util";
import { extensionApi, lineOf, openInEditor, waitFor, workspaceFile } from "../support/workspace";

/** Written for this test and removed after it: a bash script that stops at its second line. */
const FILE = "stops-at-line.momoflow";
const SOURCE = `workflow stops_at_line {
  step deploy {
    shell: "bash"
    run: """
      echo starting
      false
      echo never
      """
  }
}

test "it deploys (meant to fail)" {
  workflow: stops_at_line
  expect status == success
}
`;

describe("the line where a failed bash script stopped", () => {
  before(() => writeFileSync(workspaceFile(FILE).fsPath, SOURCE));
  after(() => rmSync(workspaceFile(FILE).fsPath, { force: true }));

  it("is marked where it is written, and the step's figures and hover name it", async () => {
    const api = await extensionApi();
    const document = await openInEditor(FILE);
    const run = await promisify(execFile)(
      process.execPath,
      [api.services.paths.cliPath, "run", document.uri.fsPath],
      { cwd: workspaceFile(".").fsPath, env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" } },
    ).then(
      () => ({ code: 0 }),
      (error: { code?: number }) => ({ code: error.code }),
    );
    assert.equal(run.code, 1, "the run fails");
    const step = lineOf(document, "step deploy {");
    const stopped = lineOf(document, "      false");
    let last: string[] = [];
    const shown = await waitFor("the figures of the failed run", () => {
      const now = api.inlineMetrics!.shown(document.uri);
      last = [...now.entries()].map(([line, text]) => `${line}: ${text}`);
      return now.has(stopped) ? now : undefined;
    }).catch((error: Error) => {
      throw new Error(`${error.message}; shown: ${last.join(" | ")}`);
    });
    assert.equal(shown.get(stopped), "✗ the script stopped here: exit code 1");
    assert.match(shown.get(step)!, /^✗ failed · .* · exit code 1 at line 2, `false`: starting$/);
    const hovers = api.inlineMetrics!.hovers(document.uri);
    assert.match(hovers.get(stopped)!, /at line 2 of the script \(stops-at-line\.momoflow:6\)/);
    // A link to that line (the place written as Markdown text, each - and . escaped).
    const hover = hovers.get(step)!;
    assert.ok(
      hover.includes("The script stopped at [stops\\-at\\-line\\.momoflow:6](file://") &&
        hover.includes(`/${FILE}#L6 "Where the script stopped")`),
      hover,
    );
  });
  it("is where the Testing panel says the test's script stopped, beside its failed expect", async () => {
    const { testing } = await extensionApi();
    await testing!.discover();
    const file = await waitFor(`the test item of ${FILE}`, () => {
      const item = testing!.controller.items.get(workspaceFile(FILE).toString());
      return item && item.children.size === 1 ? item : undefined;
    });
    const cancellation = new vscode.CancellationTokenSource();
    const summary = await testing!.run([file], cancellation.token);
    cancellation.dispose();
    const outcome = summary.outcomes.find((o) => o.name === "it deploys (meant to fail)");
    assert.equal(outcome?.state, "failed", JSON.stringify(summary.outcomes));
    assert.ok(
      outcome.messages.includes(
        'The script stopped here: step "deploy" failed: exit code 1 at line 2, `false`: starting',
      ),
      JSON.stringify(outcome.messages),
    );
  });
});
