import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { TextEdit } from "vscode-languageserver-protocol/node";
import { uriOf } from "../support/lsp-client";
import { useWorkspaceSession } from "../support/workspace-session";
import { minimalTextEdit } from "../../src/formatting/formatting";

const fixtures = resolve(__dirname, "../../../test-fixtures");
const CLI = resolve(__dirname, "../../../dist/cli.js");
/** Two spaces, as `momoflow fmt` indents by default. */
const OPTIONS = { tabSize: 2, insertSpaces: true };

const MESSY = [
  "workflow   w{",
  "step a {",
  'run:"echo a"   // keep me',
  "    timeout : 5m",
  "}",
  "",
  "",
  '  step b{ needs:[ a ] run: copy_file( source:"a", destination : "b" ) }',
  "}",
].join("\n");

const FORMATTED = [
  "workflow w {",
  "  step a {",
  '    run: "echo a" // keep me',
  "    timeout: 5m",
  "  }",
  "",
  '  step b { needs: [a] run: copy_file(source: "a", destination: "b") }',
  "}",
  "",
].join("\n");

describe("language server: formatting (real LSP over stdio)", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-format-" });

  before(() => {
    assert.equal(workspace.init.capabilities.documentFormattingProvider, true);
  });

  const format = (uri: string, options: object = OPTIONS): Promise<TextEdit[]> =>
    workspace.client.request<TextEdit[]>("textDocument/formatting", {
      textDocument: { uri },
      options,
    });

  it("formats a messy document with one minimal edit, exactly as `momoflow fmt`, and is idempotent", async () => {
    const uri = await workspace.open("messy.momoflow", MESSY);
    const edits = await format(uri);
    assert.deepEqual(edits, [
      {
        range: { start: { line: 0, character: 9 }, end: { line: 8, character: 1 } },
        newText: FORMATTED.slice("workflow ".length),
      },
    ]);
    const formatted = TextDocument.applyEdits(
      TextDocument.create(uri, "momoflow", 1, MESSY),
      edits,
    );
    assert.equal(formatted, FORMATTED);
    // `momoflow fmt` writes the same text.
    const onDisk = workspace.path("messy-cli.momoflow");
    writeFileSync(onDisk, MESSY);
    execFileSync(process.execPath, [CLI, "fmt", onDisk]);
    assert.equal(readFileSync(onDisk, "utf8"), formatted);

    // The comment is kept, and formatting the result again changes nothing.
    await workspace.client.change(uri, [{ text: formatted }]);
    assert.deepEqual(await format(uri), []);
  });

  it("returns no edits for a formatted file", async () => {
    const path = join(fixtures, "valid", "publish-site.momoflow");
    const uri = uriOf(path);
    await workspace.client.open(uri, readFileSync(path, "utf8"));
    assert.deepEqual(await format(uri), []);
  });

  it("keeps a CRLF file's line breaks and a byte order mark, as `momoflow fmt` does", async () => {
    const cases = [
      {
        name: "windows.momoflow",
        text: MESSY.replace(/\n/g, "\r\n"),
        expected: FORMATTED.replace(/\n/g, "\r\n"),
      },
      { name: "bom.momoflow", text: "\uFEFF" + MESSY, expected: "\uFEFF" + FORMATTED },
    ];
    for (const { name, text, expected } of cases) {
      const uri = await workspace.open(name, text);
      const formatted = TextDocument.applyEdits(
        TextDocument.create(uri, "momoflow", 1, text),
        await format(uri),
      );
      assert.equal(JSON.stringify(formatted), JSON.stringify(expected), name);
      const onDisk = workspace.path(`cli-${name}`);
      writeFileSync(onDisk, text);
      execFileSync(process.execPath, [CLI, "fmt", onDisk]);
      assert.equal(
        JSON.stringify(readFileSync(onDisk, "utf8")),
        JSON.stringify(expected),
        `fmt ${name}`,
      );
      await workspace.client.change(uri, [{ text: formatted }]);
      assert.deepEqual(await format(uri), [], `${name} formatted again`);
    }
  });

  it("breaks lines at a lone `\\r` as at `\\n`, so a comment keeps to its line", async () => {
    const text = 'workflow w {\r// c\rstep a {\rrun: log(message: "x")\r}\r}\r';
    const uri = await workspace.open("old-mac.momoflow", text);
    const formatted = TextDocument.applyEdits(
      TextDocument.create(uri, "momoflow", 1, text),
      await format(uri),
    );
    assert.equal(
      formatted,
      'workflow w {\n  // c\n  step a {\n    run: log(message: "x")\n  }\n}\n',
    );
  });

  it("indents as the editor asks: tabSize spaces, or a tab per level without insertSpaces, as `momoflow fmt --indent` does", async () => {
    const script = ['  step c { run: """', "      echo one", "        echo two", '    """ }'];
    const messy = MESSY.replace(/\n\}$/, `\n${script.join("\n")}\n}`);
    const cases = [
      { options: { tabSize: 4, insertSpaces: true }, unit: "    ", cli: "4" },
      { options: { tabSize: 4, insertSpaces: false }, unit: "\t", cli: "tab" },
      // Another option the editor sends (trimming) changes nothing here.
      {
        options: { tabSize: 3, insertSpaces: true, trimTrailingWhitespace: true },
        unit: "   ",
        cli: "3",
      },
    ];
    for (const { options, unit, cli } of cases) {
      const uri = await workspace.open(`indent-${cli}.momoflow`, messy);
      const formatted = TextDocument.applyEdits(
        TextDocument.create(uri, "momoflow", 1, messy),
        await format(uri, options),
      );
      // Each level of FORMATTED's two spaces becomes one unit; the script inside the
      // string, up to its closing quotes, is kept as written.
      const expected = FORMATTED.replace(/^( {2})+/gm, (spaces) =>
        unit.repeat(spaces.length / 2),
      ).replace(/\}\n$/, `${unit}${script[0]!.trimStart()}\n${script.slice(1).join("\n")}\n}\n`);
      assert.equal(JSON.stringify(formatted), JSON.stringify(expected), JSON.stringify(options));
      const onDisk = workspace.path(`cli-indent-${cli}.momoflow`);
      writeFileSync(onDisk, messy);
      execFileSync(process.execPath, [CLI, "fmt", "--indent", cli, onDisk]);
      assert.equal(readFileSync(onDisk, "utf8"), formatted, `fmt --indent ${cli}`);
      await workspace.client.change(uri, [{ text: formatted }]);
      assert.deepEqual(await format(uri, options), [], `formatted again with ${cli}`);
    }
  });

  it("leaves a file with syntax errors alone, without failing the request", async () => {
    const uri = await workspace.open("broken.momoflow", "workflow   w {\n  step a {\n    run: \n");
    assert.deepEqual(await format(uri), []);
  });
});

describe("formatting: the minimal edit", () => {
  it("makes one minimal edit, never splitting a CRLF or a surrogate pair", () => {
    assert.equal(minimalTextEdit("same", "same"), undefined);
    assert.deepEqual(minimalTextEdit("a  b\n", "a b\n"), {
      range: { start: { line: 0, character: 2 }, end: { line: 0, character: 3 } },
      newText: "",
    });
    // `\r\n` → `\n`: the cut starts before the `\r`, not between it and its `\n`.
    assert.deepEqual(minimalTextEdit("a\r\nb", "a\nb"), {
      range: { start: { line: 0, character: 1 }, end: { line: 1, character: 0 } },
      newText: "\n",
    });
    assert.deepEqual(minimalTextEdit("x\u{1F600}", "x\u{1F601}"), {
      range: { start: { line: 0, character: 1 }, end: { line: 0, character: 3 } },
      newText: "\u{1F601}",
    });
  });
});
