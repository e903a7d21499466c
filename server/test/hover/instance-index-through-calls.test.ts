import assert from "node:assert/strict";
import { at } from "../support/text-position";
import { useWorkspaceSession } from "../support/workspace-session";

/**
 * Hover on an instance's index in a test (`given/convert[2]` in `expect` and
 * `fail:`): the item it ran for, also when the list is a param of a called
 * workflow that the calls on the path give written out (or leave to a
 * default written out), or a var (engine/src/language/known-list.ts).
 */
const DOC = [
  "workflow inner {",
  '  param names: list = ["a"]',
  "  step convert {",
  "    for_each: n in names",
  '    run: "echo ${n}"',
  "    rollback: none",
  "  }",
  "}",
  "workflow middle {",
  "  param regions: list",
  "  step inner_call { run: workflow inner(names: regions) }",
  "}",
  "workflow outer {",
  '  var sites = ["home", "blog"]',
  '  step given { run: workflow inner(names: ["x", "y", "z"]) }',
  "  step given_default { run: workflow inner() }",
  '  step wrap { run: workflow middle(regions: ["p", "q"]) }',
  "  step publish {",
  "    for_each: site in sites",
  '    run: "echo ${site}"',
  "    rollback: none",
  "  }",
  "  step deploy {",
  '    for_each: region in ["eu", "us"]',
  '    run: workflow inner(names: ["k", "l"])',
  "  }",
  "}",
  'test "through calls" {',
  "  workflow: outer",
  "  fail: [given/convert[1]]",
  '  expect output given/convert[2] == "z"',
  '  expect output wrap/inner_call/convert[1] == "q"',
  '  expect output given_default/convert[0] == "a"',
  "  expect step publish[1] == success",
  '  expect output deploy[0]/convert[1] == "l"',
  "}",
  "",
].join("\n");

describe("language server: hover on an instance's index through calls (real LSP over stdio)", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-instance-calls-" });
  let uri: string;

  before(async () => {
    const opened = await workspace.openChecked("calls.momoflow", DOC);
    uri = opened.uri;
    assert.deepEqual(
      opened.diagnostics.filter((d) => d.severity === 1),
      [],
      "the paths name instances the checker counts",
    );
  });

  /** The hover on the number of the index that ends `needle`. */
  const hoverOn = (needle: string): Promise<string> =>
    workspace.hover(uri, at(DOC, needle, needle.length - 2));

  it("says the item a call gives, in fail: and expect", async () => {
    const failed = await hoverOn("fail: [given/convert[1]");
    assert.match(failed, /\(instance\) convert\[1\]/);
    assert.match(failed, /item 1 of `names` \(as `n`\), `"y"`/);
    assert.match(await hoverOn("given/convert[2]"), /item 2 of `names` \(as `n`\), `"z"`/);
  });

  it("follows nested calls, a default written out, a var, and a call per item", async () => {
    assert.match(await hoverOn("wrap/inner_call/convert[1]"), /`"q"`/);
    assert.match(await hoverOn("given_default/convert[0]"), /item 0 of `names` \(as `n`\), `"a"`/);
    assert.match(await hoverOn("publish[1]"), /item 1 of `sites` \(as `site`\), `"blog"`/);
    const perItem = await hoverOn("deploy[0]/convert[1]");
    assert.match(perItem, /\(instance\) convert\[1\]/);
    assert.match(perItem, /`"l"`/);
    // The instance of the step that calls: its own list, written out.
    assert.match(
      await workspace.hover(uri, at(DOC, "deploy[0]/convert[1]", 7)),
      /item 0 of `\["eu", "us"\]` \(as `region`\), `"eu"`/,
    );
  });
});
