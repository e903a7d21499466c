import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { promisify } from "node:util";
import * as vscode from "vscode";
import { extensionApi, lineOf, openInEditor, waitFor, workspaceFile } from "../support/workspace";

/** A fan-out over three items and a call of a workflow of two steps. */
const SOURCE = [
  "workflow groups {",
  "  concurrency: 2",
  "  step convert {",
  '    for_each: name in ["a", "b", "c"]',
  '    run: "echo ${name}"',
  "  }",
  "  step release {",
  "    needs: [convert]",
  "    run: workflow bump()",
  "  }",
  "}",
  "",
  "workflow bump {",
  '  step version { run: "echo 1.2.3" }',
  '  step tag { needs: [version] run: "echo v1.2.3" }',
  "}",
  "",
].join("\n");

describe("inline figures of a fan-out and of a workflow call", () => {
  let document: vscode.TextDocument;

  before(async () => {
    writeFileSync(workspaceFile("groups.momoflow").fsPath, SOURCE);
    document = await openInEditor("groups.momoflow");
  });

  after(() => {
    rmSync(workspaceFile("groups.momoflow").fsPath, { force: true });
  });

  it("count a fan-out's instances and a call's steps at the step that declares them", async () => {
    const api = await extensionApi();
    const run = await promisify(execFile)(
      process.execPath,
      [api.services.paths.cliPath, "run", document.uri.fsPath, "--workflow", "groups"],
      { cwd: workspaceFile(".").fsPath, env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" } },
    ).then(
      () => 0,
      (error: { code?: number; stdout?: string }) => `${error.code}: ${error.stdout}`,
    );
    assert.equal(run, 0, "the run succeeds");
    const convert = lineOf(document, "step convert");
    const release = lineOf(document, "step release");
    let last: string[] = [];
    const shown = await waitFor("the figures of convert and release", () => {
      const now = api.inlineMetrics!.shown(document.uri);
      last = [...now.values()];
      return /^3 ✓/.test(now.get(convert) ?? "") && /^2 ✓/.test(now.get(release) ?? "")
        ? now
        : undefined;
    }).catch((error: Error) => {
      throw new Error(`${error.message}; shown: ${last.join(" | ")}`);
    });
    assert.doesNotMatch(shown.get(convert)!, /stale/);
  });
});
