import assert from "node:assert/strict";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { Position, SelectionRange } from "vscode-languageserver-protocol/node";
import { at } from "../support/text-position";
import { useWorkspaceSession } from "../support/workspace-session";

const DOC = [
  'import "./lib.momoflow"',
  "",
  "workflow site {",
  '  param target: string = "staging"',
  "  step build {",
  '    run: "echo ${target} done"',
  "    timeout: 5m",
  "  }",
  "  step publish {",
  "    needs: [build, check]",
  '    run: copy_file(source: "a", destination: "b")',
  "  }",
  '  step check { run: "true" }',
  "}",
  "",
].join("\n");

const LIB = 'command hello() {\n  run: "echo hello"\n}\n';

/** The texts of a selection range and its parents, innermost first. */
function chainTexts(document: TextDocument, selection: SelectionRange): string[] {
  const texts: string[] = [];
  for (let at: SelectionRange | undefined = selection; at; at = at.parent)
    texts.push(document.getText(at.range));
  return texts;
}

/** Whether each range of the chain contains the one before it, and differs from it. */
function strictlyNested(selection: SelectionRange): boolean {
  const before = (a: Position, b: Position): boolean =>
    a.line < b.line || (a.line === b.line && a.character <= b.character);
  for (let at = selection; at.parent; at = at.parent) {
    const { range: inner } = at;
    const { range: outer } = at.parent;
    if (!before(outer.start, inner.start) || !before(inner.end, outer.end)) return false;
    if (JSON.stringify(inner) === JSON.stringify(outer)) return false;
  }
  return true;
}

describe("language server: selection ranges, expand selection (real LSP over stdio)", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({
    prefix: "momoflow-selection-",
    files: { "lib.momoflow": LIB },
  });

  before(() => {
    assert.equal(workspace.init.capabilities.selectionRangeProvider, true);
  });

  const selections = (uri: string, positions: Position[]): Promise<SelectionRange[]> =>
    workspace.client.request<SelectionRange[]>("textDocument/selectionRange", {
      textDocument: { uri },
      positions,
    });

  it("expands from a reference in ${}, a property's value, a list item and a call's argument, several positions at once", async () => {
    const uri = await workspace.open("site.momoflow", DOC);
    const document = TextDocument.create(uri, "momoflow", 1, DOC);
    const positions = [
      at(DOC, "target} done", 2),
      at(DOC, "5m", 1),
      at(DOC, "check]", 1),
      at(DOC, '"a"', 1),
      at(DOC, "./lib", 3),
    ];
    const result = await selections(uri, positions);
    assert.equal(result.length, positions.length);
    const build = DOC.slice(DOC.indexOf("step build"), DOC.indexOf("\n  step publish"));
    const publish = DOC.slice(DOC.indexOf("step publish"), DOC.indexOf("\n  step check"));
    const body = DOC.slice(DOC.indexOf("{\n  param"), DOC.lastIndexOf("}") + 1);
    const workflow = DOC.slice(DOC.indexOf("workflow site"), DOC.lastIndexOf("}") + 1);
    const outer = [body, workflow, DOC];
    assert.deepEqual(chainTexts(document, result[0]!), [
      "target",
      "${target}",
      '"echo ${target} done"',
      'run: "echo ${target} done"',
      build,
      ...outer,
    ]);
    assert.deepEqual(chainTexts(document, result[1]!), ["5m", "timeout: 5m", build, ...outer]);
    assert.deepEqual(chainTexts(document, result[2]!), [
      "check",
      "[build, check]",
      "needs: [build, check]",
      publish,
      ...outer,
    ]);
    assert.deepEqual(chainTexts(document, result[3]!), [
      '"a"',
      'source: "a"',
      '(source: "a", destination: "b")',
      'copy_file(source: "a", destination: "b")',
      'run: copy_file(source: "a", destination: "b")',
      publish,
      ...outer,
    ]);
    assert.deepEqual(chainTexts(document, result[4]!), [
      '"./lib.momoflow"',
      'import "./lib.momoflow"',
      DOC,
    ]);
    for (const selection of result) assert.ok(strictlyNested(selection), JSON.stringify(selection));
  });

  it("expands from a param's default through the param, and from an expect through the test block", async () => {
    const text = [
      "workflow w {",
      '  param target: string = "staging"',
      '  step a { run: "echo ${target}" rollback: none }',
      "}",
      "",
      'test "w works" {',
      "  workflow: w",
      "  expect status == success",
      "}",
      "",
    ].join("\n");
    const uri = await workspace.open("param-and-test.momoflow", text);
    const document = TextDocument.create(uri, "momoflow", 1, text);
    const [inDefault, inType, inExpect] = await selections(uri, [
      at(text, "staging", 2),
      at(text, "string", 1),
      at(text, "success", 3),
    ]);
    const body = text.slice(text.indexOf("{\n  param"), text.indexOf("}\n\ntest") + 1);
    const workflow = text.slice(0, text.indexOf("}\n\ntest") + 1);
    const test = text.slice(text.indexOf("test "), text.length - 1);
    const testBody = test.slice(test.indexOf("{"));
    assert.deepEqual(chainTexts(document, inDefault!), [
      '"staging"',
      'param target: string = "staging"',
      body,
      workflow,
      text,
    ]);
    assert.deepEqual(chainTexts(document, inType!), [
      "string",
      'param target: string = "staging"',
      body,
      workflow,
      text,
    ]);
    assert.deepEqual(chainTexts(document, inExpect!), [
      "success",
      "expect status == success",
      testBody,
      test,
      text,
    ]);
  });

  it("gives the whole document for a position in whitespace between declarations, and in a file with syntax errors still what parsed", async () => {
    const uri = await workspace.open("site-blank.momoflow", DOC);
    const [blank] = await selections(uri, [{ line: 1, character: 0 }]);
    assert.deepEqual(blank, {
      range: { start: { line: 0, character: 0 }, end: { line: 14, character: 0 } },
    });
    const broken = 'workflow w {\n  step a {\n    run: "echo ${x}"\n    timeout: \n';
    const brokenUri = await workspace.open("broken.momoflow", broken);
    const document = TextDocument.create(brokenUri, "momoflow", 1, broken);
    const [inside] = await selections(brokenUri, [at(broken, "x}", 0)]);
    const texts = chainTexts(document, inside!);
    assert.deepEqual(texts.slice(0, 3), ["x", "${x}", '"echo ${x}"']);
    assert.equal(texts.at(-1), broken);
    assert.ok(strictlyNested(inside!));
  });
});
