import assert from "node:assert/strict";
import type {
  CompletionItem,
  MarkupContent,
  SemanticTokens,
  SignatureHelp,
} from "vscode-languageserver-protocol";
import { at } from "../support/text-position";
import { useWorkspaceSession } from "../support/workspace-session";
import { tokenStartingAt } from "../support/semantic-token-decoding";

const DOC = [
  "workflow publish {",
  '  param names: list = ["eu", "us"]',
  "  step push {",
  "    for_each: name in names",
  '    run: "echo ${name}"',
  "    rollback: none",
  "  }",
  "  step write {",
  "    needs: push",
  '    run: "echo ${json(steps.push.outputs)} > r.json"',
  "    rollback: none",
  "  }",
  "}",
  "",
].join("\n");

/** `json(value)` in `${…}` through the language server (real LSP over stdio). */
describe("language server: json(value) in ${…} over stdio", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-json-function-" });
  let uri: string;

  before(async () => {
    const opened = await workspace.openChecked("publish.momoflow", DOC);
    uri = opened.uri;
    assert.deepEqual(opened.diagnostics, [], "json(...) of a fan-out's outputs checks cleanly");
  });

  it("completes json inside ${, with its signature and what it gives", async () => {
    const text = DOC.replace("${json(steps.push.outputs)}", "${js}");
    const items = await workspace.withScratch(
      text,
      (scratch) => workspace.completion(scratch, at(text, "${js}", 4)),
      { checked: true },
    );
    const json = items.find((i: CompletionItem) => i.label === "json");
    assert.ok(json, `json in ${items.map((i) => i.label).join(", ")}`);
    assert.equal(json.detail, "(function) json(value)");
    assert.match((json.documentation as MarkupContent).value, /compact JSON text/);
  });

  it("hovers json with its signature and what it gives", async () => {
    const hover = await workspace.hover(uri, at(DOC, "json(", 2));
    assert.match(hover, /\(function\) json\(value\)/);
    assert.match(hover, /compact JSON text/);
  });

  it("shows json(value) as signature help, its value active, in the words of its hover", async () => {
    const help = await workspace.client.request<SignatureHelp | null>(
      "textDocument/signatureHelp",
      { textDocument: { uri }, position: at(DOC, "steps.push.outputs)}", 3) },
    );
    assert.ok(help);
    const signature = help.signatures[0]!;
    assert.equal(signature.label, "json(value)");
    assert.deepEqual(
      signature.parameters?.map((p) => signature.label.slice(...(p.label as [number, number]))),
      ["value"],
    );
    assert.equal(help.activeParameter, 0);
    const hover = await workspace.hover(uri, at(DOC, "json(", 1));
    assert.equal((signature.documentation as MarkupContent).value, hover.split("\n\n")[1]);
  });

  it("tokenizes json as a function of the language", async () => {
    const { legend } = workspace.init.capabilities.semanticTokensProvider!;
    const tokens = await workspace.client.request<SemanticTokens>(
      "textDocument/semanticTokens/full",
      { textDocument: { uri } },
    );
    const tokenAt = tokenStartingAt(tokens, legend);
    assert.deepEqual(tokenAt(at(DOC, "json(")), ["function", ["defaultLibrary"]]);
  });

  it("reports a misspelled json as MF008 with did you mean", async () => {
    const { diagnostics } = await workspace.openChecked(
      "typo.momoflow",
      DOC.replace("${json(", "${jsno("),
    );
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.message]),
      [["MF008", '"jsno" is not a function; did you mean "json"?']],
    );
  });
});
