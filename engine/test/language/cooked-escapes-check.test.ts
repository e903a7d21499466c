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

/**
 * The escapes MF024 is about, as `line:character text` (zero-based), with the
 * text each covers: the range of each MF024 and those of its related places
 * (the other escapes of the same script).
 */
function flagged(text: string): string[] {
  const lines = text.split("\n");
  return check(text)
    .filter((d) => d.code === "MF024")
    .flatMap((d) => [d.range, ...(d.related ?? []).map((r) => r.range)])
    .map(({ start, end }) => {
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
    assert.deepEqual(quote.data, { cookedEscapes: [{ range: quote.range, escaped: '"' }] });
    const [dollar] = check(scriptStep("echo \\$HOME")).filter((d) => d.code === "MF024");
    assert.match(dollar!.message, /^`\\\$` gives the shell a bare `\$`, which it expands/);
  });

  it("says it once per script, counting its escapes, with every one of them in the data for one fix", () => {
    const text = scriptStep(['echo "a\\"b" "c\\"d\\"e"', 'echo "f\\"g"'].join("\n"));
    const warnings = check(text).filter((d) => d.code === "MF024");
    assert.equal(warnings.length, 1);
    const [warning] = warnings;
    assert.equal(
      warning!.message,
      '4 `\\"` in this script give the shell a bare `"` (a `"""` string needs no escape for quotes), on lines 5 and 6: write `\\\\"` to pass `\\"` to the shell, or `"` alone',
    );
    assert.deepEqual(warning!.range, {
      start: { line: 4, character: 13 },
      end: { line: 4, character: 15 },
    });
    assert.deepEqual(
      warning!.related?.map((r) => r.message),
      ['another `\\"` of the script', 'another `\\"` of the script', 'another `\\"` of the script'],
    );
    assert.deepEqual(
      warning!.data?.cookedEscapes?.map(
        (e) => `${e.range.start.line}:${e.range.start.character} ${e.escaped}`,
      ),
      ['4:13 "', '4:20 "', '4:23 "', '5:13 "'],
    );
  });

  it("names both escapes when a script has both, once", () => {
    const text = scriptStep('awk "{print \\$2 \\"x\\"}" f');
    const warnings = check(text).filter((d) => d.code === "MF024");
    assert.deepEqual(
      warnings.map((w) => w.message),
      [
        '3 escapes in this script give the shell a bare character: 2 `\\"` a bare `"` (a `"""` string needs no escape for quotes) and 1 `\\$` a bare `$`, which it expands: write `\\\\"` and `\\\\$` to pass them to the shell, or `"` and `$` alone',
      ],
    );
  });

  it("says one escape as before, and one per script of a file", () => {
    const text = [
      "workflow w {",
      '  step s { run: """echo "a\\"b" """ rollback: none }',
      '  step t { run: """echo "a\\"b" """ rollback: """echo \\$HOME""" }',
      "}",
      "",
    ].join("\n");
    assert.deepEqual(
      check(text).map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character}`),
      ["MF024 1:26", "MF024 2:26", "MF024 2:53"],
    );
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
