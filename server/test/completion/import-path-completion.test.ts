import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import type { CompletionItem, TextEdit } from "vscode-languageserver-protocol";
import { useWorkspaceSession } from "../support/workspace-session";

const COMMAND = 'command c() { run: "true" }\n';

describe("language server: completion of an import's path, folder by folder (real LSP over stdio)", function () {
  this.timeout(30_000);
  // The documents under test live in `app/`: their imports are relative to that folder.
  const workspace = useWorkspaceSession({
    prefix: "momoflow-import-paths-",
    files: {
      "app/common.momoflow": COMMAND,
      "app/deploy.momoflow": COMMAND,
      "app/notes.txt": "",
      "app/.hidden.momoflow": COMMAND,
      "app/parts/steps.momoflow": COMMAND,
      "app/node_modules/x.momoflow": COMMAND,
      "lib/shared.momoflow": COMMAND,
      "lib/deep/more.momoflow": COMMAND,
      "lib/readme.md": "",
    },
  });
  let opened = 0;

  /** The items at the `|` of `marked`, opened as `app/<name>` (a new name each time). */
  const complete = async (
    marked: string,
    trigger?: string,
    name = `main${++opened}.momoflow`,
  ): Promise<CompletionItem[]> => workspace.completionAtMark(`app/${name}`, marked, trigger);
  const labels = async (marked: string, trigger?: string): Promise<string[]> =>
    (await complete(marked, trigger)).map((i) => i.label);
  const edit = (item: CompletionItem | undefined): TextEdit => {
    assert.ok(item, "the item is offered");
    return item.textEdit as TextEdit;
  };

  it("announces / and the opening quote as trigger characters", () => {
    const triggers = workspace.init.capabilities.completionProvider?.triggerCharacters ?? [];
    assert.ok(triggers.includes("/"), triggers.join(" "));
    assert.ok(triggers.includes('"'), triggers.join(" "));
  });

  it('offers the siblings after `import "./`, on the / that triggers it: .momoflow files and folders, not the document', async () => {
    // The document is on disk too, as a saved file is: still not offered to itself.
    const self = "self.momoflow";
    const path = workspace.write(`app/${self}`, COMMAND);
    try {
      const items = await complete('import "./|"\n', "/", self);
      assert.deepEqual(
        items.map((i) => i.label),
        ["parts/", "common.momoflow", "deploy.momoflow"],
      );
    } finally {
      rmSync(path);
    }
  });

  it('goes into a folder: `import "../lib/` lists its contents', async () => {
    assert.deepEqual(await labels('import "../lib/|"\n', "/"), ["deep/", "shared.momoflow"]);
    assert.deepEqual(await labels('import "../lib/deep/|"\n', "/"), ["more.momoflow"]);
    assert.deepEqual(await labels('import "../lib/sh|"\n'), ["shared.momoflow"]);
    assert.deepEqual(await labels('import "./nowhere/|"\n', "/"), []);
  });

  it("starts with ./ and ../ on the opening quote", async () => {
    const items = await complete('import "|"\n', '"');
    assert.deepEqual(
      items.map((i) => i.label),
      ["../", "./parts/", "./common.momoflow", "./deploy.momoflow"],
    );
    assert.equal(
      edit(items.find((i) => i.label === "./common.momoflow")).newText,
      "./common.momoflow",
    );
    assert.ok((await labels('import "../|"\n', "/")).includes("lib/"));
    // A `.` typed first is the start of `./` or `../`: the same items, filtered on their whole path.
    const dot = await complete('import ".|"\n');
    assert.deepEqual(
      dot.map((i) => i.label),
      ["../", "./parts/", "./common.momoflow", "./deploy.momoflow"],
    );
    assert.equal(dot.find((i) => i.label === "./common.momoflow")!.filterText, "./common.momoflow");
    assert.deepEqual(edit(dot.find((i) => i.label === "./common.momoflow")).range, {
      start: { line: 0, character: 8 },
      end: { line: 0, character: 9 },
    });
    // Asked as typing the `.` asks: the list stays open as the path is typed, `.momoflow` too.
    assert.deepEqual(
      (await complete('import ".|"\n', ".")).map((i) => i.label),
      dot.map((i) => i.label),
    );
    assert.deepEqual(await labels('import "./common.|"\n', "."), ["common.momoflow"]);
  });

  it("replaces the name between the last / and the closing quote; a folder inserts its / and asks again", async () => {
    const items = await complete('import "../lib/sh|ared.momoflow"\n');
    const start = 'import "../lib/'.length;
    assert.deepEqual(edit(items.find((i) => i.label === "shared.momoflow")).range, {
      start: { line: 0, character: start },
      end: { line: 0, character: start + "sh".length },
    });
    const folder = (await complete('import "./pa|"\n')).find((i) => i.label === "parts/");
    assert.equal(edit(folder).newText, "parts/");
    assert.equal(folder!.command?.command, "editor.action.triggerSuggest");
    // A `/` already written after the name is not written twice.
    const again = (await complete('import "./pa|rts/steps.momoflow"\n')).find(
      (i) => i.label === "parts/",
    );
    assert.equal(edit(again).newText, "parts");
  });

  it("leaves out a file imported already, but not the one the import being edited names", async () => {
    const others = await labels('import "./common.momoflow"\nimport "./|"\n', "/");
    assert.ok(!others.includes("common.momoflow"), others.join(", "));
    assert.ok(others.includes("deploy.momoflow"), others.join(", "));
    const own = await labels('import "./com|mon.momoflow"\n');
    assert.deepEqual(own, ["common.momoflow"]);
  });

  it("offers nothing for an absolute path, and a quote or / elsewhere triggers nothing", async () => {
    assert.deepEqual(await labels('import "/|"\n', "/"), []);
    assert.deepEqual(await labels('workflow w {\n  step s { run: "|" }\n}\n', '"'), []);
  });
});
