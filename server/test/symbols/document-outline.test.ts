import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  DocumentOutlineRequest,
  type DocumentOutline,
  type Range,
  type WorkflowOutline,
} from "../../src/protocol";
import type { DocumentSymbol } from "vscode-languageserver-protocol/node";
import { uriOf } from "../support/lsp-client";
import { useWorkspaceSession } from "../support/workspace-session";

const fixtures = resolve(__dirname, "../../../test-fixtures");

const DOC = [
  "/// Ships the site.", // 0
  "workflow ship {", // 1
  '  description: "Ship it"', // 2
  "  /// Where to.", // 3
  "  param target: string", // 4
  "  param retries: int = 2", // 5
  "  param ratio: number = 0.5", // 6
  "  param dry: bool = false", // 7
  "  param wait: duration = 30s", // 8
  "  param max: size = 10MB", // 9
  '  param tags: list = ["a", "b"]', // 10
  '  param env: map = { region: "eu", zones: [1, 2] }', // 11
  '  param out: string = "build/${target}"', // 12
  "  param copy: string = target", // 13
  "  param untyped", // 14
  "", // 15
  "  step build {", // 16
  '    run: "make"', // 17
  '    rollback: "make clean"', // 18
  "  }", // 19
  "  /// Tells the world.", // 20
  "  step notify {", // 21
  "    needs: [build, missing]", // 22
  '    description: "Say so"', // 23
  '    run: "echo done"', // 24
  "    rollback: none", // 25
  "  }", // 26
  "  step last {", // 27
  "    needs: notify", // 28
  '    run: "true"', // 29
  "  }", // 30
  "}", // 31
  "", // 32
  'test "ships \\"it\\"" {', // 33
  "  workflow: ship", // 34
  "  expect status == success", // 35
  "  expect step build == success", // 36
  "}", // 37
  'test "no workflow yet" { }', // 38
  "",
].join("\n");

/** The text of a one-line range of `text`. */
function textAt(text: string, range: Range): string {
  assert.equal(range.start.line, range.end.line, "a one-line range");
  return text.split("\n")[range.start.line]!.slice(range.start.character, range.end.character);
}

