import assert from "node:assert/strict";
import {
  SymbolKind,
  type CallHierarchyIncomingCall,
  type CallHierarchyItem,
  type CallHierarchyOutgoingCall,
  type Position,
  type Range,
} from "vscode-languageserver-protocol/node";
import { at } from "../support/text-position";
import { useLibAndMainSession } from "../workflow-calls/lib-and-main-session";

const LIB = [
  "command push(target: string) {",
  '  run: "echo push ${target}"',
  "  rollback: none",
  "}",
  "",
  "/// Pushes through push.",
  "command deploy(target: string) {",
  "  run: push(target: target)",
  "}",
  "",
  "workflow release {",
  '  param part: string = "patch"',
  "  step bump { run: deploy(target: part) }",
  "}",
  "",
].join("\n");

const MAIN = [
  'import "./lib.momoflow"',
  "",
  "workflow ship {",
  '  step tag { run: deploy(target: "prod") }',
  '  step publish { run: workflow release(part: "minor") }',
  "  step again {",
  '    run: push(target: "x")',
  '    rollback: push(target: "y")',
  "  }",
  '  step copy { run: copy_file(source: "a", destination: "b") }',
  "}",
  "",
  'test "ship works" {',
  "  workflow: ship",
  "}",
  "",
].join("\n");

/** The range of the `nth` `needle` in `text`. */
function rangeOf(text: string, needle: string, nth = 0): Range {
  return { start: at(text, needle, 0, nth), end: at(text, needle, needle.length, nth) };
}

/** What a test compares of an item: its name, kind, file, whole range and name's range. */
function shape(item: CallHierarchyItem): object {
  return {
    name: item.name,
    kind: item.kind,
    uri: item.uri,
    range: item.range,
    selectionRange: item.selectionRange,
  };
}

