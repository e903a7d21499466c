import assert from "node:assert/strict";
import type { DocumentSymbol } from "vscode-languageserver-protocol";
import { at } from "../support/text-position";
import { completionLabels, scratchCompletion, useLibAndMainSession } from "./lib-and-main-session";

/** The called workflow, in a file the main one imports. */
const LIB = [
  "workflow release {",
  "  param region: string",
  "  /// Writes the version of the region.",
  '  step bump { run: create_file(path: "VERSION-${region}", content: "1") }',
  '  step tag { needs: bump run: "echo v-${region}" rollback: none }',
  "}",
  "",
].join("\n");

const MAIN = [
  'import "./lib.momoflow"',
  "",
  "workflow ship {",
  "  concurrency: 2",
  '  param regions: list = ["eu", "us"]',
  "  step deploy {",
  "    for_each: region in regions",
  "    max_parallel: 2",
  "    run: workflow release(region: region)",
  "  }",
  "}",
  "",
  'test "one region fails" {',
  "  workflow: ship",
  "  fail: deploy[1]/tag",
  "  expect step deploy[0]/bump == rolled_back",
  "}",
  "",
].join("\n");

/**
 * A step that calls a workflow once per item (`for_each` on `run: workflow
 * release(...)`), over a real LSP connection: it checks cleanly (no MF041),
 * and hover, completion and the outline work on it as on any step.
 */
describe("language server: for_each on a step that calls a workflow, over stdio", function () {
  this.timeout(30_000);
  const { workspace, docs } = useLibAndMainSession("momoflow-fan-out-calls-", {
    lib: LIB,
    main: MAIN,
  });

  const labels = completionLabels;
  const completeIn = scratchCompletion(workspace);

  it("hovers the item in the call's arguments as the for_each item, and the callee as the workflow", async () => {
    const item = await workspace.hover(docs.main, at(MAIN, "region: region)", 8));
    assert.match(item, /region/);
    assert.match(item, /for_each|item/);
    const callee = await workspace.hover(docs.main, at(MAIN, "release(", 2));
    assert.match(callee, /workflow release/);
  });

  it("completes the item among the values of an argument, and the called workflow's params", async () => {
    const value = MAIN.replace("release(region: region)", "release(region: re)");
    const values = await completeIn(value, at(value, "re)", 2));
    assert.ok(labels(values).includes("region"), JSON.stringify(labels(values)));
    const param = MAIN.replace("release(region: region)", "release()");
    const params = await completeIn(param, at(param, "release()", 8), "(");
    assert.ok(labels(params).includes("region"), JSON.stringify(labels(params)));
  });

  it("completes the called workflow's steps after an instance's `/` in a test, and hovers them", async () => {
    const text = MAIN.replace("fail: deploy[1]/tag", "fail: deploy[1]/");
    const after = await completeIn(text, at(text, "deploy[1]/\n", 10), "/");
    assert.deepEqual(labels(after), ["bump", "tag"]);
    const expect = MAIN.replace("expect step deploy[0]/bump", "expect step deploy[0]/");
    const inExpect = await completeIn(expect, at(expect, "deploy[0]/ ==", 10), "/");
    assert.deepEqual(labels(inExpect), ["bump", "tag"]);
    const instance = await workspace.hover(docs.main, at(MAIN, "deploy[0]/bump", 7));
    assert.match(instance, /\(instance\) deploy\[0\]/);
    assert.match(instance, /item 0 of `regions` \(as `region`\)/);
    const hover = await workspace.hover(docs.main, at(MAIN, "deploy[0]/bump", 11));
    assert.match(hover, /step bump/);
    assert.match(hover, /Writes the version of the region/);
  });

  it("outlines the calling step as any step", async () => {
    const symbols = await workspace.client.request<DocumentSymbol[]>(
      "textDocument/documentSymbol",
      { textDocument: { uri: docs.main } },
    );
    const ship = symbols.find((s) => s.name === "ship");
    assert.deepEqual(
      (ship?.children ?? []).map((c) => c.name),
      ["regions", "deploy"],
    );
  });
});
