import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LspStdioClient, uriOf } from "@momoflow/bench";
import { SERVER } from "../support/lsp-client";

/** Three problems in one step: which of them are published shows the limit in force. */
const THREE_PROBLEMS = 'workflow w {\n  step a {\n    needs: [x, y, z]\n    run: "x"\n  }\n}\n';

/**
 * `momoflow.maxNumberOfProblems` is a setting of each folder (`"scope":
 * "resource"`): the server asks for the settings of the document it
 * publishes, and each document gets its own folder's limit — over a real LSP
 * connection whose client answers `workspace/configuration` by `scopeUri`.
 */
describe("language server: settings of each folder (real LSP over stdio)", function () {
  this.timeout(30_000);
  let root = "";
  let client: LspStdioClient;
  const asked: (string | undefined)[] = [];

  before(async () => {
    root = mkdtempSync(join(tmpdir(), "momoflow-folder-settings-"));
    client = new LspStdioClient(SERVER, {
      configuration: (section, scopeUri) => {
        asked.push(scopeUri);
        const strict = scopeUri?.includes("/strict/") === true;
        return section === "momoflow" ? { maxNumberOfProblems: strict ? 1 : 2 } : null;
      },
    });
    await client.initialize(root);
  });

  after(async () => {
    await client?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("publishes each document's problems up to its own folder's limit", async () => {
    const strict = uriOf(join(root, "strict", "a.momoflow"));
    const loose = uriOf(join(root, "loose", "b.momoflow"));
    await client.open(strict, THREE_PROBLEMS);
    await client.open(loose, THREE_PROBLEMS);
    assert.equal((await client.waitForDiagnostics(strict)).length, 1);
    assert.equal((await client.waitForDiagnostics(loose)).length, 2);
    assert.ok(asked.includes(strict) && asked.includes(loose), JSON.stringify(asked));
  });
});
