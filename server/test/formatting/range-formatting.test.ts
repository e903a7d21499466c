import assert from "node:assert/strict";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { Range, TextEdit } from "vscode-languageserver-protocol/node";
import { useWorkspaceSession } from "../support/workspace-session";

/** The lines of `text` (split at `\r\n` or `\n`). */
const linesOf = (text: string): string[] => text.split(/\r?\n/);

const MESSY = [
  "workflow   w{", // 0
  "step a {", // 1
  'run:"echo a"   // keep me', // 2
  "    timeout : 5m", // 3
  "}", // 4
  "", // 5
  "", // 6
  '  step b{ needs:[ a ] run: copy_file( source:"a", destination : "b" ) }', // 7
  '     step c { run: """', // 8
  "      echo   one", // 9
  "         echo two  ", // 10
  '   """   timeout:1m }', // 11
  "}", // 12
].join("\n");

describe("language server: range formatting (real LSP over stdio)", function () {
  this.timeout(30_000);
  const workspace = useWorkspaceSession({ prefix: "momoflow-range-format-" });

  before(() => {
    assert.equal(workspace.init.capabilities.documentRangeFormattingProvider, true);
  });

  const formatRange = (uri: string, range: Range, options: object): Promise<TextEdit[]> =>
    workspace.client.request<TextEdit[]>("textDocument/rangeFormatting", {
      textDocument: { uri },
      range,
      options,
    });
  const formatWhole = (uri: string, options: object): Promise<TextEdit[]> =>
    workspace.client.request<TextEdit[]>("textDocument/formatting", {
      textDocument: { uri },
      options,
    });
  const apply = (uri: string, text: string, edits: TextEdit[]): string =>
    TextDocument.applyEdits(TextDocument.create(uri, "momoflow", 1, text), edits);

  /** Source lines `first..last` (inclusive) as the whole-document formatting writes them. */
  const expectedLines = (whole: string, first: number, last: number): string[] => {
    // The messy file keeps one line per line but for the collapsed blank line 6.
    const map = (line: number): number => (line <= 5 ? line : line - 1);
    return linesOf(whole).slice(map(first), map(last) + 1);
  };

  it("formats only the lines the range touches, as whole-document formatting does, with the editor's indentation", async () => {
    const cases = [
      { options: { tabSize: 2, insertSpaces: true }, name: "2" },
      { options: { tabSize: 4, insertSpaces: true }, name: "4" },
      { options: { tabSize: 4, insertSpaces: false }, name: "tab" },
    ];
    for (const { options, name } of cases) {
      const uri = await workspace.open(`range-${name}.momoflow`, MESSY);
      const whole = apply(uri, MESSY, await formatWhole(uri, options));
      // From the middle of line 2 to the middle of line 3.
      const edits = await formatRange(
        uri,
        { start: { line: 2, character: 5 }, end: { line: 3, character: 6 } },
        options,
      );
      const result = linesOf(apply(uri, MESSY, edits));
      const source = linesOf(MESSY);
      assert.deepEqual(result.slice(0, 2), source.slice(0, 2), `${name}: lines before untouched`);
      assert.deepEqual(result.slice(2, 4), expectedLines(whole, 2, 3), `${name}: lines 2-3`);
      assert.deepEqual(result.slice(4), source.slice(4), `${name}: lines after untouched`);
      // Every edit lies within the lines of the range.
      for (const edit of edits) {
        assert.ok(edit.range.start.line >= 2 && edit.range.end.line <= 3, JSON.stringify(edit));
      }
    }
  });

  it("collapses blank lines inside the range as whole-document formatting does, and formats a step on one line", async () => {
    const options = { tabSize: 2, insertSpaces: true };
    const uri = await workspace.open("range-blank.momoflow", MESSY);
    const whole = apply(uri, MESSY, await formatWhole(uri, options));
    // Lines 4 to 7, the range ending at the start of line 8 (as an editor selects whole lines).
    const edits = await formatRange(
      uri,
      { start: { line: 4, character: 0 }, end: { line: 8, character: 0 } },
      options,
    );
    const result = linesOf(apply(uri, MESSY, edits));
    const source = linesOf(MESSY);
    assert.deepEqual(result.slice(0, 4), source.slice(0, 4));
    assert.deepEqual(result.slice(4, 7), expectedLines(whole, 4, 7));
    assert.deepEqual(result.slice(4, 7), [
      "  }",
      "",
      '  step b { needs: [a] run: copy_file(source: "a", destination: "b") }',
    ]);
    assert.deepEqual(result.slice(7), source.slice(8));
  });

  it("changes nothing inside a multi-line string; its closing line is formatted after the quotes", async () => {
    const options = { tabSize: 2, insertSpaces: true };
    const uri = await workspace.open("range-string.momoflow", MESSY);
    const inside = await formatRange(
      uri,
      { start: { line: 9, character: 2 }, end: { line: 10, character: 12 } },
      options,
    );
    assert.deepEqual(inside, []);
    const whole = apply(uri, MESSY, await formatWhole(uri, options));
    const closing = linesOf(
      apply(
        uri,
        MESSY,
        await formatRange(
          uri,
          { start: { line: 8, character: 0 }, end: { line: 11, character: 3 } },
          options,
        ),
      ),
    );
    assert.deepEqual(closing.slice(8, 12), expectedLines(whole, 8, 11));
    assert.deepEqual(closing.slice(9, 11), linesOf(MESSY).slice(9, 11), "the script as written");
    assert.equal(closing[11], '   """ timeout: 1m }');
  });

  it("keeps a CRLF file's line breaks, and formats a last line without a line break as Format Document does", async () => {
    const options = { tabSize: 2, insertSpaces: true };
    const text = MESSY.replace(/\n/g, "\r\n");
    const uri = await workspace.open("range-crlf.momoflow", text);
    const whole = apply(uri, text, await formatWhole(uri, options));
    const edits = await formatRange(
      uri,
      { start: { line: 2, character: 0 }, end: { line: 3, character: 2 } },
      options,
    );
    const result = apply(uri, text, edits);
    assert.equal(
      result.split("\r\n").length,
      text.split("\r\n").length,
      "CRLF kept, no line added",
    );
    assert.ok(!/[^\r]\n/.test(result), "no bare \\n");
    assert.deepEqual(linesOf(result).slice(2, 4), expectedLines(whole, 2, 3));
    // The last line, `}` without a line break after it: the file ends as Format Document ends it.
    const last = await formatRange(
      uri,
      { start: { line: 12, character: 0 }, end: { line: 12, character: 1 } },
      options,
    );
    assert.equal(apply(uri, text, last), text + "\r\n");
  });

  it("leaves a file with syntax errors alone", async () => {
    const uri = await workspace.open(
      "range-broken.momoflow",
      "workflow   w {\n  step a {\n    run: \n",
    );
    assert.deepEqual(
      await formatRange(
        uri,
        { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } },
        { tabSize: 2, insertSpaces: true },
      ),
      [],
    );
  });
});
