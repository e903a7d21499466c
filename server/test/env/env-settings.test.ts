import assert from "node:assert/strict";
import type { CompletionItem, Position } from "vscode-languageserver-protocol";
import { at } from "../support/text-position";
import { useWorkspaceSession } from "../support/workspace-session";

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
  const workspace = useWorkspaceSession({ prefix: "momoflow-env-" });
  let uri: string;

  before(async () => {
    ({ uri } = await workspace.openChecked("deploy.momoflow", DOC));
  });

  const complete = (text: string, position: Position): Promise<CompletionItem[]> =>
    workspace.withScratch(
      text,
      (scratch) =>
        workspace.completion(scratch, position, { triggerKind: 2, triggerCharacter: "." }),
      { checked: true },
    );

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

  const hover = (position: Position): Promise<string> => workspace.hover(uri, position);

  it("hovers a name an env: sets with its value expression, and says where it is set", async () => {
    const mode = await hover(at(DOC, "env.MODE", 5));
    assert.match(mode, /`env:` of step `push` to `"canary"`/);
    const region = await hover(at(DOC, "env.REGION", 5));
    assert.match(region, /`env:` of workflow `deploy` to `"eu-west-1"`/);
    const home = await hover(at(DOC, "env.HOME", 5));
    assert.match(home, /The run's environment variable `HOME`/);
  });
});
