import assert from "node:assert/strict";
import type {
  CodeAction,
  CompletionItem,
  CompletionList,
  Diagnostic,
  Location,
  Position,
  SemanticTokens,
  SemanticTokensLegend,
  WorkspaceEdit,
} from "vscode-languageserver-protocol";
import { at } from "../support/text-position";
import { useLibAndMainSession } from "./lib-and-main-session";
import { tokenStartingAt } from "../support/semantic-token-decoding";

const LIB = [
  "/// Tags and publishes a version.",
  "workflow publish {",
  '  description: "Publishes the package"',
  '  param channel: string = "stable"',
  '  step tag { run: "git tag v1" }',
  "}",
  "",
].join("\n");

const MAIN = [
  'import "./lib.momoflow"',
  "",
  "workflow release {",
  '  description: "Bumps the version"',
  "  /// Which part of the version to bump.",
  '  param part: string = "patch"',
  "  param dry: bool = false",
  '  step bump { run: "echo ${part} ${dry}" }',
  "}",
  "",
  "workflow ship {",
  '  step rel { run: workflow release(part: "minor") }',
  "  step pub {",
  "    needs: [rel]",
  "    run: workflow publish()",
  "  }",
  "}",
  "",
].join("\n");

describe("language server: workflow calls (run: workflow name(...)) over stdio", function () {
  this.timeout(30_000);
  const { workspace, docs } = useLibAndMainSession("momoflow-calls-", { lib: LIB, main: MAIN });
  let legend: SemanticTokensLegend;

  before(() => {
    legend = workspace.init.capabilities.semanticTokensProvider!.legend;
  });

  const labels = (result: CompletionList | CompletionItem[] | null): string[] =>
    (Array.isArray(result) ? result : (result?.items ?? [])).map((i) => i.label);

  const completeIn = (text: string, needle: string, shift: number): Promise<CompletionItem[]> =>
    workspace.withScratch(text, (uri) => workspace.completion(uri, at(text, needle, shift)), {
      checked: true,
    });

  it("completes the workflows in scope after `run: workflow `, imported ones included", async () => {
    const text = MAIN.replace('run: workflow release(part: "minor")', "run: workflow re");
    const items = await completeIn(text, "run: workflow re", "run: workflow re".length);
    // `ship` itself is left out: a workflow calling itself is a cycle (MF042).
    assert.deepEqual(labels(items).sort(), ["publish", "release"]);
    const publish = items.find((i) => i.label === "publish")!;
    assert.equal(publish.detail, "workflow in lib.momoflow");
  });

  it("leaves out the workflows that would call back the one being written (a cycle)", async () => {
    // release calls ship here; ship calls release: from release, neither ship nor release.
    const text = MAIN.replace(
      'step bump { run: "echo ${part} ${dry}" }',
      "step back { run: workflow s }",
    );
    const items = await completeIn(text, "run: workflow s", "run: workflow s".length);
    assert.deepEqual(labels(items).sort(), ["publish"]);
  });

  it("completes the callee's params not yet given, with type and default", async () => {
    const text = MAIN.replace('release(part: "minor")', 'release(part: "minor", )');
    const items = await completeIn(text, '"minor", ', '"minor", '.length);
    assert.deepEqual(labels(items), ["dry"]);
    assert.equal(items[0]!.detail, "param dry: bool = false");
    const empty = MAIN.replace('release(part: "minor")', "release()");
    const all = await completeIn(empty, "release(", "release(".length);
    assert.deepEqual(labels(all), ["part", "dry"]);
    assert.equal(all[0]!.detail, 'param part: string = "patch"');
  });

  const hover = (position: Position): Promise<string> => workspace.hover(docs.main, position);

  it("hovers the callee with its description, params and how its steps are named", async () => {
    const text = await hover(at(MAIN, "release(part", 2));
    assert.match(text, /workflow release/);
    assert.match(text, /Bumps the version/);
    assert.match(text, /part: string = "patch"/);
    assert.match(text, /its steps run as `rel\/…`/);
    const imported = await hover(at(MAIN, "publish()", 1));
    assert.match(imported, /Publishes the package/);
    assert.match(imported, /its steps run as `pub\/…`/);
  });

  it("hovers an argument name as the callee's param", async () => {
    const text = await hover(at(MAIN, 'part: "minor"', 1));
    assert.match(text, /param part: string = "patch"/);
    assert.match(text, /Which part of the version to bump/);
  });

  it("goes to the callee's declaration, in this file and in an imported one", async () => {
    const local = await workspace.client.request<Location>("textDocument/definition", {
      textDocument: { uri: docs.main },
      position: at(MAIN, "release(part", 3),
    });
    assert.equal(local.uri, docs.main);
    assert.deepEqual(local.range.start, at(MAIN, "release {"));
    const imported = await workspace.client.request<Location>("textDocument/definition", {
      textDocument: { uri: docs.main },
      position: at(MAIN, "publish()", 3),
    });
    assert.equal(imported.uri, docs.lib);
    assert.deepEqual(imported.range.start, at(LIB, "publish {"));
  });

  it("finds the references of a workflow at its calls, and renames them with it", async () => {
    const refs = await workspace.client.request<Location[]>("textDocument/references", {
      textDocument: { uri: docs.lib },
      position: at(LIB, "publish {"),
      context: { includeDeclaration: false },
    });
    assert.deepEqual(
      refs.map((r) => [r.uri, r.range.start]),
      [[docs.main, at(MAIN, "publish()")]],
    );
    const edit = await workspace.client.request<WorkspaceEdit>("textDocument/rename", {
      textDocument: { uri: docs.main },
      position: at(MAIN, "release(part", 1),
      newName: "bump_version",
    });
    const edits = edit.changes?.[docs.main] ?? [];
    assert.deepEqual(
      edits.map((e) => [e.range.start, e.newText]),
      [
        [at(MAIN, "release {"), "bump_version"],
        [at(MAIN, "release(part"), "bump_version"],
      ],
    );
  });

  it("renames a param at the call's argument names", async () => {
    const edit = await workspace.client.request<WorkspaceEdit>("textDocument/rename", {
      textDocument: { uri: docs.main },
      position: at(MAIN, 'part: "minor"', 1),
      newName: "level",
    });
    const starts = (edit.changes?.[docs.main] ?? []).map((e) => e.range.start);
    assert.deepEqual(starts, [
      at(MAIN, "part: string"),
      at(MAIN, "part}"),
      at(MAIN, 'part: "minor"'),
    ]);
  });

  it("marks the callee as a workflow, not a command", async () => {
    const tokens = await workspace.client.request<SemanticTokens>(
      "textDocument/semanticTokens/full",
      {
        textDocument: { uri: docs.main },
      },
    );
    const tokenAt = tokenStartingAt(tokens, legend);
    const typeAt = (p: Position): string | undefined => tokenAt(p)?.[0];
    assert.equal(typeAt(at(MAIN, "release(part")), "class");
    assert.equal(typeAt(at(MAIN, "publish()")), "class");
    assert.equal(typeAt(at(MAIN, 'part: "minor"')), "parameter");
    assert.equal(typeAt(at(MAIN, "workflow release(")), "keyword");
  });

  it("offers the did-you-mean of an unknown workflow (MF040) as a quick fix", async () => {
    const text = MAIN.replace("workflow release(part", "workflow relase(part");
    const { uri, diagnostics } = await workspace.openChecked("typo.momoflow", text);
    const mf040 = diagnostics.find((d: Diagnostic) => d.code === "MF040");
    assert.ok(mf040, `MF040 in ${JSON.stringify(diagnostics)}`);
    const actions = await workspace.client.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri },
      range: mf040.range,
      context: { diagnostics: [mf040] },
    });
    const fix = actions.find((a) => a.title === "Change to `release`");
    assert.ok(fix, `a fix in ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.equal(fix.isPreferred, true);
    assert.deepEqual(fix.edit?.changes?.[uri], [{ range: mf040.range, newText: "release" }]);
    await workspace.client.closeDocument(uri);
  });
});
