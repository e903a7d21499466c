import assert from "node:assert/strict";
import { SymbolKind } from "vscode-languageserver/node";
import { parseDocument } from "../../engine/src/language/parse";
import { outline } from "../../server/src/features/document-symbols";
import { outlineFromSymbols, type OutlineRange } from "../src/run-records/document-outline";
import { paramsToAskFor } from "../src/run-records/param-input";

/** The LSP kinds the server sends (VS Code turns them into its own enum, one lower). */
const LSP_KINDS = {
  workflow: SymbolKind.Class,
  param: SymbolKind.Property,
  step: SymbolKind.Method,
  test: SymbolKind.Event,
};

const TEXT = [
  "workflow deploy {",
  "  /// Where to deploy (a = b in a doc comment).",
  "  param target: string",
  "  param retries: int = 2 // retried twice",
  "  param note: string // no default = asked",
  "  param delay: duration = 30s",
  '  var out = "build/${target}"',
  "",
  "  step build {",
  '    run: "echo ${out} ${retries} ${note} ${delay}"',
  "  }",
  "}",
  "",
  'test "deploy works" {',
  "  workflow: deploy",
  '  params: { target: "t", note: "n" }',
  "  expect status == success",
  "}",
  "",
].join("\n");

/** The text of a range of TEXT. */
function textOf(range: OutlineRange): string {
  const lines = TEXT.split("\n");
  if (range.start.line === range.end.line)
    return lines[range.start.line]!.slice(range.start.character, range.end.character);
  return [
    lines[range.start.line]!.slice(range.start.character),
    ...lines.slice(range.start.line + 1, range.end.line),
    lines[range.end.line]!.slice(0, range.end.character),
  ].join("\n");
}

describe("the server's outline, as the client reads it (contract)", () => {
  const parsed = parseDocument(TEXT, "/ws/deploy.momoflow");
  const model = outlineFromSymbols(outline(parsed.file, TEXT), LSP_KINDS);

  it("gives workflows with typed params, steps at their name, and tests by name", () => {
    const wf = model.workflows[0]!;
    assert.equal(wf.name, "deploy");
    assert.equal(wf.nameRange.start.line, 0);
    assert.deepEqual(
      wf.params.map((p) => [p.name, p.type]),
      [
        ["target", "string"],
        ["retries", "int"],
        ["note", "string"],
        ["delay", "duration"],
      ],
    );
    assert.deepEqual(
      wf.steps.map((s) => [s.name, s.nameRange.start.line, textOf(s.nameRange)]),
      [["build", 8, "build"]],
    );
    assert.deepEqual(
      model.tests.map((t) => [t.name, t.workflow, t.nameRange.start.line]),
      [["deploy works", "deploy", 13]],
    );
  });

  it("gives each param's declaration alone, and its type and whether it has a default", () => {
    const wf = model.workflows[0]!;
    assert.deepEqual(
      wf.params.map((p) => textOf(p.range)),
      [
        "param target: string",
        "param retries: int = 2",
        "param note: string",
        "param delay: duration = 30s",
      ],
    );
    assert.deepEqual(
      wf.params.map((p) => [p.name, p.type, p.hasDefault]),
      [
        ["target", "string", false],
        ["retries", "int", true],
        ["note", "string", false],
        ["delay", "duration", true],
      ],
    );
    assert.deepEqual(
      paramsToAskFor(wf.params).map((p) => p.name),
      ["target", "note"],
    );
  });
});