describe("language server: call hierarchy of workflows and commands (real LSP over stdio)", function () {
  this.timeout(30_000);
  const { workspace, docs } = useLibAndMainSession("momoflow-call-hierarchy-", {
    lib: LIB,
    main: MAIN,
  });

  before(() => {
    assert.equal(workspace.init.capabilities.callHierarchyProvider, true);
  });

  const prepare = (uri: string, position: Position): Promise<CallHierarchyItem[] | null> =>
    workspace.client.request<CallHierarchyItem[] | null>("textDocument/prepareCallHierarchy", {
      textDocument: { uri },
      position,
    });
  const incoming = (item: CallHierarchyItem): Promise<CallHierarchyIncomingCall[] | null> =>
    workspace.client.request("callHierarchy/incomingCalls", { item });
  const outgoing = (item: CallHierarchyItem): Promise<CallHierarchyOutgoingCall[] | null> =>
    workspace.client.request("callHierarchy/outgoingCalls", { item });

  /** The one item at `needle` of a document. */
  const itemAt = async (
    uri: string,
    text: string,
    needle: string,
    nth = 0,
  ): Promise<CallHierarchyItem> => {
    const items = await prepare(uri, at(text, needle, 1, nth));
    assert.equal(items?.length, 1, `one item at ${needle}`);
    return items![0]!;
  };

  const extent = (text: string, start: string, end: string): Range => ({
    start: at(text, start),
    end: at(text, end, end.length),
  });
  const deployItem = () => ({
    name: "deploy",
    kind: SymbolKind.Function,
    uri: docs.lib,
    range: extent(LIB, "command deploy", "target: target)\n}"),
    selectionRange: rangeOf(LIB, "deploy", 0),
  });
  const pushItem = () => ({
    name: "push",
    kind: SymbolKind.Function,
    uri: docs.lib,
    range: extent(LIB, "command push", "rollback: none\n}"),
    selectionRange: rangeOf(LIB, "push"),
  });
  const releaseItem = () => ({
    name: "release",
    kind: SymbolKind.Class,
    uri: docs.lib,
    range: extent(LIB, "workflow release", "part) }\n}"),
    selectionRange: rangeOf(LIB, "release"),
  });
  const shipItem = () => ({
    name: "ship",
    kind: SymbolKind.Class,
    uri: docs.main,
    range: extent(MAIN, "workflow ship", 'destination: "b") }\n}'),
    selectionRange: rangeOf(MAIN, "ship"),
  });
  const testItem = () => ({
    name: "ship works",
    kind: SymbolKind.Event,
    uri: docs.main,
    range: extent(MAIN, 'test "ship works"', "workflow: ship\n}"),
    selectionRange: rangeOf(MAIN, '"ship works"'),
  });
  /**
   * A built-in command has no file: its item is the call the hierarchy met it
   * at (as a server shows a library function at the source it has of it).
   */
  const copyFileItem = () => ({
    name: "copy_file",
    kind: SymbolKind.Function,
    uri: docs.main,
    range: rangeOf(MAIN, "copy_file"),
    selectionRange: rangeOf(MAIN, "copy_file"),
  });

  it("prepares an item at a call, in another file, at a declaration's name and at a built-in command's call; none on a step", async () => {
    assert.deepEqual(shape(await itemAt(docs.main, MAIN, "deploy(")), deployItem());
    assert.deepEqual(shape(await itemAt(docs.main, MAIN, "release(")), releaseItem());
    assert.deepEqual(shape(await itemAt(docs.main, MAIN, "ship {")), shipItem());
    assert.deepEqual(shape(await itemAt(docs.lib, LIB, "push(target: string")), pushItem());
    assert.equal(await prepare(docs.main, at(MAIN, "tag {", 1)), null);
    const copyFile = await itemAt(docs.main, MAIN, "copy_file");
    assert.deepEqual(shape(copyFile), copyFileItem());
    assert.equal(copyFile.detail, "built-in command");
    const test = await itemAt(docs.main, MAIN, '"ship works"');
    assert.deepEqual(shape(test), testItem());
  });

  it("lists who calls a command or a workflow, across files (one the editor never opened), with each call's range", async () => {
    const deploy = await itemAt(docs.lib, LIB, "deploy(target: string");
    const callers = (await incoming(deploy))!.map((call) => ({
      from: shape(call.from),
      fromRanges: call.fromRanges,
    }));
    assert.deepEqual(callers, [
      { from: releaseItem(), fromRanges: [rangeOf(LIB, "deploy", 1)] },
      { from: shipItem(), fromRanges: [rangeOf(MAIN, "deploy")] },
    ]);
    const push = await itemAt(docs.lib, LIB, "push(target: string");
    assert.deepEqual(
      (await incoming(push))!.map((call) => ({
        from: call.from.name,
        fromRanges: call.fromRanges,
      })),
      [
        { from: "deploy", fromRanges: [rangeOf(LIB, "push", 3)] },
        { from: "ship", fromRanges: [rangeOf(MAIN, "push"), rangeOf(MAIN, "push", 1)] },
      ],
    );
    const release = await itemAt(docs.lib, LIB, "release {");
    assert.deepEqual(
      (await incoming(release))!.map((call) => ({
        from: call.from.name,
        fromRanges: call.fromRanges,
      })),
      [
        {
          from: "ship",
          fromRanges: [rangeOf(MAIN, "release")],
        },
      ],
    );
    // A file of the workspace that the editor never opened calls it too.
    const more =
      'import "../lib.momoflow"\n\nworkflow more {\n  step p { run: push(target: "z") }\n}\n';
    workspace.write("more/more.momoflow", more);
    await workspace.client.fileChanged(workspace.uri("more", "more.momoflow"), 1);
    assert.deepEqual((await incoming(release))!.length, 1, "release: still only ship");
    const pushCallers = (await incoming(push))!;
    assert.deepEqual(
      pushCallers.map((call) => [call.from.name, call.from.uri, call.fromRanges]),
      [
        ["deploy", docs.lib, [rangeOf(LIB, "push", 3)]],
        ["ship", docs.main, [rangeOf(MAIN, "push"), rangeOf(MAIN, "push", 1)]],
        ["more", workspace.uri("more", "more.momoflow"), [rangeOf(more, "push")]],
      ],
    );
    // The test that runs `ship` calls it.
    assert.deepEqual(
      (await incoming(await itemAt(docs.main, MAIN, "ship {")))!.map((call) => ({
        from: shape(call.from),
        fromRanges: call.fromRanges,
      })),
      [{ from: testItem(), fromRanges: [rangeOf(MAIN, "ship", 2)] }],
    );
  });

  it("lists what a workflow's steps and a command's run call, declared commands and workflows, in order", async () => {
    const ship = await itemAt(docs.main, MAIN, "ship {");
    const calls = (await outgoing(ship))!.map((call) => ({
      to: shape(call.to),
      fromRanges: call.fromRanges,
    }));
    assert.deepEqual(calls, [
      { to: deployItem(), fromRanges: [rangeOf(MAIN, "deploy")] },
      {
        to: releaseItem(),
        fromRanges: [rangeOf(MAIN, "release")],
      },
      { to: pushItem(), fromRanges: [rangeOf(MAIN, "push"), rangeOf(MAIN, "push", 1)] },
      { to: copyFileItem(), fromRanges: [rangeOf(MAIN, "copy_file")] },
    ]);
    const deploy = await itemAt(docs.main, MAIN, "deploy(");
    assert.deepEqual(
      (await outgoing(deploy))!.map((call) => ({ to: call.to.name, fromRanges: call.fromRanges })),
      [{ to: "push", fromRanges: [rangeOf(LIB, "push", 3)] }],
    );
    const push = await itemAt(docs.lib, LIB, "push(target: string");
    assert.deepEqual(await outgoing(push), []);
  });

  it("lists who calls a built-in command, in every known file, and nothing it calls", async () => {
    const copyFile = await itemAt(docs.main, MAIN, "copy_file");
    assert.deepEqual(
      (await incoming(copyFile))!.map((call) => ({
        from: shape(call.from),
        fromRanges: call.fromRanges,
      })),
      [{ from: shipItem(), fromRanges: [rangeOf(MAIN, "copy_file")] }],
    );
    assert.deepEqual(await outgoing(copyFile), []);
    // An item sent back without its data is found again at its call.
    const { data: _data, ...bare } = copyFile;
    assert.equal((await incoming(bare))!.length, 1);
  });

  it("lists the workflow a test runs as what the test calls", async () => {
    const test = await itemAt(docs.main, MAIN, '"ship works"');
    assert.deepEqual(
      (await outgoing(test))!.map((call) => ({ to: shape(call.to), fromRanges: call.fromRanges })),
      [{ to: shipItem(), fromRanges: [rangeOf(MAIN, "ship", 2)] }],
    );
    assert.deepEqual(await incoming(test), []);
  });
});
