import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { SemanticTokens, SemanticTokensLegend } from "vscode-languageserver-protocol/node";
import { uriOf } from "../support/lsp-client";
import { useWorkspaceSession } from "../support/workspace-session";
import { type DecodedToken, decodeSemanticTokens } from "../support/semantic-token-decoding";
import { encodeSemanticTokens } from "../../src/semantic-tokens/semantic-tokens";
import { splitByLines } from "../../src/semantic-tokens/semantic-tokens";

const fixtures = resolve(__dirname, "../../../test-fixtures");

type Decoded = DecodedToken;
const decode = decodeSemanticTokens;

const DOC = [
  "/// Makes the folder.",
  "command mk(dir: path) {",
  "  run: create_directory(path: dir)",
  "}",
  "",
  "/* two",
  "   lines */",
  "workflow w {",
  '  param who: string = "world"',
  '  var out = "out/${who}"',
  "  step a {",
  "    run: mk(dir: out)",
  "  }",
  "  step b {",
  "    needs: [a]",
  '    run: """',
  "      echo ${steps.a.output} ${env.HOME}",
  '    """',
  "    timeout: 5m",
  "  }",
  "}",
  "",
].join("\n");

describe("language server: semantic tokens (real LSP over stdio)", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-tokens-" });
  let legend: SemanticTokensLegend;

  before(() => {
    const provider = workspace.init.capabilities.semanticTokensProvider as {
      legend: SemanticTokensLegend;
      full: boolean;
      range: boolean;
    };
    assert.equal(provider.full, true);
    assert.equal(provider.range, true);
    legend = provider.legend;
  });

  it("announces a legend of standard token types and modifiers", () => {
    assert.deepEqual(legend, {
      tokenTypes: [
        "keyword",
        "function",
        "class",
        "method",
        "parameter",
        "variable",
        "property",
        "type",
        "string",
        "number",
        "comment",
        "operator",
        "enumMember",
      ],
      tokenModifiers: ["declaration", "readonly", "defaultLibrary", "documentation"],
    });
  });

  it("types names by what they are, splits strings around interpolations and multi-line tokens per line", async () => {
    const uri = await workspace.open("tokens.momoflow", DOC);
    const tokens = await workspace.client.request<SemanticTokens>(
      "textDocument/semanticTokens/full",
      {
        textDocument: { uri },
      },
    );
    assert.deepEqual(decode(tokens, legend), [
      [0, 0, 21, "comment", ["documentation"]], // /// Makes the folder.
      [1, 0, 7, "keyword", []], // command
      [1, 8, 2, "function", ["declaration"]], // mk
      [1, 11, 3, "parameter", ["declaration"]], // dir
      [1, 16, 4, "type", ["defaultLibrary"]], // path
      [2, 2, 3, "property", []], // run
      [2, 7, 16, "function", ["defaultLibrary"]], // create_directory
      [2, 24, 4, "parameter", []], // path
      [2, 30, 3, "parameter", []], // dir
      [5, 0, 6, "comment", []], // /* two
      [6, 0, 11, "comment", []], //    lines */
      [7, 0, 8, "keyword", []], // workflow
      [7, 9, 1, "class", ["declaration"]], // w
      [8, 2, 5, "keyword", []], // param
      [8, 8, 3, "parameter", ["declaration"]], // who
      [8, 13, 6, "type", ["defaultLibrary"]], // string
      [8, 20, 1, "operator", []], // =
      [8, 22, 7, "string", []], // "world"
      [9, 2, 3, "keyword", []], // var
      [9, 6, 3, "variable", ["declaration", "readonly"]], // out
      [9, 10, 1, "operator", []], // =
      [9, 12, 5, "string", []], // "out/
      [9, 19, 3, "parameter", []], // who
      [9, 23, 1, "string", []], // "
      [10, 2, 4, "keyword", []], // step
      [10, 7, 1, "method", ["declaration"]], // a
      [11, 4, 3, "property", []], // run
      [11, 9, 2, "function", []], // mk
      [11, 12, 3, "parameter", []], // dir
      [11, 17, 3, "variable", ["readonly"]], // out
      [13, 2, 4, "keyword", []], // step
      [13, 7, 1, "method", ["declaration"]], // b
      [14, 4, 5, "property", []], // needs
      [14, 12, 1, "method", []], // a
      [15, 4, 3, "property", []], // run
      [15, 9, 3, "string", []], // """
      [16, 0, 11, "string", []], // "      echo "
      [16, 13, 5, "variable", ["readonly", "defaultLibrary"]], // steps
      [16, 19, 1, "method", []], // a
      [16, 21, 6, "property", ["readonly", "defaultLibrary"]], // output
      [16, 28, 1, "string", []], // " "
      [16, 31, 3, "variable", ["readonly", "defaultLibrary"]], // env
      [16, 35, 4, "variable", ["readonly"]], // HOME
      [17, 0, 7, "string", []], //     """
      [18, 4, 7, "property", []], // timeout
      [18, 13, 2, "number", []], // 5m
    ]);
  });

  it("types a name written with dashes as the name it is read as", async () => {
    const uri = await workspace.open(
      "dashed.momoflow",
      'workflow w {\n  param my-name: string = "a"\n  step s { run: log(message: my-name) }\n}\n',
    );
    const tokens = await workspace.client.request<SemanticTokens>(
      "textDocument/semanticTokens/full",
      { textDocument: { uri } },
    );
    const names = decode(tokens, legend).filter(([, , , type]) => type === "parameter");
    assert.deepEqual(names, [
      [1, 8, 7, "parameter", ["declaration"]], // my-name
      [2, 20, 7, "parameter", []], // message
      [2, 29, 7, "parameter", []], // my-name
    ]);
  });

  it("colours conditions, JSON outputs and test fixtures: operators, statuses, contains, json, fields", async () => {
    const uri = workspace.uri("constructs.momoflow");
    const lines = [
      "workflow w {",
      "  param dry: bool = false",
      "  step stats {",
      `    run: "echo '{}'"`,
      "    output: json",
      '    inputs: ["data/*.csv"]',
      '    outputs: "out/stats.json"',
      "  }",
      "  step notify {",
      "    needs: [stats]",
      '    when: !dry && steps.stats.status == failed || steps.stats.output.n >= 2 || contains(["a"], "a")',
      '    run: "echo ${steps.stats.output.sites[0].mean}"',
      "  }",
      "}",
      'test "t" {',
      "  workflow: w",
      '  files: "fixtures/x"',
      "  expect output stats.sites[0].mean == 3",
      '  expect output notify matches "a.*"',
      "}",
      "",
    ];
    await workspace.client.open(uri, lines.join("\n"));
    const tokens = await workspace.client.request<SemanticTokens>(
      "textDocument/semanticTokens/full",
      {
        textDocument: { uri },
      },
    );
    const on = (line: number): Decoded[] => decode(tokens, legend).filter(([at]) => at === line);
    assert.deepEqual(on(4), [
      [4, 4, 6, "property", []], // output
      [4, 12, 4, "enumMember", []], // json
    ]);
    assert.deepEqual(on(5)[0], [5, 4, 6, "property", []]); // inputs
    assert.deepEqual(on(6)[0], [6, 4, 7, "property", []]); // outputs
    assert.deepEqual(on(10), [
      [10, 4, 4, "property", []], // when
      [10, 10, 1, "operator", []], // !
      [10, 11, 3, "parameter", []], // dry
      [10, 15, 2, "operator", []], // &&
      [10, 18, 5, "variable", ["readonly", "defaultLibrary"]], // steps
      [10, 24, 5, "method", []], // stats
      [10, 30, 6, "property", ["readonly", "defaultLibrary"]], // status
      [10, 37, 2, "operator", []], // ==
      [10, 40, 6, "enumMember", []], // failed
      [10, 47, 2, "operator", []], // ||
      [10, 50, 5, "variable", ["readonly", "defaultLibrary"]], // steps
      [10, 56, 5, "method", []], // stats
      [10, 62, 6, "property", ["readonly", "defaultLibrary"]], // output
      [10, 69, 1, "property", ["readonly"]], // n
      [10, 71, 2, "operator", []], // >=
      [10, 74, 1, "number", []], // 2
      [10, 76, 2, "operator", []], // ||
      [10, 79, 8, "function", ["defaultLibrary"]], // contains
      [10, 89, 3, "string", []], // "a"
      [10, 95, 3, "string", []], // "a"
    ]);
    assert.deepEqual(on(11), [
      [11, 4, 3, "property", []], // run
      [11, 9, 6, "string", []], // "echo
      [11, 17, 5, "variable", ["readonly", "defaultLibrary"]], // steps
      [11, 23, 5, "method", []], // stats
      [11, 29, 6, "property", ["readonly", "defaultLibrary"]], // output
      [11, 36, 5, "property", ["readonly"]], // sites
      [11, 42, 1, "number", []], // 0, which the lexer leaves in the string
      [11, 45, 4, "property", ["readonly"]], // mean
      [11, 50, 1, "string", []], // "
    ]);
    assert.deepEqual(on(16)[0], [16, 2, 5, "property", []]); // files
    assert.deepEqual(on(17), [
      [17, 2, 6, "keyword", []], // expect
      [17, 9, 6, "keyword", []], // output
      [17, 16, 5, "method", []], // stats
      [17, 22, 5, "property", ["readonly"]], // sites
      [17, 28, 1, "number", []], // 0
      [17, 31, 4, "property", ["readonly"]], // mean
      [17, 36, 2, "operator", []], // ==
      [17, 39, 1, "number", []], // 3
    ]);
    assert.deepEqual(on(18), [
      [18, 2, 6, "keyword", []], // expect
      [18, 9, 6, "keyword", []], // output
      [18, 16, 6, "method", []], // notify
      [18, 23, 7, "keyword", []], // matches
      [18, 31, 5, "string", []], // "a.*"
    ]);
  });

  it("colours the items and fields of params, vars and instances' outputs, and called steps in a test", async () => {
    const uri = workspace.uri("paths.momoflow");
    const lines = [
      "workflow w {",
      '  param config: map = {"sites": [{"name": "a"}]}',
      "  var regions = config.sites",
      "  step convert {",
      "    for_each: site in regions",
      "    output: json",
      '    run: "echo ${site.name} ${config.sites[0].name}"',
      "  }",
      "  step call {",
      "    needs: convert",
      '    run: workflow part(name: regions[1].name, all: "${steps.convert.outputs[1].n}")',
      "  }",
      "}",
      "workflow part {",
      "  param name: string",
      "  param all: string",
      '  step mk { run: "echo ${name} ${all}" }',
      "}",
      'test "t" {',
      "  workflow: w",
      "  fail: call/mk",
      "  expect step call/mk == rolled_back",
      "}",
      "",
    ];
    await workspace.client.open(uri, lines.join("\n"));
    const tokens = await workspace.client.request<SemanticTokens>(
      "textDocument/semanticTokens/full",
      { textDocument: { uri } },
    );
    const on = (line: number): Decoded[] => decode(tokens, legend).filter(([at]) => at === line);
    assert.deepEqual(on(2).slice(1), [
      [2, 6, 7, "variable", ["declaration", "readonly"]], // regions
      [2, 14, 1, "operator", []], // =
      [2, 16, 6, "parameter", []], // config
      [2, 23, 5, "property", ["readonly"]], // sites
    ]);
    assert.deepEqual(on(6).slice(2), [
      [6, 17, 4, "variable", []], // site
      [6, 22, 4, "property", ["readonly"]], // name
      [6, 27, 1, "string", []],
      [6, 30, 6, "parameter", []], // config
      [6, 37, 5, "property", ["readonly"]], // sites
      [6, 43, 1, "number", []], // 0
      [6, 46, 4, "property", ["readonly"]], // name
      [6, 51, 1, "string", []],
    ]);
    assert.deepEqual(on(10).slice(4, 8), [
      [10, 29, 7, "variable", ["readonly"]], // regions
      [10, 37, 1, "number", []], // 1
      [10, 40, 4, "property", ["readonly"]], // name
      [10, 46, 3, "parameter", []], // all
    ]);
    assert.deepEqual(on(10).slice(-4), [
      [10, 68, 7, "property", ["readonly", "defaultLibrary"]], // outputs
      [10, 76, 1, "number", []], // 1
      [10, 79, 1, "property", ["readonly"]], // n
      [10, 81, 1, "string", []],
    ]);
    assert.deepEqual(on(20), [
      [20, 2, 4, "property", []], // fail
      [20, 8, 4, "method", []], // call
      [20, 13, 2, "method", []], // mk
    ]);
    assert.deepEqual(on(21).slice(0, 4), [
      [21, 2, 6, "keyword", []], // expect
      [21, 9, 4, "keyword", []], // step
      [21, 14, 4, "method", []], // call
      [21, 19, 2, "method", []], // mk
    ]);
  });

  it("answers a range request with the tokens of that range only, deltas starting afresh", async () => {
    const uri = await workspace.open("range.momoflow", DOC);
    const tokens = await workspace.client.request<SemanticTokens>(
      "textDocument/semanticTokens/range",
      {
        textDocument: { uri },
        range: { start: { line: 13, character: 0 }, end: { line: 15, character: 0 } },
      },
    );
    assert.deepEqual(decode(tokens, legend), [
      [13, 2, 4, "keyword", []],
      [13, 7, 1, "method", ["declaration"]],
      [14, 4, 5, "property", []],
      [14, 12, 1, "method", []],
    ]);
  });

  it("colours a test block: workflow, step ids, statuses, params keys", async () => {
    const path = join(fixtures, "valid", "publish-site.momoflow");
    const uri = uriOf(path);
    await workspace.client.open(uri, readFileSync(path, "utf8"));
    const tokens = await workspace.client.request<SemanticTokens>(
      "textDocument/semanticTokens/full",
      {
        textDocument: { uri },
      },
    );
    const decoded = decode(tokens, legend);
    assert.deepEqual(
      decoded.filter(([line]) => line >= 42),
      [
        [42, 0, 4, "keyword", []], // test
        [42, 5, 38, "string", []], // "publish failure rolls the build back"
        [43, 2, 8, "property", []], // workflow
        [43, 12, 12, "class", []], // publish_site
        [44, 2, 6, "property", []], // params
        [44, 12, 6, "parameter", []], // target
        [44, 20, 6, "string", []], // "test"
        [45, 2, 4, "property", []], // fail
        [45, 8, 7, "method", []], // publish
        [46, 2, 6, "keyword", []], // expect
        [46, 9, 6, "keyword", []], // status
        [46, 16, 2, "operator", []], // ==
        [46, 19, 11, "enumMember", []], // rolled_back
        [47, 2, 6, "keyword", []], // expect
        [47, 9, 4, "keyword", []], // step
        [47, 14, 5, "method", []], // build
        [47, 20, 2, "operator", []], // ==
        [47, 23, 11, "enumMember", []], // rolled_back
        [48, 2, 6, "keyword", []],
        [48, 9, 4, "keyword", []],
        [48, 14, 8, "method", []], // announce
        [48, 23, 2, "operator", []],
        [48, 26, 7, "enumMember", []], // not_run
        [49, 2, 6, "keyword", []], // expect
        [49, 9, 4, "keyword", []], // file
        [49, 14, 23, "string", []],
        [49, 38, 7, "keyword", []], // missing
        [50, 2, 6, "keyword", []], // expect
        [50, 9, 8, "keyword", []], // duration
        [50, 18, 1, "operator", []], // <
        [50, 20, 2, "number", []], // 5s
      ],
    );
    // A step id in `needs` is a method, a declared command's call a function without defaultLibrary.
    assert.deepEqual(
      decoded.filter(([line]) => line === 36 || line === 38),
      [
        [36, 4, 5, "property", []],
        [36, 11, 7, "method", []],
        [38, 4, 3, "property", []],
        [38, 9, 5, "function", []],
        [38, 15, 4, "parameter", []],
        [38, 21, 6, "parameter", []],
        [38, 29, 7, "parameter", []],
        [38, 38, 4, "keyword", []],
      ],
    );
  });

  it("still answers for a broken file: what can be read is coloured", async () => {
    const uri = await workspace.open("broken.momoflow", 'workflow w {\n  step a {\n    run: "x\n');
    const tokens = await workspace.client.request<SemanticTokens>(
      "textDocument/semanticTokens/full",
      {
        textDocument: { uri },
      },
    );
    assert.deepEqual(decode(tokens, legend), [
      [0, 0, 8, "keyword", []],
      [0, 9, 1, "class", ["declaration"]],
      [1, 2, 4, "keyword", []],
      [1, 7, 1, "method", ["declaration"]],
      [2, 4, 3, "property", []],
      [2, 9, 2, "string", []],
    ]);
  });
});

describe("semantic tokens: lines and encoding", () => {
  it("splits multi-line tokens per line and encodes relative positions", async () => {
    assert.deepEqual(splitByLines('"""\r\n  a\n"""', 0, 12), [
      { offset: 0, length: 3 },
      { offset: 5, length: 3 },
      { offset: 9, length: 3 },
    ]);
    assert.deepEqual(
      await encodeSemanticTokens([
        { line: 2, character: 4, length: 3, type: "method", modifiers: ["declaration"] },
        { line: 0, character: 0, length: 8, type: "keyword", modifiers: [] },
        { line: 2, character: 6, length: 4, type: "string", modifiers: [] }, // overlaps: cut
        { line: 2, character: 12, length: 0, type: "string", modifiers: [] }, // empty: dropped
      ]),
      [0, 0, 8, 0, 0, 2, 4, 3, 3, 1, 0, 3, 3, 8, 0],
    );
  });
});
