import assert from "node:assert/strict";
import type { CompletionItem, InsertReplaceEdit, TextEdit } from "vscode-languageserver-protocol";
import { useWorkspaceSession } from "../support/workspace-session";

/** A test of `w` whose `files:` line is `files` (the cursor marked with `|`). */
const tested = (files: string): string =>
  [
    "workflow w {",
    '  step a { run: "cat version.txt" }',
    "}",
    'test "t" {',
    "  workflow: w",
    `  files: ${files}`,
    "  expect status == success",
    "}",
    "",
  ].join("\n");

describe("language server: completion of a test's files: path (real LSP over stdio)", function () {
  this.timeout(30_000);
  // The tests live in `site/`: their fixtures are relative to that folder, not the workspace's.
  const workspace = useWorkspaceSession({
    prefix: "momoflow-fixture-paths-",
    files: {
      "site/fixtures/release/version.txt": "1.3.9\n",
      "site/fixtures/release/CHANGELOG.md": "",
      "site/fixtures/empty.json": "{}",
      "site/fixtures/.hidden": "",
      "site/data.csv": "a,b\n",
      'site/quote"d.txt': "",
      "outside.txt": "",
    },
  });
  let opened = 0;

  /** The items at the `|` of `marked`, opened as a new document of `site/`. */
  const complete = async (marked: string, trigger?: string): Promise<CompletionItem[]> =>
    workspace.completionAtMark(`site/tests${++opened}.momoflow`, marked, trigger);
  const labels = async (marked: string, trigger?: string): Promise<string[]> =>
    (await complete(marked, trigger)).map((i) => i.label);
  const edit = (item: CompletionItem | undefined): InsertReplaceEdit | TextEdit =>
    item!.textEdit as InsertReplaceEdit | TextEdit;

  it("offers the entries of the file's own folder, folders first, each ending with /", async () => {
    assert.deepEqual(await labels(tested('"|"')), ["fixtures/", "data.csv", 'quote"d.txt']);
  });

  it("goes into the folder written so far and keeps to the name typed after it", async () => {
    assert.deepEqual(await labels(tested('"fixtures/|"'), "/"), ["release/", "empty.json"]);
    assert.deepEqual(await labels(tested('"fixtures/re|"')), ["release/"]);
    assert.deepEqual(await labels(tested('"fixtures/release/|"')), ["CHANGELOG.md", "version.txt"]);
    // Hidden entries only once a `.` is typed; `..` leaves the folder.
    assert.deepEqual(await labels(tested('"fixtures/.|"')), [".hidden"]);
    assert.ok((await labels(tested('"../|"'))).includes("outside.txt"));
    assert.deepEqual(await labels(tested('"nowhere/|"')), []);
  });

  it("replaces the name at the cursor; a folder inserts its / and asks for completion again", async () => {
    const items = await complete(tested('"fixtures/re|lease"'));
    const release = items.find((i) => i.label === "release/");
    assert.equal(edit(release).newText, "release/");
    const line = 5;
    const start = '  files: "fixtures/'.length;
    // The test client takes no insert/replace edits: the name typed up to the cursor is replaced.
    assert.deepEqual((edit(release) as TextEdit).range, {
      start: { line, character: start },
      end: { line, character: start + "re".length },
    });
    assert.equal(release!.command?.command, "editor.action.triggerSuggest");
    // A `/` already written after the name is not written twice.
    const again = (await complete(tested('"fixtures/re|lease/version.txt"'))).find(
      (i) => i.label === "release/",
    );
    assert.equal(edit(again).newText, "release");
    // A quote in a name is escaped in the string.
    const quoted = (await complete(tested('"q|"'))).find((i) => i.label === 'quote"d.txt');
    assert.equal(edit(quoted).newText, 'quote\\"d.txt');
  });

  it("offers no path elsewhere in a test, nor for an absolute path", async () => {
    assert.deepEqual(await labels(tested('"/|"')), []);
    const other = await labels(
      tested('"x"').replace("expect status == success", 'expect file "|" exists'),
    );
    assert.ok(!other.includes("fixtures/"), other.join(", "));
  });
});
