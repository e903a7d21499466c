import assert from "node:assert/strict";
import type { SignatureHelp } from "vscode-languageserver-protocol/node";
import { marked } from "../support/text-position";
import { useWorkspaceSession, type WorkspaceSession } from "../support/workspace-session";

/** A workflow `release` (params `part`, `notes`) and a step of `ship` whose `run` is `run`. */
const document = (run: string): string =>
  [
    "workflow release {",
    '  param part: string = "patch"',
    '  param notes: path = "NOTES.md"',
    '  step tag { run: "echo ${part} ${notes}" }',
    "}",
    "workflow ship {",
    "  step s {",
    `    run: ${run}`,
    "  }",
    "}",
    "",
  ].join("\n");

/** Asks `workspace` for signature help at the `|` of `run` in a new document. */
async function helpAt(
  workspace: WorkspaceSession,
  name: string,
  run: string,
): Promise<SignatureHelp | null> {
  const { text, position } = marked(document(run));
  const uri = await workspace.openNew(text, { name: `${name}.momoflow` });
  return workspace.client.request<SignatureHelp | null>("textDocument/signatureHelp", {
    textDocument: { uri },
    position,
  });
}

describe("language server: the active parameter of signature help (real LSP over stdio)", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({
    prefix: "momoflow-active-parameter-",
    clientCapabilities: {
      textDocument: {
        signatureHelp: { signatureInformation: { noActiveParameterSupport: true } },
      },
    },
  });
  let count = 0;
  const active = async (run: string): Promise<number | null | undefined> => {
    const help = await helpAt(workspace, `doc${++count}`, run);
    assert.ok(help, `signature help at ${run}`);
    return help.activeParameter;
  };

  it("is the argument that follows the cursor in its slot, as TypeScript and rust-analyzer take it", async () => {
    assert.equal(await active('create_file(path: "a",| content: "x")'), 1);
    assert.equal(await active('create_file(path: "a", | content: "x")'), 1);
    assert.equal(await active('create_file(|path: "a", content: "x")'), 0);
    // Out of order: the one after the cursor still.
    assert.equal(await active('create_file(content: "x", |path: "a")'), 0);
    assert.equal(await active('copy_file(destination: "b",| source: "a")'), 0);
    // Across lines, past a comment.
    assert.equal(
      await active(
        'create_file(\n      path: "a",\n      |\n      // the text\n      content: "x"\n    )',
      ),
      1,
    );
    // A called workflow's params alike.
    assert.equal(await active('workflow release(part: "minor",| notes: "N.md")'), 1);
  });

  it("is still the argument being written, or the next one not given", async () => {
    assert.equal(await active('create_file(path: "a", con|tent: "x")'), 1);
    assert.equal(await active('create_file(content: "x", |)'), 0);
    assert.equal(await active('create_file(path: "a|", content: "x")'), 0);
    assert.equal(await active('create_file(path: "a", content: "x|")'), 1);
  });

  it("is none (null) when every parameter is given, or the argument names none of them: never one past the end", async () => {
    assert.equal(await active('create_file(path: "a", content: "x",|)'), null);
    assert.equal(await active('create_file(path: "a", content: "x", |)'), null);
    assert.equal(await active('create_file(path: "a", colour: "re|d")'), null);
    assert.equal(await active('workflow release(part: "minor", notes: "N.md", |)'), null);
  });
});

describe("language server: the active parameter for a client without `noActiveParameterSupport`", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-active-parameter-plain-" });

  it("leaves it out rather than giving one past the end (which the protocol reads as 0)", async () => {
    const help = await helpAt(workspace, "plain", 'create_file(path: "a", content: "x",|)');
    assert.ok(help);
    assert.ok(!("activeParameter" in help), JSON.stringify(help.activeParameter));
    const slot = await helpAt(workspace, "slot", 'create_file(path: "a",| content: "x")');
    assert.equal(slot?.activeParameter, 1);
  });
});
