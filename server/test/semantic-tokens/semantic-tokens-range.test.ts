import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { LanguageWorkspace, LineIndex, type Range } from "@momoflow/language";
import {
  encodeSemanticTokens,
  semanticTokensOf,
  tokenInRange,
} from "../../src/semantic-tokens/semantic-tokens";

const fixtures = resolve(__dirname, "../../../test-fixtures");

/**
 * A file with every kind of token: the valid and test fixtures one after
 * the other (doc, line and block comments, multi-line strings with
 * interpolations, conditions, fan-outs, tests), and a workflow whose
 * strings and comments span the lines that ranges start and end on (and
 * whose fan-out has its `in` on the line after its item).
 */
function manyKinds(): string {
  const parts = ["valid", "tests"].flatMap((folder) =>
    readdirSync(join(fixtures, folder))
      .filter((name) => name.endsWith(".momoflow"))
      .sort()
      .map((name) => readFileSync(join(fixtures, folder, name), "utf8")),
  );
  parts.push(
    [
      "/// A workflow of long tokens.",
      "workflow spans {",
      '  param who: string = "world"',
      '  var out = "out/${who}" /* a block',
      "     comment */",
      "  step a {",
      '    for_each: file in ["x", "y"]',
      '    run: """',
      "      echo ${file} ${who}",
      "      and ${out} in ${steps.a.output}",
      '    """',
      "  }",
      '  step b { needs: [a]  run: "echo ${who}"  when: steps.a.status == success }',
      "  step c {",
      "    for_each: item",
      '      in ["p"]',
      '    run: "echo ${item}"',
      "  }",
      "}",
    ].join("\n"),
  );
  return parts.join("\n\n");
}

/** Ranges of every shape over `text`: empty, whole lines, from and to the middle of tokens, across lines. */
function rangesOver(text: string): Range[] {
  const lineCount = new LineIndex(text).lineCount;
  const ranges: Range[] = [];
  for (let line = 0; line < lineCount; line++) {
    const at = (l: number, character: number) => ({ line: l, character });
    ranges.push({ start: at(line, 0), end: at(line, 0) });
    ranges.push({ start: at(line, 0), end: at(line + 1, 0) });
    ranges.push({ start: at(line, 5), end: at(line, 9) });
    ranges.push({ start: at(line, 3), end: at(line + 2, 7) });
    ranges.push({ start: at(line, 11), end: at(line + 6, 1_000) });
  }
  return ranges;
}

describe("semantic tokens of a range", () => {
  for (const lineBreak of ["\n", "\r\n"]) {
    it(`answers what the whole document's tokens filtered to the range encode (${JSON.stringify(lineBreak)} lines)`, async () => {
      const text = manyKinds().replaceAll("\n", lineBreak);
      const workspace = new LanguageWorkspace();
      const path = join(fixtures, "valid", "many-kinds.momoflow");
      workspace.setText(path, text);
      const check = workspace.check(path);
      const all = await semanticTokensOf(check);
      assert.ok(new Set(all.map((token) => token.type)).size >= 10, "many kinds of tokens");
      for (const range of rangesOver(text)) {
        const expected = await encodeSemanticTokens(all.filter((t) => tokenInRange(t, range)));
        const actual = await encodeSemanticTokens(await semanticTokensOf(check, undefined, range));
        assert.deepEqual(actual, expected, JSON.stringify(range));
      }
    });
  }
});
