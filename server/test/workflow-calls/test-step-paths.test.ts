import assert from "node:assert/strict";
import type { Location, Position, WorkspaceEdit } from "vscode-languageserver-protocol";
import { at } from "../support/text-position";
import { completionLabels, scratchCompletion, useLibAndMainSession } from "./lib-and-main-session";

/** The called workflows, in a file the tests import. */
const LIB = [
  "workflow tag {",
  '  step push { run: "git push --tags" }',
  "}",
  "",
  "workflow release {",
  "  /// Writes the new version.",
  '  step bump { run: create_file(path: "VERSION", content: "1.4.0") }',
  "  step convert {",
  '    for_each: part in ["a", "b"]',
  '    run: create_file(path: "${part}.txt", content: part)',
  "  }",
  "  step tag { run: workflow tag() }",
  "}",
  "",
].join("\n");

const MAIN = [
  'import "./lib.momoflow"',
  "",
  "workflow ship {",
  '  step prepare { run: create_file(path: "p.txt", content: "p") }',
  "  step release {",
  "    needs: prepare",
  "    run: workflow release()",
  "  }",
  "}",
  "",
  'test "a called step fails" {',
  "  workflow: ship",
  "  fail: release/bump",
  "  expect step release/convert[1] == not_run",
  "  expect step release/tag/push == not_run",
  "}",
  "",
].join("\n");

describe("language server: a test's paths to called steps (release/bump) over stdio", function () {
  this.timeout(30_000);
  const { workspace, docs } = useLibAndMainSession("momoflow-test-paths-", {
    lib: LIB,
    main: MAIN,
  });

  const labels = completionLabels;
  const completeIn = scratchCompletion(workspace);

  it("completes the called workflow's steps after `release/` in fail: and in expect, when / is typed", async () => {
    const fail = MAIN.replace("fail: release/bump", "fail: release/");
    const afterFail = await completeIn(fail, at(fail, "release/\n", 8), "/");
    assert.deepEqual(labels(afterFail), ["bump", "convert", "tag"]);
    const expect = MAIN.replace("expect step release/tag/push", "expect step release/");
    const afterExpect = await completeIn(expect, at(expect, "release/ ==", 8), "/");
    assert.deepEqual(labels(afterExpect), ["bump", "convert", "tag"]);
    const nested = MAIN.replace("release/tag/push", "release/tag/");
    const afterNested = await completeIn(nested, at(nested, "release/tag/", 12));
    assert.deepEqual(labels(afterNested), ["push"]);
    const listed = MAIN.replace("fail: release/bump", "fail: [release/convert[0], release/b]");
    const inList = await completeIn(listed, at(listed, "release/b]", 9));
    assert.deepEqual(labels(inList), ["bump", "convert", "tag"]);
  });

  it("hovers `bump` of release/bump as the called workflow's step", async () => {
    const text = await workspace.hover(docs.main, at(MAIN, "release/bump", 9));
    assert.match(text, /step bump/);
    assert.match(text, /Writes the new version/);
  });

  it("goes from each name of a path to its step, in the imported file", async () => {
    const definition = async (position: Position): Promise<Location> =>
      workspace.client.request<Location>("textDocument/definition", {
        textDocument: { uri: docs.main },
        position,
      });
    const bump = await definition(at(MAIN, "release/bump", 9));
    assert.equal(bump.uri, docs.lib);
    assert.deepEqual(bump.range.start, at(LIB, "bump {"));
    const push = await definition(at(MAIN, "tag/push", 5));
    assert.equal(push.uri, docs.lib);
    assert.deepEqual(push.range.start, at(LIB, "push {"));
    const own = await definition(at(MAIN, "release/tag/push", 2));
    assert.equal(own.uri, docs.main);
    assert.deepEqual(own.range.start, at(MAIN, "release {"));
  });

  it("renames a called workflow's step in the tests' paths too", async () => {
    const edit = await workspace.client.request<WorkspaceEdit>("textDocument/rename", {
      textDocument: { uri: docs.lib },
      position: at(LIB, "convert {"),
      newName: "render",
    });
    assert.deepEqual(
      (edit.changes?.[docs.lib] ?? []).map((e) => [e.range.start, e.newText]),
      [[at(LIB, "convert {"), "render"]],
    );
    assert.deepEqual(
      (edit.changes?.[docs.main] ?? []).map((e) => [e.range.start, e.newText]),
      [[at(MAIN, "convert[1]"), "render"]],
    );
  });

  it("reports a path that names no step with did you mean, offered as a quick fix", async () => {
    const text = MAIN.replace("fail: release/bump", "fail: release/bmup");
    const { uri, diagnostics } = await workspace.openChecked("typo.momoflow", text);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range.start, d.message]),
      [
        [
          "MF002",
          at(text, "bmup"),
          'unknown step "bmup" in workflow "release"; did you mean "bump"?',
        ],
      ],
    );
    const actions = await workspace.client.request<{ title: string }[]>("textDocument/codeAction", {
      textDocument: { uri },
      range: diagnostics[0]!.range,
      context: { diagnostics },
    });
    assert.ok(
      actions.some((a) => /bump/.test(a.title)),
      JSON.stringify(actions.map((a) => a.title)),
    );
    await workspace.client.closeDocument(uri);
  });
});
