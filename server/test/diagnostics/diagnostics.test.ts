import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { LspTestClient, uriOf } from "../support/lsp-client";

const fixtures = resolve(__dirname, "../../../test-fixtures");

describe("language server: diagnostics (real LSP over stdio)", function () {
  this.timeout(30_000);
  let client: LspTestClient;
  let dir: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "momoflow-lsp-"));
    client = new LspTestClient();
    await client.initialize(dir);
  });
  afterEach(async () => {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("announces incremental sync and its name", async () => {
    const fresh = new LspTestClient();
    try {
      const result = await fresh.initialize(dir);
      assert.equal(
        result.capabilities.textDocumentSync &&
          (result.capabilities.textDocumentSync as { change: number }).change,
        2,
      );
      assert.equal(result.serverInfo?.name, "momoflow");
    } finally {
      await fresh.close();
    }
  });

  it("publishes the checker's diagnostics with codes, related information and the unnecessary tag", async () => {
    const path = join(fixtures, "invalid", "mf004-duplicate.momoflow");
    const uri = uriOf(path);
    await client.open(uri, readFileSync(path, "utf8"));
    const diagnostics = await client.waitForDiagnostics(uri, 1);
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
    await client.open(uriOf(unusedPath), readFileSync(unusedPath, "utf8"));
    const unused = await client.waitForDiagnostics(uriOf(unusedPath), 1);
    assert.deepEqual(
      unused.map((d) => [d.code, d.severity, d.tags]),
      [
        ["MF012", 4, [1]],
        ["MF012", 4, [1]],
      ],
    );
  });

  it("follows incremental edits and publishes for the latest version", async () => {
    const uri = uriOf(join(dir, "flow.momoflow"));
    await client.open(uri, 'workflow w {\n  step a {\n    run: "echo a"\n  }\n}\n');
    assert.deepEqual(await client.waitForDiagnostics(uri, 1), []);
    // Break it: `needs: [b]` names no step.
    const v2 = await client.change(uri, [
      {
        range: { start: { line: 2, character: 17 }, end: { line: 2, character: 17 } },
        text: "\n    needs: [b]",
      },
    ]);
    const broken = await client.waitForDiagnostics(uri, v2);
    assert.deepEqual(
      broken.map((d) => d.code),
      ["MF002"],
    );
    assert.deepEqual(broken[0]!.range, {
      start: { line: 3, character: 12 },
      end: { line: 3, character: 13 },
    });
    // Fix it by renaming the step to b.
    const v3 = await client.change(uri, [
      { range: { start: { line: 1, character: 7 }, end: { line: 1, character: 8 } }, text: "b" },
    ]);
    const fixed = await client.waitForDiagnostics(uri, v3);
    assert.deepEqual(
      fixed.map((d) => d.code),
      ["MF003"],
      "b needs itself now",
    );
  });

  it("re-checks a document when a file it imports changes on disk", async () => {
    const common = join(dir, "common.momoflow");
    writeFileSync(common, 'command hello() {\n  run: "echo hi"\n}\n');
    const mainUri = uriOf(join(dir, "main.momoflow"));
    await client.open(
      mainUri,
      'import "./common.momoflow"\nworkflow w {\n  step a {\n    run: hello()\n  }\n}\n',
    );
    assert.deepEqual(await client.waitForDiagnostics(mainUri, 1), []);
    client.diagnostics.delete(mainUri);
    writeFileSync(common, 'command goodbye() {\n  run: "echo bye"\n}\n');
    await client.fileChanged(uriOf(common), 2);
    const after = await client.waitForDiagnostics(mainUri);
    assert.deepEqual(
      after.map((d) => d.code),
      ["MF005"],
    );
  });

  it("limits the problems per file to momoflow.maxNumberOfProblems", async () => {
    client.settings = { maxNumberOfProblems: 2 };
    const path = join(fixtures, "invalid", "mf007-types.momoflow");
    await client.open(uriOf(path), readFileSync(path, "utf8"));
    assert.equal((await client.waitForDiagnostics(uriOf(path), 1)).length, 2);
  });
});
