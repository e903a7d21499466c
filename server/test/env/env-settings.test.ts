import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type {
  CompletionItem,
  CompletionList,
  Hover,
  MarkupContent,
  Position,
} from "vscode-languageserver-protocol";
import { LspTestClient, uriOf } from "../support/lsp-client";
import { at } from "../support/text-position";

const DOC = [
  "workflow deploy {",
  '  env: { REGION: "eu-west-1", MODE: "prod" }',
  "  step push {",
  '    env: { MODE: "canary" }',
  '    workdir: "site"',
  '    run: "deploy --region ${env.REGION} --mode ${env.MODE} --home ${env.HOME}"',
  "  }",
  "}",
  "",
].join("\n");

describe("language server: env: names (completion and hover) over stdio", function () {
  this.timeout(30_000);
  let client: LspTestClient;
  let dir: string;
  let uri: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "momoflow-env-"));
    client = new LspTestClient();
    await client.initialize(dir);
    uri = uriOf(join(dir, "deploy.momoflow"));
    await client.open(uri, DOC);
    await client.waitForDiagnostics(uri, 1);
  });
  after(async () => {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function complete(text: string, position: Position): Promise<CompletionItem[]> {
    const scratch = uriOf(join(dir, `scratch${Math.random().toString(36).slice(2)}.momoflow`));
    await client.open(scratch, text);
    await client.waitForDiagnostics(scratch, 1);
    const result = await client.request<CompletionList | null>("textDocument/completion", {
      textDocument: { uri: scratch },
      position,
      context: { triggerKind: 2, triggerCharacter: "." },
    });
    await client.closeDocument(scratch);
    return Array.isArray(result) ? result : (result?.items ?? []);
  }

  it("completes the names the step's and the workflow's env: set after ${env.", async () => {
    const text = DOC.replace("${env.HOME}", "${env.}");
    const items = await complete(text, at(text, "${env.}", 6));
    const byLabel = new Map(items.map((i) => [i.label, i.detail]));
    assert.equal(byLabel.get("MODE"), 'env.MODE = "canary"', "the step's value wins");
    assert.equal(byLabel.get("REGION"), 'env.REGION = "eu-west-1"');
  });

  it("completes them after env. in code too, and only the workflow's in another step", async () => {
    const text = DOC.replace(
      "  }\n}",
      '  }\n  step check {\n    when: env.\n    run: "true"\n  }\n}',
    );
    const items = await complete(text, at(text, "when: env.", 10));
    const byLabel = new Map(items.map((i) => [i.label, i.detail]));
    assert.equal(byLabel.get("MODE"), 'env.MODE = "prod"');
    assert.equal(byLabel.get("REGION"), 'env.REGION = "eu-west-1"');
  });

  async function hover(position: Position): Promise<string> {
    const result = await client.request<Hover | null>("textDocument/hover", {
      textDocument: { uri },
      position,
    });
    assert.ok(result, "a hover");
    return (result.contents as MarkupContent).value;
  }

  it("hovers a name an env: sets with its value expression, and says where it is set", async () => {
    const mode = await hover(at(DOC, "env.MODE", 5));
    assert.match(mode, /`env:` of step `push` to `"canary"`/);
    const region = await hover(at(DOC, "env.REGION", 5));
    assert.match(region, /`env:` of workflow `deploy` to `"eu-west-1"`/);
    const home = await hover(at(DOC, "env.HOME", 5));
    assert.match(home, /The run's environment variable `HOME`/);
  });
});
