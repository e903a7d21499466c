import assert from "node:assert/strict";
import type { Position } from "vscode-languageserver-protocol";
import { at } from "../support/text-position";
import { useWorkspaceSession } from "../support/workspace-session";

/** A workflow to call, with three params, and a caller whose call spans several lines. */
const DOC = [
  "workflow release {",
  '  param part: string = "patch"',
  "  param dry: bool = false",
  "  param notes: list = []",
  '  step bump { run: "echo ${part} ${dry} ${notes}" }',
  "}",
  "",
  "workflow ship {",
  "  param regions: list = []",
  "  step stats {",
  '    run: "echo []"',
  "    output: json",
  "  }",
  "  step release {",
  "    run: workflow release(",
  '      part: "minor",',
  "      dry: true,",
  "    )",
  "  }",
  "  step convert {",
  "    for_each: region",
  "      in regions",
  '    run: log(message: "${region}")',
  "  }",
  "}",
  "",
].join("\n");

describe("language server: completion of constructs written over several lines", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-lines-" });

  async function complete(text: string, position: Position, trigger?: string) {
    const context = trigger ? { triggerKind: 2, triggerCharacter: trigger } : undefined;
    const items = await workspace.withScratch(
      text,
      (uri) => workspace.completion(uri, position, context),
      { stem: "doc" },
    );
    return items.map((i) => i.label);
  }

  it("completes a workflow call's params on the lines after `workflow release(`, leaving out those given", async () => {
    const next = DOC.replace("      dry: true,\n", "      dry: true,\n      \n");
    assert.deepEqual(await complete(next, at(next, "dry: true,\n      ", 17)), ["notes"]);
    const first = DOC.replace('      part: "minor",\n      dry: true,\n', "      \n");
    assert.deepEqual(await complete(first, at(first, "release(\n      ", 15)), [
      "part",
      "dry",
      "notes",
    ]);
    // Given after the cursor counts too: `dry` on a later line.
    const between = DOC.replace('      part: "minor",\n', "      p\n");
    assert.deepEqual(await complete(between, at(between, "      p\n", 7)), ["part", "notes"]);
    // The same on one line, as before.
    const oneLine = DOC.replace(
      'release(\n      part: "minor",\n      dry: true,\n    )',
      'release(part: "minor", )',
    );
    assert.deepEqual(await complete(oneLine, at(oneLine, '"minor", ', 9), " "), ["dry", "notes"]);
  });

  it("completes the items of `for_each: x in ` when `in` is on the next line, or the items are", async () => {
    const items = ['glob("…")', "regions", "steps.stats.output"];
    const afterIn = DOC.replace("      in regions", "      in ");
    assert.deepEqual((await complete(afterIn, at(afterIn, "      in ", 9))).sort(), items);
    const nextLine = DOC.replace("      in regions", "      in\n      ");
    assert.deepEqual((await complete(nextLine, at(nextLine, "in\n      ", 9))).sort(), items);
    const oneLine = DOC.replace("for_each: region\n      in regions", "for_each: region in ");
    assert.deepEqual((await complete(oneLine, at(oneLine, "region in ", 10), " ")).sort(), items);
  });
});
