import assert from "node:assert/strict";
import type {
  CompletionItem,
  InsertReplaceEdit,
  TextEdit,
} from "vscode-languageserver-protocol/node";
import { useWorkspaceSession } from "../support/workspace-session";

/**
 * Completion of the items and fields of params and vars (docs/language.md,
 * "References"): after `samples[` the indexes of the value written out,
 * after `config.` its keys — over a real LSP connection.
 */

const FILE = "items.momoflow";

/** A workflow whose step `s` runs `line`; a command reading its own parameters. */
function flow(line: string, commandLine = '  run: "echo ${who[0]}"'): string {
  return [
    'command greet(who: list = ["ann", "bo"], opts: map) {',
    commandLine,
    "  rollback: none",
    "}",
    "workflow w {",
    '  param samples: list = ["a b", "c"]',
    '  param config: map = {"region": "eu", "enabled": true, "sites": [{"name": "home", "n": 3}]}',
    "  param given: list",
    "  param count: int = 3",
    '  var regions = ["eu", "us", "ap"]',
    "  var copy = regions",
    "  step s {",
    line,
    "    rollback: none",
    "  }",
    "}",
    "",
  ].join("\n");
}

const labels = (items: CompletionItem[]): string[] => items.map((i) => i.label);

function insertText(item: CompletionItem): string {
  const edit = item.textEdit as TextEdit | InsertReplaceEdit | undefined;
  return edit?.newText ?? item.insertText ?? item.label;
}

describe("language server: completion of items and fields of params and vars (real LSP)", function () {
  this.timeout(60_000);
  const workspace = useWorkspaceSession({
    prefix: "momoflow-value-items-",
    files: { [FILE]: flow('    run: "true"') },
  });
  const after = (trigger: string) => (line: string) =>
    workspace.completionAtMark(FILE, flow(line), trigger);
  const indexes = after("[");
  const fields = after(".");

  it("offers the indexes of a list written out after `[`, each with its item, in code and in ${…}", async () => {
    const inCode = await indexes("    when: samples[|");
    assert.deepEqual(labels(inCode), ["0", "1"]);
    assert.equal(inCode[0]!.detail, 'string: "a b"');
    assert.equal(insertText(inCode[0]!), "0]");
    const closed = await indexes('    when: samples[|] == "c"');
    assert.equal(insertText(closed[1]!), "1");
    assert.deepEqual(labels(await indexes('    run: "echo ${regions[|}"')), ["0", "1", "2"]);
    // A var set to another var reads its value.
    assert.deepEqual(labels(await indexes('    run: "echo ${copy[|}"')), ["0", "1", "2"]);
    assert.deepEqual(labels(await indexes('    run: "echo ${config.sites[|}"')), ["0"]);
    // A command reads its own parameter's default.
    const inCommand = await workspace.completionAtMark(
      FILE,
      flow('    run: "true"', '  run: "echo ${who[|}"'),
      "[",
    );
    assert.deepEqual(labels(inCommand), ["0", "1"]);
  });

  it("offers the keys of a map written out after `.`, and `[0]` after a list", async () => {
    const keys = await fields("    when: config.|");
    assert.deepEqual(labels(keys).sort(), ["enabled", "region", "sites"]);
    assert.equal(keys.find((k) => k.label === "enabled")!.detail, "bool: true");
    assert.deepEqual(labels(await fields('    run: "echo ${config.sites[0].|}"')).sort(), [
      "n",
      "name",
    ]);
    assert.deepEqual(labels(await fields("    when: config.sites.|")), ["[0]"]);
  });

  it("reads a var set to a param's item in the param's default: `var sites = config.sites`", async () => {
    const withSites = (line: string): string =>
      flow(line).replace(
        "  var copy = regions",
        "  var copy = regions\n  var sites = config.sites",
      );
    const items = await workspace.completionAtMark(FILE, withSites("    when: sites[|"), "[");
    assert.deepEqual(labels(items), ["0"]);
    const keys = await workspace.completionAtMark(
      FILE,
      withSites('    run: "echo ${sites[0].|}"'),
      ".",
    );
    assert.deepEqual(labels(keys).sort(), ["n", "name"]);
    const text = withSites('    run: "echo ${sites[0].name}"');
    const uri = await workspace.open("through-default.momoflow", text);
    const lines = text.split("\n");
    const line = lines.findIndex((l) => l.includes("${sites[0].name}"));
    const shown = await workspace.hover(uri, {
      line,
      character: lines[line]!.indexOf("name}") + 1,
    });
    assert.match(shown, /read in the default of `config` \(a run may give another value\)/);
    await workspace.client.closeDocument(uri);
  });

  it("offers the fields of a fan-out's item over a list written out: its first item's", async () => {
    const inString = await fields('    for_each: site in config.sites\n    run: "echo ${site.|}"');
    assert.deepEqual(labels(inString).sort(), ["n", "name"]);
    assert.match(
      String(
        (inString[0]!.documentation as { value?: string })?.value ?? inString[0]!.documentation,
      ),
      /an item of `config.sites`/,
    );
    const inCode = await fields("    for_each: site in config.sites\n    when: site.|");
    assert.deepEqual(labels(inCode).sort(), ["n", "name"]);
    // Over a list only the run knows: nothing.
    assert.deepEqual(await fields('    for_each: site in given\n    run: "echo ${site.|}"'), []);
  });

  it("offers nothing where the value is not written out or has no items: a param without default, an int, a string's text", async () => {
    assert.deepEqual(await indexes('    run: "echo ${given[|}"'), []);
    assert.deepEqual(await indexes("    when: count[|"), []);
    assert.deepEqual(await indexes('    run: "echo samples[|"'), []);
    assert.deepEqual(await fields("    when: config.region.|"), []);
  });
});
