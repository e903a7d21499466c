import assert from "node:assert/strict";
import {
  outlineFromSymbols,
  workflowAtLine,
  type OutlineSymbol,
} from "../src/run-records/document-outline";

/** vscode.SymbolKind numbers (0-based), as executeDocumentSymbolProvider gives them. */
const KINDS = { workflow: 4, param: 6, step: 5, test: 23 };
const VARIABLE = 12;
const FUNCTION = 11;

const r = (l1: number, c1: number, l2: number, c2: number) => ({
  start: { line: l1, character: c1 },
  end: { line: l2, character: c2 },
});

describe("document outline from the server's symbols", () => {
  const symbols: OutlineSymbol[] = [
    {
      name: "greet",
      kind: FUNCTION,
      detail: "(name: string)",
      range: r(0, 0, 3, 1),
      selectionRange: r(0, 8, 0, 13),
    },
    {
      name: "publish_site",
      kind: KINDS.workflow,
      detail: "Build the site",
      range: r(5, 0, 30, 1),
      selectionRange: r(5, 9, 5, 21),
      children: [
        {
          name: "target",
          kind: KINDS.param,
          detail: "string",
          range: r(6, 2, 6, 34),
          selectionRange: r(6, 8, 6, 14),
        },
        {
          name: "retries",
          kind: KINDS.param,
          range: r(7, 2, 7, 15),
          selectionRange: r(7, 8, 7, 15),
        },
        { name: "out", kind: VARIABLE, range: r(8, 2, 8, 20), selectionRange: r(8, 6, 8, 9) },
        {
          name: "build",
          kind: KINDS.step,
          detail: "Compile",
          range: r(10, 2, 15, 3),
          selectionRange: r(10, 7, 10, 12),
        },
        { name: "publish", kind: KINDS.step, range: r(17, 2, 20, 3) },
      ],
    },
    {
      name: "publish failure rolls back",
      kind: KINDS.test,
      detail: "publish_site",
      range: r(32, 0, 38, 1),
      selectionRange: r(32, 5, 32, 33),
    },
    { name: "flat", kind: KINDS.test, location: { range: r(40, 0, 41, 1) } },
    { name: "", kind: KINDS.workflow, range: r(43, 0, 44, 1) },
  ];

  it("lists workflows with params (typed by the detail) and steps, and tests, in source order", () => {
    const outline = outlineFromSymbols(symbols, KINDS);
    assert.equal(outline.workflows.length, 1);
    const wf = outline.workflows[0]!;
    assert.equal(wf.name, "publish_site");
    assert.deepEqual(wf.nameRange, r(5, 9, 5, 21));
    assert.deepEqual(
      wf.params.map((p) => [p.name, p.type]),
      [
        ["target", "string"],
        ["retries", undefined],
      ],
    );
    assert.deepEqual(
      wf.steps.map((s) => [s.name, s.nameRange.start.line]),
      [
        ["build", 10],
        ["publish", 17],
      ],
    );
    assert.deepEqual(
      outline.tests.map((t) => [t.name, t.workflow, t.nameRange.start.line]),
      [
        ["publish failure rolls back", "publish_site", 32],
        ["flat", undefined, 40],
      ],
    );
  });

  it("is empty without symbols, and finds the workflow around a line", () => {
    assert.deepEqual(outlineFromSymbols(undefined, KINDS), { workflows: [], tests: [] });
    assert.deepEqual(outlineFromSymbols(null, KINDS), { workflows: [], tests: [] });
    const outline = outlineFromSymbols(symbols, KINDS);
    assert.equal(workflowAtLine(outline, 12)?.name, "publish_site");
    assert.equal(workflowAtLine(outline, 5)?.name, "publish_site");
    assert.equal(workflowAtLine(outline, 2), undefined);
    assert.equal(workflowAtLine(outline, 31), undefined);
  });
});
