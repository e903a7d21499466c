import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { uriOf } from "../support/lsp-client";
import { useWorkspaceSession } from "../support/workspace-session";

const fixtures = resolve(__dirname, "../../../test-fixtures");

describe("language server: diagnostics (real LSP over stdio)", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-lsp-", each: true });

  it("announces incremental sync and its name", () => {
    const result = workspace.init;
    assert.equal(
      result.capabilities.textDocumentSync &&
        (result.capabilities.textDocumentSync as { change: number }).change,
      2,
    );
    assert.equal(result.serverInfo?.name, "momoflow");
  });

  it("publishes the checker's diagnostics with codes, related information and the unnecessary tag", async () => {
    const path = join(fixtures, "invalid", "mf004-duplicate.momoflow");
    const uri = uriOf(path);
    await workspace.client.open(uri, readFileSync(path, "utf8"));
    const diagnostics = await workspace.client.waitForDiagnostics(uri, 1);
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ["MF004", "MF004", "MF004", "MF004", "MF004", "MF004"],
    );
    const tidy = diagnostics[0]!;
    assert.equal(tidy.severity, 1);
    assert.equal(tidy.source, "momoflow");
    assert.deepEqual(tidy.range, {
      start: { line: 4, character: 8 },
      end: { line: 4, character: 12 },
    });
    assert.equal(tidy.relatedInformation?.[0]?.location.uri, uri);
    assert.deepEqual(tidy.relatedInformation?.[0]?.location.range.start, { line: 0, character: 8 });

    const unusedPath = join(fixtures, "invalid", "mf012-unused.momoflow");
    await workspace.client.open(uriOf(unusedPath), readFileSync(unusedPath, "utf8"));
    const unused = await workspace.client.waitForDiagnostics(uriOf(unusedPath), 1);
    assert.deepEqual(
      unused.map((d) => [d.code, d.severity, d.tags]),
      [
        ["MF012", 4, [1]],
        ["MF012", 4, [1]],
      ],
    );
  });

  it("follows incremental edits and publishes for the latest version", async () => {
    const uri = await workspace.open(
      "flow.momoflow",
      'workflow w {\n  step a {\n    run: "echo a"\n  }\n}\n',
    );
    assert.deepEqual(await workspace.client.waitForDiagnostics(uri, 1), []);
    // Break it: `needs: [b]` names no step.
    const v2 = await workspace.client.change(uri, [
      {
        range: { start: { line: 2, character: 17 }, end: { line: 2, character: 17 } },
        text: "\n    needs: [b]",
      },
    ]);
    const broken = await workspace.client.waitForDiagnostics(uri, v2);
    assert.deepEqual(
      broken.map((d) => d.code),
      ["MF002"],
    );
    assert.deepEqual(broken[0]!.range, {
      start: { line: 3, character: 12 },
      end: { line: 3, character: 13 },
    });
    // Fix it by renaming the step to b.
    const v3 = await workspace.client.change(uri, [
      { range: { start: { line: 1, character: 7 }, end: { line: 1, character: 8 } }, text: "b" },
    ]);
    const fixed = await workspace.client.waitForDiagnostics(uri, v3);
    assert.deepEqual(
      fixed.map((d) => d.code),
      ["MF003"],
      "b needs itself now",
    );
  });

  it("publishes for every new version, also one whose text is unchanged", async () => {
    const text = 'workflow w {\n  step a {\n    needs: [b]\n    run: "echo a"\n  }\n}\n';
    const uri = await workspace.open("same.momoflow", text);
    const first = await workspace.client.waitForPublish(uri, 0);
    assert.equal(first.version, 1);
    // A letter typed and deleted again, sent as one batched change.
    const at = { line: 3, character: 9 };
    const v2 = await workspace.client.change(uri, [
      { range: { start: at, end: at }, text: "x" },
      { range: { start: at, end: { line: 3, character: 10 } }, text: "" },
    ]);
    const second = await workspace.client.waitForPublish(uri, 1, 10_000);
    assert.equal(second.version, v2);
    assert.deepEqual(second.diagnostics, first.diagnostics);
    // A range replaced with the text it held.
    const v3 = await workspace.client.change(uri, [
      {
        range: { start: { line: 2, character: 4 }, end: { line: 2, character: 9 } },
        text: "needs",
      },
    ]);
    const third = await workspace.client.waitForPublish(uri, 2, 10_000);
    assert.equal(third.version, v3);
    assert.deepEqual(
      third.diagnostics.map((d) => d.code),
      ["MF002"],
    );
  });

  it("re-checks a document when a file it imports changes on disk", async () => {
    const common = workspace.path("common.momoflow");
    writeFileSync(common, 'command hello() {\n  run: "echo hi"\n}\n');
    const mainUri = workspace.uri("main.momoflow");
    await workspace.client.open(
      mainUri,
      'import "./common.momoflow"\nworkflow w {\n  step a {\n    run: hello()\n  }\n}\n',
    );
    assert.deepEqual(await workspace.client.waitForDiagnostics(mainUri, 1), []);
    workspace.client.diagnostics.delete(mainUri);
    writeFileSync(common, 'command goodbye() {\n  run: "echo bye"\n}\n');
    await workspace.client.fileChanged(uriOf(common), 2);
    const after = await workspace.client.waitForDiagnostics(mainUri);
    assert.deepEqual(
      after.map((d) => d.code),
      ["MF005"],
    );
  });

  it("limits the problems per file to momoflow.maxNumberOfProblems", async () => {
    workspace.client.settings = { maxNumberOfProblems: 2 };
    const path = join(fixtures, "invalid", "mf007-types.momoflow");
    await workspace.client.open(uriOf(path), readFileSync(path, "utf8"));
    assert.equal((await workspace.client.waitForDiagnostics(uriOf(path), 1)).length, 2);
  });
});
