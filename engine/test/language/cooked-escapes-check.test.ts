import "./esm-only-dependencies";
import assert from "node:assert/strict";
import type { Diagnostic } from "../../src/language/diagnostic";
import { LanguageWorkspace } from "../../src/language/workspace";

const PATH = "/ws/main.momoflow";

function check(text: string): Diagnostic[] {
  const workspace = new LanguageWorkspace({
    readFile: (path) => (path === PATH ? text : undefined),
  });
  return workspace.check(PATH).diagnostics;
}

/** MF024 diagnostics as `line:character text` (zero-based), with the text they cover. */
function flagged(text: string): string[] {
  const lines = text.split("\n");
  return check(text)
    .filter((d) => d.code === "MF024")
    .map((d) => {
      const { start, end } = d.range;
      return `${start.line}:${start.character} ${lines[start.line]!.slice(start.character, end.character)}`;
    });
}

/** A workflow whose one step runs `script` as a `"""` shell action (its lines at column 6). */
function scriptStep(script: string): string {
  const lines = script.split("\n").map((line) => `      ${line}`);
  return [
    "workflow w {",
    '  param who: string = "x"',
    "  step s {",
    '    run: """',
    ...lines,
    '    """',
    "    rollback: none",
    "  }",
    "}",
    "",
  ].join("\n");
}

describe('checker: MF024, escapes of a `"""` shell script meant for the shell', () => {
  it('reports `\\"` wherever it stands in the script: double quotes, single quotes, unquoted', () => {
    const text = scriptStep(
      ['echo "q\\"q ${who}"', 'awk \'{print "{\\"n\\": " $1 "}"}\' f', 'echo \\"bare'].join("\n"),
    );
    assert.deepEqual(flagged(text), ['4:13 \\"', '5:20 \\"', '5:23 \\"', '6:11 \\"']);
  });

  it("reports `\\$` before no `{` where the shell expands it, not in single quotes or a comment", () => {
    const text = scriptStep(
      [
        'awk "{print \\$2}" list.txt',
        "echo \\$HOME",
        "awk '{print \\$2}' list.txt",
        '# a comment: \\" and \\$HOME',
        "echo \\${HOME} done",
      ].join("\n"),
    );
    assert.deepEqual(flagged(text), ["4:18 \\$", "5:11 \\$"]);
  });

  it("says what the shell gets and what to write, as a warning that does not stop a run", () => {
    const [quote] = check(scriptStep('echo "a\\"b"')).filter((d) => d.code === "MF024");
    assert.equal(quote?.severity, "warning");
    assert.equal(
      quote.message,
      '`\\"` gives the shell a bare `"` (a `"""` string needs no escape for quotes): write `\\\\"` to pass `\\"` to the shell, or `"` alone',
    );
    assert.deepEqual(quote.data, { cookedEscape: '"' });
    const [dollar] = check(scriptStep("echo \\$HOME")).filter((d) => d.code === "MF024");
    assert.match(dollar!.message, /^`\\\$` gives the shell a bare `\$`, which it expands/);
  });

  it('leaves `\\"` that breaks three quotes in a row, `\\\\"` and escapes the script does not have', () => {
    const text = scriptStep(['echo \'"\\""\' ', 'echo "a\\\\"', "printf 'a\\nb\\t'"].join("\n"));
    assert.deepEqual(flagged(text), []);
  });

  it('checks commands\' and `sh(script:)` scripts and rollbacks too, not `"..."` strings or other `"""` values', () => {
    const text = [
      "command tidy() {",
      '  run: """echo "a\\"b" """',
      '  rollback: """echo \\$HOME"""',
      "}",
      "workflow w {",
      "  step s {",
      '    run: sh(script: """echo "a\\"b" """)',
      '    rollback: "echo \\"quoted\\" \\$HOME"',
      "  }",
      "  step t {",
      '    run: log(message: """He said \\"hi\\" for \\$5""")',
      "  }",
      "}",
      "",
    ].join("\n");
    assert.deepEqual(flagged(text), ['1:17 \\"', "2:20 \\$", '6:30 \\"']);
  });

  it("judges `${...}` by the script as it runs, escapes replaced (MF015 as the run refuses)", () => {
    // As written, `${who}` stands unquoted after a single-quoted backquote; as it runs
    // (`echo "a"b" '`' ${who}`), the backquote opens a command substitution around it.
    const text = scriptStep('echo "a\\"b" \'`\' ${who}');
    assert.deepEqual(
      check(text).map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character}`),
      ["MF024 4:13", "MF015 4:22"],
    );
  });
});
