import assert from "node:assert/strict";
import { marked } from "../support/text-position";
import { useWorkspaceSession } from "../support/workspace-session";

/** Hover on an item or field of a param's or var's value (docs/language.md, "References"), over a real LSP connection. */

const TEXT = [
  "workflow w {",
  '  param samples: list = ["a b", "it\'s"]',
  '  param config: map = {"region": "eu", "sites": [{"name": "home"}]}',
  "  param given: list",
  '  var regions = ["eu", "us"]',
  "  step s {",
  '    when: samples[1] == "x" && config.sites[0].name == "home"',
  '    run: "echo ${regions[1]} ${given[0]}"',
  "    rollback: none",
  "  }",
  "}",
  "",
].join("\n");

describe("language server: hover on items and fields of params and vars (real LSP)", function () {
  this.timeout(60_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-value-item-hover-", files: {} });

  /** The hover at the `|` placed before the `n`-th occurrence of `before` in TEXT. */
  async function hoverAt(before: string, n = 0): Promise<string> {
    let offset = -1;
    for (let i = 0; i <= n; i++) offset = TEXT.indexOf(before, offset + 1);
    assert.ok(offset >= 0, before);
    const { text, position } = marked(TEXT.slice(0, offset) + "|" + TEXT.slice(offset));
    const uri = await workspace.open("hover.momoflow", text);
    try {
      return await workspace.hover(uri, position);
    } finally {
      await workspace.client.closeDocument(uri);
    }
  }

  it("shows the item a param's default holds at an index, and a field of a map", async () => {
    const item = await hoverAt("1] ==");
    assert.match(item, /\(item of param samples\) samples\[1\]/);
    assert.match(item, /the default of `samples` \(a run may give another value\)/);
    assert.match(item, /"it's"/);
    const field = await hoverAt("name ==");
    assert.match(field, /\(item of param config\) config\.sites\[0\]\.name/);
    assert.match(field, /"home"/);
  });

  it("shows a var's item inside ${…}, and says when the value is known only in the run", async () => {
    const inString = await hoverAt("1]}");
    assert.match(inString, /\(item of var regions\) regions\[1\]/);
    assert.match(inString, /var `regions`'s value as written/);
    assert.match(inString, /"us"/);
    const unknown = await hoverAt("0]}");
    assert.match(unknown, /\(item of param given\) given\[0\]/);
    assert.match(unknown, /when the run reads it/);
  });

  it("shows a field of a fan-out's item over a list written out, read in its first item", async () => {
    const text = [
      "workflow w {",
      '  param config: map = {"sites": [{"name": "home"}, {"name": "blog"}]}',
      "  step each {",
      "    for_each: site in config.sites",
      '    run: "echo ${site.|name}"',
      "    rollback: none",
      "  }",
      "}",
      "",
    ].join("\n");
    const { text: opened, position } = marked(text);
    const uri = await workspace.open("item-hover.momoflow", opened);
    try {
      const shown = await workspace.hover(uri, position);
      assert.match(shown, /\(in fan-out item site\) site\.name/);
      assert.match(shown, /an item of `config.sites`, the default of `config`/);
      assert.match(shown, /"home"/);
    } finally {
      await workspace.client.closeDocument(uri);
    }
  });

  it("still shows the param itself on its name", async () => {
    const name = await hoverAt("samples[1]");
    assert.match(name, /param samples: list/);
  });
});
