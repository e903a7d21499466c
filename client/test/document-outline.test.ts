import assert from "node:assert/strict";
import { uriOf } from "../../server/test/support/lsp-client";
import { useWorkspaceSession } from "../../server/test/support/workspace-session";
import {
  EMPTY_OUTLINE,
  requestOutline,
  workflowAtLine,
  type DocumentOutline,
  type OutlineRange,
} from "../src/outline/document-outline";
import { paramsToAskFor } from "../src/run/param-input";

const TEXT = [
  "workflow deploy {", // 0
  "  /// Where to deploy (a = b in a doc comment).", // 1
  "  param target: string", // 2
  "  param retries: int = 2 // retried twice", // 3
  "  param note: string // no default = asked", // 4
  "  param delay: duration = 30s", // 5
  '  var out = "build/${target}"', // 6
  "", // 7
  "  step build {", // 8
  '    run: "echo ${out} ${retries} ${note} ${delay}"', // 9
  "  }", // 10
  "}", // 11
  "", // 12
  'test "deploy works" {', // 13
  "  workflow: deploy", // 14
  '  params: { target: "t", note: "n" }', // 15
  "  expect status == success", // 16
  "}", // 17
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

/**
 * What the client's run features read (CodeLenses, param prompts, inline
 * metrics), asked of the real language server with the client's own request
 * function: the contract between the two sides, end to end.
 */
describe("client: the document outline, from the real language server", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-client-outline-" });
  let outline: DocumentOutline;

  before(async () => {
    const file = workspace.write("deploy.momoflow", TEXT);
    outline = await requestOutline(workspace.client.connection, uriOf(file));
  });

  it("gives workflows with typed params, steps at their name, and tests by name", () => {
    const wf = outline.workflows[0]!;
    assert.equal(wf.name, "deploy");
    assert.equal(textOf(wf.nameRange), "deploy");
    assert.deepEqual(
      wf.params.map((p) => [p.name, p.type, p.doc]),
      [
        ["target", "string", "Where to deploy (a = b in a doc comment)."],
        ["retries", "int", undefined],
        ["note", "string", undefined],
        ["delay", "duration", undefined],
      ],
    );
    assert.deepEqual(
      wf.steps.map((s) => [s.name, s.nameRange.start.line, textOf(s.nameRange)]),
      [["build", 8, "build"]],
    );
    assert.deepEqual(
      outline.tests.map((t) => [t.name, t.workflow, t.nameRange.start.line, t.expectations]),
      [["deploy works", "deploy", 13, 1]],
    );
  });

  it("gives each param's declaration alone, its default as a value, and asks for the required ones", () => {
    const wf = outline.workflows[0]!;
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
      wf.params.map((p) => [p.name, p.required, p.default]),
      [
        ["target", true, undefined],
        ["retries", false, { text: "2", value: { kind: "number", value: 2, integer: true } }],
        ["note", true, undefined],
        ["delay", false, { text: "30s", value: { kind: "duration", ms: 30_000, text: "30s" } }],
      ],
    );
    assert.deepEqual(
      paramsToAskFor(wf.params).map((p) => p.name),
      ["target", "note"],
    );
    assert.deepEqual(
      paramsToAskFor(wf.params, { note: "given" }).map((p) => p.name),
      ["target"],
    );
  });

  it("finds the workflow around a line", () => {
    assert.equal(workflowAtLine(outline, 0)?.name, "deploy");
    assert.equal(workflowAtLine(outline, 9)?.name, "deploy");
    assert.equal(workflowAtLine(outline, 11)?.name, "deploy");
    assert.equal(workflowAtLine(outline, 12), undefined);
    assert.equal(workflowAtLine(outline, 14), undefined);
  });

  it("is the empty outline for a file that does not exist", async () => {
    const missing = await requestOutline(
      workspace.client.connection,
      workspace.uri("gone.momoflow"),
    );
    assert.deepEqual(missing, EMPTY_OUTLINE);
    assert.ok(workspace.client.alive);
  });
});