describe("language server: momoflow/documentOutline (real LSP over stdio)", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-outline-" });

  before(() => {
    assert.deepEqual(workspace.init.capabilities.experimental, { documentOutline: true });
  });

  const outlineOf = (uri: string): Promise<DocumentOutline | null> =>
    workspace.client.connection.sendRequest(DocumentOutlineRequest, { textDocument: { uri } });

  describe("an open document", () => {
    let outline: DocumentOutline;
    let ship: WorkflowOutline;
    before(async () => {
      const uri = await workspace.open("ship.momoflow", DOC);
      outline = (await outlineOf(uri))!;
      ship = outline.workflows[0]!;
    });

    it("gives the workflow with its name, doc and description, params and steps in source order", () => {
      assert.equal(outline.workflows.length, 1);
      assert.equal(ship.name, "ship");
      assert.equal(textAt(DOC, ship.nameRange), "ship");
      assert.deepEqual([ship.range.start.line, ship.range.end.line], [1, 31]);
      assert.equal(ship.doc, "Ships the site.");
      assert.equal(ship.description, "Ship it");
      assert.deepEqual(
        ship.params.map((p) => [p.name, textAt(DOC, p.nameRange), p.range.start.line]),
        ship.params.map((p, i) => [p.name, p.name, 4 + i]),
      );
      assert.deepEqual(
        ship.steps.map((s) => s.name),
        ["build", "notify", "last"],
      );
    });

    it("types each param and gives its default as written and, for a literal, as a value", () => {
      const byName = new Map(ship.params.map((p) => [p.name, p]));
      const shape = (name: string) => {
        const p = byName.get(name)!;
        return [p.type, p.required, p.default?.text, p.default?.value];
      };
      assert.deepEqual(shape("target"), ["string", true, undefined, undefined]);
      assert.equal(byName.get("target")!.doc, "Where to.");
      assert.deepEqual(shape("retries"), [
        "int",
        false,
        "2",
        { kind: "number", value: 2, integer: true },
      ]);
      assert.deepEqual(shape("ratio"), [
        "number",
        false,
        "0.5",
        { kind: "number", value: 0.5, integer: false },
      ]);
      assert.deepEqual(shape("dry"), ["bool", false, "false", { kind: "bool", value: false }]);
      assert.deepEqual(shape("wait"), [
        "duration",
        false,
        "30s",
        { kind: "duration", ms: 30_000, text: "30s" },
      ]);
      assert.deepEqual(shape("max"), [
        "size",
        false,
        "10MB",
        { kind: "size", bytes: 10 * 1024 * 1024, text: "10MB" },
      ]);
      assert.deepEqual(shape("tags"), [
        "list",
        false,
        '["a", "b"]',
        {
          kind: "list",
          items: [
            { kind: "string", value: "a" },
            { kind: "string", value: "b" },
          ],
        },
      ]);
      assert.deepEqual(shape("env"), [
        "map",
        false,
        '{ region: "eu", zones: [1, 2] }',
        {
          kind: "map",
          entries: [
            { key: "region", value: { kind: "string", value: "eu" } },
            {
              key: "zones",
              value: {
                kind: "list",
                items: [
                  { kind: "number", value: 1, integer: true },
                  { kind: "number", value: 2, integer: true },
                ],
              },
            },
          ],
        },
      ]);
      // Computed at run time: the text, no value.
      assert.deepEqual(shape("out"), ["string", false, '"build/${target}"', undefined]);
      assert.deepEqual(shape("copy"), ["string", false, "target", undefined]);
      // Being typed: no type yet, and nothing said about one.
      assert.deepEqual(shape("untyped"), [undefined, true, undefined, undefined]);
      assert.ok(!("type" in byName.get("untyped")!));
    });

    it("gives each step its needs, what its rollback says, its doc and description", () => {
      assert.deepEqual(
        ship.steps.map((s) => [s.name, textAt(DOC, s.nameRange), s.needs, s.rollback]),
        [
          ["build", "build", [], "action"],
          ["notify", "notify", ["build", "missing"], "none"],
          ["last", "last", ["notify"], "absent"],
        ],
      );
      const notify = ship.steps[1]!;
      assert.equal(notify.doc, "Tells the world.");
      assert.equal(notify.description, "Say so");
      assert.deepEqual([notify.range.start.line, notify.range.end.line], [21, 26]);
    });

    it("gives each test its name unescaped, the workflow it tests and its expectations", () => {
      assert.deepEqual(
        outline.tests.map((t) => [
          t.name,
          textAt(DOC, t.nameRange),
          t.workflow,
          t.expectations,
          t.range.start.line,
        ]),
        [
          ['ships "it"', '"ships \\"it\\""', "ship", 2, 33],
          ["no workflow yet", '"no workflow yet"', undefined, 0, 38],
        ],
      );
    });

    it("follows edits of the open document, not the disk", async () => {
      const uri = workspace.uri("edited.momoflow");
      workspace.write("edited.momoflow", 'test "on disk" { }\n');
      await workspace.client.open(uri, 'test "open" { }\n');
      assert.deepEqual(
        (await outlineOf(uri))!.tests.map((t) => t.name),
        ["open"],
      );
      await workspace.client.change(uri, [
        { text: 'workflow w { step s { run: "x" } }\ntest "edited" { }\n' },
      ]);
      const edited = (await outlineOf(uri))!;
      assert.deepEqual(
        [edited.workflows.map((w) => w.name), edited.tests.map((t) => t.name)],
        [["w"], ["edited"]],
      );
      // Closed, the file counts again as it is on disk.
      await workspace.client.closeDocument(uri);
      assert.deepEqual(
        (await outlineOf(uri))!.tests.map((t) => t.name),
        ["on disk"],
      );
    });
  });

  it("outlines a workflow written with the newer constructs: conditions, JSON outputs, inputs and outputs, test fixtures", async () => {
    const text = [
      "workflow pipeline {",
      "  param dry: bool = false",
      "  step stats {",
      '    run: "echo {}"',
      "    output: json",
      '    inputs: ["data/*.csv"]',
      '    outputs: "out/stats.json"',
      "    rollback: none",
      "  }",
      "  step publish {",
      "    needs: stats",
      '    when: !dry && (steps.stats.output.total >= 2 || contains(steps.stats.output.tags, "x"))',
      '    run: "echo ${steps.stats.output.sites[0].mean}"',
      "  }",
      "  step cleanup {",
      "    needs: [publish]",
      "    when: steps.publish.status == failed",
      '    run: "echo cleanup"',
      "  }",
      "}",
      'test "pipeline runs" {',
      "  workflow: pipeline",
      '  files: "fixtures/data"',
      '  expect file "out/stats.json" contains "total"',
      "  expect output stats.sites[0].mean == 3",
      '  expect output publish matches "^[0-9]"',
      "}",
      "",
    ].join("\n");
    const uri = await workspace.open("pipeline.momoflow", text);
    const outline = (await outlineOf(uri))!;
    assert.deepEqual(
      outline.workflows.map((w) => [w.name, w.params.map((p) => p.name)]),
      [["pipeline", ["dry"]]],
    );
    assert.deepEqual(
      outline.workflows[0]!.steps.map((s) => [s.name, s.needs, s.rollback, s.range.start.line]),
      [
        ["stats", [], "none", 2],
        ["publish", ["stats"], "absent", 9],
        ["cleanup", ["publish"], "absent", 14],
      ],
    );
    assert.deepEqual(
      outline.tests.map((t) => [t.name, t.workflow, t.expectations, t.range.end.line]),
      [["pipeline runs", "pipeline", 3, 26]],
    );
    // The editor's outline (textDocument/documentSymbol) has the same declarations.
    const symbols = await workspace.client.request<DocumentSymbol[]>(
      "textDocument/documentSymbol",
      {
        textDocument: { uri },
      },
    );
    assert.deepEqual(
      symbols.map((s) => [s.name, (s.children ?? []).map((c) => c.name)]),
      [
        ["pipeline", ["dry", "stats", "publish", "cleanup"]],
        ["pipeline runs", []],
      ],
    );
  });

  describe("a file that is not open", () => {
    it("is read from disk, and read again when it changed there (before any watcher said so)", async () => {
      const path = workspace.path("closed.momoflow");
      writeFileSync(path, 'workflow a { step s { run: "x" } }\ntest "first" { workflow: a }\n');
      const uri = uriOf(path);
      const first = (await outlineOf(uri))!;
      assert.deepEqual(
        [first.workflows.map((w) => w.name), first.tests.map((t) => [t.name, t.workflow])],
        [["a"], [["first", "a"]]],
      );
      writeFileSync(path, 'test "second" { }\ntest "third" { }\n');
      const second = (await outlineOf(uri))!;
      assert.deepEqual(
        [second.workflows, second.tests.map((t) => t.name)],
        [[], ["second", "third"]],
      );
    });

    it("answers the fixtures as they are on disk: publish-site's workflow, params and test", async () => {
      const path = join(fixtures, "valid", "publish-site.momoflow");
      const outline = (await outlineOf(uriOf(path)))!;
      const text = readFileSync(path, "utf8");
      const site = outline.workflows[0]!;
      assert.equal(textAt(text, site.nameRange), "publish_site");
      assert.deepEqual(
        site.params.map((p) => [p.name, p.type, p.default?.text, p.required]),
        [
          ["target", "string", '"staging"', false],
          ["retries", "int", "1", false],
        ],
      );
      assert.deepEqual(
        site.steps.map((s) => [s.name, s.needs, s.rollback]),
        [
          ["build", [], "action"],
          ["publish", ["build"], "absent"],
          ["announce", ["publish"], "absent"],
        ],
      );
      assert.deepEqual(
        outline.tests.map((t) => [t.name, t.workflow, t.expectations]),
        [["publish failure rolls the build back", "publish_site", 5]],
      );
    });

    it("is null when there is no such file, and the server goes on", async () => {
      assert.equal(await outlineOf(workspace.uri("nowhere.momoflow")), null);
      assert.ok(workspace.client.alive);
    });
  });

  describe("a file with syntax errors", () => {
    it("gives what parsed: every workflow and step of the MF001 fixture, open or not", async () => {
      const path = join(fixtures, "invalid", "mf001-syntax.momoflow");
      const expected = [
        ["first", ["a"]],
        ["second", ["x", "b"]],
        ["third", ["c"]],
      ];
      const shape = (outline: DocumentOutline | null) =>
        outline!.workflows.map((w) => [w.name, w.steps.map((s) => s.name)]);
      assert.deepEqual(shape(await outlineOf(uriOf(path))), expected);
      const uri = await workspace.open("mf001-open.momoflow", readFileSync(path, "utf8"));
      assert.deepEqual(shape(await outlineOf(uri)), expected);
    });

    it("answers every prefix of a document being typed, leaving out what has no name yet", async () => {
      const uri = await workspace.open("typing.momoflow", "");
      const lines: string[] = [];
      for (const line of DOC.split("\n")) {
        lines.push(line);
        const text = lines.join("\n");
        // Every cut of the last line, too: `param ta`, `step bu`, `test "sh`...
        for (let cut = Math.max(0, text.length - line.length); cut <= text.length; cut += 3) {
          await workspace.client.change(uri, [{ text: text.slice(0, cut) }]);
          const outline = await outlineOf(uri);
          assert.ok(outline, `an outline for ${JSON.stringify(text.slice(0, cut).slice(-40))}`);
          for (const w of outline.workflows) {
            assert.ok(w.name.length > 0);
            for (const p of w.params) assert.ok(p.name.length > 0 && p.required === !p.default);
          }
        }
      }
      const final = (await outlineOf(uri))!;
      assert.deepEqual(
        final.tests.map((t) => t.name),
        ['ships "it"', "no workflow yet"],
      );
      assert.ok(workspace.client.alive);
      assert.equal(workspace.client.stderr, "");
    });
  });
});
