import assert from "node:assert/strict";
import { join, resolve } from "node:path";
import type {
  DocumentHighlight,
  DocumentSymbol,
  Location,
  Range,
  SymbolInformation,
  WorkspaceEdit,
} from "vscode-languageserver-protocol";
import { useWorkspaceSession } from "../support/workspace-session";

const fixtures = resolve(__dirname, "../../../test-fixtures");

/** A range from 0-based line/character pairs. */
const r = (line: number, start: number, endLine: number, end: number): Range => ({
  start: { line, character: start },
  end: { line: endLine, character: end },
});
/** A range on one line. */
const on = (line: number, start: number, end: number): Range => r(line, start, line, end);
const at = (line: number, character: number) => ({ line, character });

/**
 * Go to definition, references, highlights, rename, document and workspace
 * symbols, through a real LSP client against the built server, on a copy of
 * the fixtures in a temporary workspace folder (indexed by the server).
 */
describe("language server: navigation (real LSP over stdio)", function () {
  this.timeout(30_000);
  const valid = (...path: string[]): string => join(fixtures, "valid", ...path);
  const workspace = useWorkspaceSession({
    prefix: "momoflow-nav-",
    copies: {
      "publish-site.momoflow": valid("publish-site.momoflow"),
      "command-system.momoflow": valid("command-system.momoflow"),
      "imports/main.momoflow": valid("imports", "main.momoflow"),
      "imports/common.momoflow": valid("imports", "common.momoflow"),
    },
    files: {
      "imports/other.momoflow":
        'import "./common.momoflow"\n\nworkflow restamp {\n  step again {\n    run: stamp(file: "again.txt")\n  }\n}\n',
    },
  });
  let publishSite: string;
  let commandSystem: string;
  let main: string;
  let common: string;
  let other: string;

  before(async () => {
    common = workspace.uri("imports", "common.momoflow");
    other = workspace.uri("imports", "other.momoflow");
    // The documents asked about are open, as in an editor; the others are read from disk.
    publishSite = await workspace.open("publish-site.momoflow");
    commandSystem = await workspace.open("command-system.momoflow");
    main = await workspace.open("imports/main.momoflow");
  });

  const definition = (uri: string, line: number, character: number) =>
    workspace.client.request<Location | Location[] | null>("textDocument/definition", {
      textDocument: { uri },
      position: at(line, character),
    });
  const references = (uri: string, line: number, character: number, includeDeclaration: boolean) =>
    workspace.client.request<Location[] | null>("textDocument/references", {
      textDocument: { uri },
      position: at(line, character),
      context: { includeDeclaration },
    });
  const prepareRename = (uri: string, line: number, character: number) =>
    workspace.client.request<{ range: Range; placeholder: string } | null>(
      "textDocument/prepareRename",
      {
        textDocument: { uri },
        position: at(line, character),
      },
    );
  const rename = (uri: string, line: number, character: number, newName: string) =>
    workspace.client.request<WorkspaceEdit | null>("textDocument/rename", {
      textDocument: { uri },
      position: at(line, character),
      newName,
    });
  /** The edits of a rename, as `uri → ranges`, each file's in order (all with `newText`). */
  const editedRanges = (edit: WorkspaceEdit | null, newText: string): Record<string, Range[]> => {
    assert.ok(edit?.changes, "a rename answers with changes");
    const out: Record<string, Range[]> = {};
    for (const [uri, edits] of Object.entries(edit.changes)) {
      for (const e of edits) assert.equal(e.newText, newText);
      out[uri] = edits
        .map((e) => e.range)
        .sort((a, b) => a.start.line - b.start.line || a.start.character - b.start.character);
    }
    return out;
  };

  it("announces its capabilities", () => {
    const { capabilities } = workspace.init;
    assert.equal(capabilities.definitionProvider, true);
    assert.equal(capabilities.referencesProvider, true);
    assert.equal(capabilities.documentHighlightProvider, true);
    assert.deepEqual(capabilities.renameProvider, { prepareProvider: true });
    assert.deepEqual(capabilities.documentSymbolProvider, { label: "momoflow" });
    assert.equal(capabilities.workspaceSymbolProvider, true);
  });

  describe("definition", () => {
    it("goes from a needs entry to the step", async () => {
      // `needs: [build]`
      assert.deepEqual(await definition(publishSite, 31, 14), {
        uri: publishSite,
        range: on(19, 7, 12),
      });
      // `needs: publish`, the cursor just after the id
      assert.deepEqual(await definition(publishSite, 36, 18), {
        uri: publishSite,
        range: on(30, 7, 14),
      });
    });

    it("goes from the id of steps.<id>.output to the step", async () => {
      assert.deepEqual(await definition(commandSystem, 43, 42), {
        uri: commandSystem,
        range: on(34, 7, 12),
      });
      // `steps` and `output` are the language's.
      assert.equal(await definition(commandSystem, 43, 36), null);
      assert.equal(await definition(commandSystem, 43, 48), null);
    });

    it("goes from a callee and an argument name to their declarations in the imported file", async () => {
      assert.deepEqual(await definition(main, 5, 10), { uri: common, range: on(3, 8, 13) });
      assert.deepEqual(await definition(main, 5, 16), { uri: common, range: on(3, 14, 18) });
    });

    it("goes from a ${} reference to the param or var", async () => {
      // `${target}` in the build step's script
      assert.deepEqual(await definition(publishSite, 23, 20), {
        uri: publishSite,
        range: on(15, 8, 14),
      });
      // `${out}`
      assert.deepEqual(await definition(publishSite, 22, 18), {
        uri: publishSite,
        range: on(17, 6, 9),
      });
      // `${name}` in a command's run: its parameter
      assert.deepEqual(await definition(publishSite, 5, 22), {
        uri: publishSite,
        range: on(3, 14, 18),
      });
      // a test's `params: { target: ... }` key
      assert.deepEqual(await definition(publishSite, 44, 13), {
        uri: publishSite,
        range: on(15, 8, 14),
      });
    });

    it("goes from a test's workflow, fail and expect step to their declarations", async () => {
      assert.deepEqual(await definition(publishSite, 43, 15), {
        uri: publishSite,
        range: on(8, 9, 21),
      });
      assert.deepEqual(await definition(publishSite, 45, 10), {
        uri: publishSite,
        range: on(30, 7, 14),
      });
      assert.deepEqual(await definition(publishSite, 47, 16), {
        uri: publishSite,
        range: on(19, 7, 12),
      });
    });

    it("opens an imported file at its start, and has nothing for built-ins and keywords", async () => {
      assert.deepEqual(await definition(main, 0, 12), { uri: common, range: on(0, 0, 0) });
      assert.equal(await definition(publishSite, 25, 16), null, "delete_path is built in");
      assert.equal(await definition(publishSite, 8, 3), null, "workflow keyword");
      assert.equal(await definition(publishSite, 46, 22), null, "a status");
      assert.equal(await definition(publishSite, 12, 5), null, "a property name");
    });
  });

  describe("references", () => {
    it("finds a step's uses in needs and in tests, with and without its declaration", async () => {
      // On the declaration of `build`.
      assert.deepEqual(await references(publishSite, 19, 9, true), [
        { uri: publishSite, range: on(19, 7, 12) },
        { uri: publishSite, range: on(31, 12, 17) },
        { uri: publishSite, range: on(47, 14, 19) },
      ]);
      // From a use, without the declaration.
      assert.deepEqual(await references(publishSite, 47, 15, false), [
        { uri: publishSite, range: on(31, 12, 17) },
        { uri: publishSite, range: on(47, 14, 19) },
      ]);
    });

    it("finds an imported command's calls in every file that imports it", async () => {
      const expected = [
        { uri: common, range: on(3, 8, 13) },
        { uri: main, range: on(5, 9, 14) },
        { uri: other, range: on(4, 9, 14) },
      ];
      assert.deepEqual(await references(main, 5, 11, true), expected);
      assert.deepEqual(await references(main, 5, 11, false), expected.slice(1));
    });

    it("does not confuse a step with a command of the same prefix", async () => {
      // The step `count` and the command `count_lines`.
      assert.deepEqual(await references(commandSystem, 34, 8, false), [
        { uri: commandSystem, range: on(42, 11, 16) },
        { uri: commandSystem, range: on(43, 40, 45) },
        { uri: commandSystem, range: on(50, 16, 21) },
        { uri: commandSystem, range: on(60, 14, 19) },
      ]);
    });
  });

  it("highlights a param's declaration as a write and its uses as reads", async () => {
    const highlights = await workspace.client.request<DocumentHighlight[]>(
      "textDocument/documentHighlight",
      {
        textDocument: { uri: publishSite },
        position: at(37, 12),
      },
    );
    assert.deepEqual(highlights, [
      { range: on(15, 8, 14), kind: 3 },
      { range: on(17, 21, 27), kind: 2 },
      { range: on(23, 18, 24), kind: 2 },
      { range: on(37, 10, 16), kind: 2 },
      { range: on(38, 21, 27), kind: 2 },
      { range: on(44, 12, 18), kind: 2 },
    ]);
  });

  describe("prepareRename", () => {
    it("gives the range and the name of what can be renamed", async () => {
      assert.deepEqual(await prepareRename(publishSite, 31, 13), {
        range: on(31, 12, 17),
        placeholder: "build",
      });
      assert.deepEqual(await prepareRename(publishSite, 8, 12), {
        range: on(8, 9, 21),
        placeholder: "publish_site",
      });
      assert.deepEqual(await prepareRename(main, 5, 17), {
        range: on(5, 15, 19),
        placeholder: "file",
      });
      assert.deepEqual(await prepareRename(publishSite, 17, 7), {
        range: on(17, 6, 9),
        placeholder: "out",
      });
    });

    it("refuses keywords, properties, built-ins, statuses and types, saying why", async () => {
      const refusal = (message: string) => ({ code: -32803, message });
      await assert.rejects(prepareRename(publishSite, 8, 3), refusal("keywords cannot be renamed"));
      await assert.rejects(
        prepareRename(publishSite, 15, 3),
        refusal("keywords cannot be renamed"),
      );
      await assert.rejects(
        prepareRename(publishSite, 25, 16),
        refusal("built-in commands cannot be renamed"),
      );
      await assert.rejects(
        prepareRename(publishSite, 25, 27),
        refusal("parameters of built-in commands cannot be renamed"),
      );
      await assert.rejects(
        prepareRename(publishSite, 9, 4),
        refusal("property names are part of the language and cannot be renamed"),
      );
      await assert.rejects(
        prepareRename(publishSite, 47, 25),
        refusal("statuses are part of the language and cannot be renamed"),
      );
      await assert.rejects(
        prepareRename(publishSite, 15, 18),
        refusal("types are part of the language and cannot be renamed"),
      );
      assert.equal(await prepareRename(publishSite, 14, 0), null, "an empty line");
    });
  });

  describe("rename", () => {
    it("renames a step in its declaration, needs, fail and expect step", async () => {
      assert.deepEqual(editedRanges(await rename(publishSite, 30, 8, "deploy"), "deploy"), {
        [publishSite]: [on(30, 7, 14), on(36, 11, 18), on(45, 8, 15)],
      });
    });

    it("renames a step read as steps.<id>.output and checked by expect output", async () => {
      assert.deepEqual(editedRanges(await rename(commandSystem, 43, 41, "tally"), "tally"), {
        [commandSystem]: [
          on(34, 7, 12),
          on(42, 11, 16),
          on(43, 40, 45),
          on(50, 16, 21),
          on(60, 14, 19),
        ],
      });
    });

    it("renames an imported command in every file", async () => {
      assert.deepEqual(editedRanges(await rename(common, 3, 9, "stamp_file"), "stamp_file"), {
        [common]: [on(3, 8, 13)],
        [main]: [on(5, 9, 14)],
        [other]: [on(4, 9, 14)],
      });
    });

    it("renames a command parameter in its body and in calls in other files", async () => {
      assert.deepEqual(editedRanges(await rename(main, 5, 16, "target"), "target"), {
        [common]: [on(3, 14, 18), on(5, 27, 31), on(6, 21, 25)],
        [main]: [on(5, 15, 19)],
        [other]: [on(4, 15, 19)],
      });
    });

    it("renames a param everywhere, ${} references and test params included", async () => {
      assert.deepEqual(editedRanges(await rename(publishSite, 23, 19, "stage"), "stage"), {
        [publishSite]: [
          on(15, 8, 14),
          on(17, 21, 27),
          on(23, 18, 24),
          on(37, 10, 16),
          on(38, 21, 27),
          on(44, 12, 18),
        ],
      });
    });

    it("renames a workflow in its declaration and in the tests that name it", async () => {
      assert.deepEqual(editedRanges(await rename(publishSite, 43, 14, "site"), "site"), {
        [publishSite]: [on(8, 9, 21), on(43, 12, 24)],
      });
    });

    it("renames in a document's unsaved text", async () => {
      const scratch = workspace.uri("scratch.momoflow");
      await workspace.client.open(
        scratch,
        'workflow w {\n  step a { run: "echo" }\n  step b { needs: a run: "echo ${steps.a.output}" }\n}\n',
      );
      assert.deepEqual(editedRanges(await rename(scratch, 2, 18, "first"), "first"), {
        [scratch]: [on(1, 7, 8), on(2, 18, 19), on(2, 39, 40)],
      });
      await workspace.client.closeDocument(scratch);
    });

    it("renames names inside a condition: under !, in &&, and a step read by steps.<id>.status", async () => {
      const conditions = workspace.uri("conditions.momoflow");
      await workspace.client.open(
        conditions,
        [
          "workflow w {",
          "  param dry: bool = false",
          '  step a { run: "echo" }',
          "  step b {",
          "    needs: a",
          "    when: !dry && (steps.a.status == failed || !(dry))",
          '    run: "echo"',
          "  }",
          "}",
          "",
        ].join("\n"),
      );
      assert.deepEqual(editedRanges(await rename(conditions, 1, 9, "dry_run"), "dry_run"), {
        [conditions]: [on(1, 8, 11), on(5, 11, 14), on(5, 49, 52)],
      });
      assert.deepEqual(editedRanges(await rename(conditions, 2, 8, "first"), "first"), {
        [conditions]: [on(2, 7, 8), on(4, 11, 12), on(5, 25, 26)],
      });
      await workspace.client.closeDocument(conditions);
    });

    it("refuses a new name that is taken or not a name", async () => {
      await assert.rejects(rename(publishSite, 19, 8, "publish"), {
        code: -32803,
        message: 'a step named "publish" already exists in workflow "publish_site"',
      });
      await assert.rejects(rename(publishSite, 15, 9, "out"), {
        code: -32803,
        message: 'a var named "out" already exists in workflow "publish_site"',
      });
      await assert.rejects(rename(common, 3, 9, "log"), {
        code: -32803,
        message: '"log" is a built-in command',
      });
      await assert.rejects(rename(publishSite, 19, 8, "2fast"), {
        code: -32803,
        message:
          '"2fast" is not a valid name: use letters, digits and _, not starting with a digit',
      });
      await assert.rejects(rename(publishSite, 25, 16, "remove"), {
        code: -32803,
        message: "built-in commands cannot be renamed",
      });
    });
  });

  it("goes from `env.NAME` to the `env:` entry that sets it: the step's over its workflow's", async () => {
    const text = [
      "workflow w {",
      '  env: { REGION: "eu", OUT: "x" }',
      "  step a {",
      '    env: { OUT: "dist/${env.REGION}" }',
      '    run: "echo ${env.OUT} ${env.HOME}"',
      "    rollback: none",
      "  }",
      "  step b {",
      '    run: "echo ${env.OUT}"',
      "    rollback: none",
      "  }",
      "}",
      "",
    ].join("\n");
    const uri = await workspace.open("env-definition.momoflow", text);
    try {
      assert.deepEqual(await definition(uri, 3, 29), { uri, range: on(1, 9, 15) });
      assert.deepEqual(await definition(uri, 4, 22), { uri, range: on(3, 11, 14) });
      assert.deepEqual(await definition(uri, 8, 22), { uri, range: on(1, 23, 26) });
      // Set by no env: the process environment, declared nowhere in the file.
      assert.equal(await definition(uri, 4, 33), null);
    } finally {
      await workspace.client.closeDocument(uri);
    }
  });

  it("refuses a new name that a fan-out item and a param or var would share, or a built-in root's", async () => {
    const text = [
      "command say(text: string) {",
      '  run: "echo ${text}"',
      "}",
      "workflow w {",
      "  param zones: list = []",
      '  var out = "build"',
      "  step files {",
      "    for_each: f in zones",
      '    run: "cp ${f} ${out}"',
      "  }",
      "}",
      "",
    ].join("\n");
    const uri = await workspace.openNew(text, { stem: "fan-out-rename" });
    const refused = (line: number, character: number, newName: string, message: string) =>
      assert.rejects(rename(uri, line, character, newName), { code: -32803, message });
    // The item would hide the param or var (MF019).
    await refused(
      7,
      14,
      "out",
      'a var named "out" already exists in workflow "w": the item would hide it',
    );
    // The param or var would be hidden by the item in its step (MF019).
    await refused(
      5,
      6,
      "f",
      'the item "f" of step "files" has that name: it would hide the var there',
    );
    await refused(
      4,
      8,
      "f",
      'the item "f" of step "files" has that name: it would hide the param there',
    );
    // `run.id`, `env.HOME`…: a bare `run` is the built-in root, not the param.
    for (const root of ["env", "run", "workflow", "steps"]) {
      await refused(
        4,
        8,
        root,
        `"${root}" is a built-in value (${root}.…), not a name of your own`,
      );
      await refused(
        7,
        14,
        root,
        `"${root}" is a built-in value (${root}.…), not a name of your own`,
      );
      await refused(
        0,
        13,
        root,
        `"${root}" is a built-in value (${root}.…), not a name of your own`,
      );
    }
    // What stays free is still renamed.
    assert.ok((await rename(uri, 7, 14, "file"))?.changes?.[uri]?.length);
    await workspace.client.closeDocument(uri);
  });

  it("outlines a file: workflows with params, vars and steps; commands; tests", async () => {
    const symbols = await workspace.client.request<DocumentSymbol[]>(
      "textDocument/documentSymbol",
      {
        textDocument: { uri: publishSite },
      },
    );
    assert.deepEqual(symbols, [
      {
        name: "greet",
        kind: 12,
        range: r(3, 0, 6, 1),
        selectionRange: on(3, 8, 13),
        detail: "(name: string, excited: bool = false)",
      },
      {
        name: "publish_site",
        kind: 5,
        range: r(8, 0, 40, 1),
        selectionRange: on(8, 9, 21),
        detail: "Build the site and publish it",
        children: [
          {
            name: "target",
            kind: 7,
            range: on(15, 2, 34),
            selectionRange: on(15, 8, 14),
            detail: 'string = "staging"',
          },
          {
            name: "retries",
            kind: 7,
            range: on(16, 2, 24),
            selectionRange: on(16, 8, 15),
            detail: "int = 1",
          },
          { name: "out", kind: 13, range: on(17, 2, 29), selectionRange: on(17, 6, 9) },
          {
            name: "build",
            kind: 6,
            range: r(19, 2, 28, 3),
            selectionRange: on(19, 7, 12),
            detail: "Compile into the output folder",
          },
          { name: "publish", kind: 6, range: r(30, 2, 33, 3), selectionRange: on(30, 7, 14) },
          { name: "announce", kind: 6, range: r(35, 2, 39, 3), selectionRange: on(35, 7, 15) },
        ],
      },
      {
        name: "publish failure rolls the build back",
        kind: 24,
        range: r(42, 0, 51, 1),
        selectionRange: on(42, 5, 43),
        detail: "publish_site",
      },
    ]);
  });

  describe("workspace symbols", () => {
    const query = (text: string) =>
      workspace.client.request<SymbolInformation[]>("workspace/symbol", { query: text });

    it("finds workflows, steps, commands and tests of every file by substring, best first", async () => {
      const found = await query("PUBLISH");
      assert.deepEqual(
        found.map((s) => [s.name, s.kind, s.containerName, s.location.uri, s.location.range]),
        [
          ["publish", 6, "publish_site", publishSite, r(30, 2, 33, 3)],
          ["publish failure rolls the build back", 24, undefined, publishSite, r(42, 0, 51, 1)],
          ["publish_site", 5, undefined, publishSite, r(8, 0, 40, 1)],
        ],
      );
    });

    it("matches the query's characters in order", async () => {
      const found = await query("stmp");
      assert.deepEqual(
        found.map((s) => [s.name, s.kind, s.containerName, s.location.uri]),
        [
          ["restamp", 5, undefined, other],
          ["stamp", 12, undefined, common],
          ["stamp_it", 6, "stamped", main],
          ["stamped", 5, undefined, main],
        ],
      );
    });
  });
});
