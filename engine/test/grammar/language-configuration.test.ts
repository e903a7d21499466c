import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

/** `language-configuration.json`: the editor behaviour of `.momoflow` files. */

interface AutoClosingPair {
  open: string;
  close: string;
  notIn?: string[];
}

interface LanguageConfiguration {
  comments: { lineComment: string; blockComment: [string, string] };
  brackets: [string, string][];
  autoClosingPairs: AutoClosingPair[];
  surroundingPairs: [string, string][];
  folding: { markers: { start: string; end: string } };
  wordPattern: string;
  indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
  onEnterRules: {
    beforeText: string;
    afterText?: string;
    action: { indent: string; appendText?: string };
  }[];
}

const config = JSON.parse(
  readFileSync(resolve(__dirname, "../../../language-configuration.json"), "utf8"),
) as LanguageConfiguration;

/** VS Code compiles these patterns as JavaScript regular expressions. */
const regex = (pattern: string, flags = ""): RegExp => new RegExp(pattern, flags);

describe("language-configuration.json", () => {
  it("declares // and /* */ comments and the three bracket pairs", () => {
    assert.deepEqual(config.comments, { lineComment: "//", blockComment: ["/*", "*/"] });
    assert.deepEqual(config.brackets, [
      ["{", "}"],
      ["[", "]"],
      ["(", ")"],
    ]);
  });

  it("auto-closes brackets and both kinds of strings, quotes not inside strings or comments", () => {
    const byOpen = new Map(config.autoClosingPairs.map((p) => [p.open, p]));
    for (const [open, close] of [
      ["{", "}"],
      ["[", "]"],
      ["(", ")"],
      ['"', '"'],
      ['"""', '"""'],
    ]) {
      assert.equal(byOpen.get(open!)?.close, close, `no auto-closing pair for ${open}`);
    }
    assert.deepEqual(byOpen.get('"')?.notIn, ["string", "comment"]);
    assert.deepEqual(byOpen.get('"""')?.notIn, ["string", "comment"]);
    // `${` inside a string must still get its `}`.
    assert.ok(!byOpen.get("{")?.notIn?.includes("string"));
    for (const pair of [
      ["{", "}"],
      ["[", "]"],
      ["(", ")"],
      ['"', '"'],
    ]) {
      assert.ok(
        config.surroundingPairs.some(([o, c]) => o === pair[0] && c === pair[1]),
        `no surrounding pair ${pair.join("")}`,
      );
    }
  });

  it("treats identifiers, numbers, durations and sizes as words", () => {
    const words = (text: string) => text.match(regex(config.wordPattern, "g")) ?? [];
    assert.deepEqual(words("timeout: 250ms"), ["timeout", "250ms"]);
    assert.deepEqual(words("memory < 10MB, 1.5h, -3, 2.5"), [
      "memory",
      "10MB",
      "1.5h",
      "-3",
      "2.5",
    ]);
    assert.deepEqual(words("${steps.build_1.output}"), ["steps", "build_1", "output"]);
    assert.equal(regex(config.wordPattern).test(""), false, "the word pattern matches nothing");
  });

  it('indents after an opening bracket or an opening """ and outdents a closing one', () => {
    const increase = regex(config.indentationRules.increaseIndentPattern);
    const decrease = regex(config.indentationRules.decreaseIndentPattern);
    for (const line of [
      "workflow publish_site {",
      "  step build { // the build",
      "    needs: [",
      "    run: greet(",
      '    run: """',
      '    params: { target: "x", extra: {',
    ]) {
      assert.ok(increase.test(line), `should indent after: ${line}`);
    }
    for (const line of [
      "  }",
      '    run: "echo {"',
      '    run: """echo hi"""',
      '    """',
      "  // a comment ending with {",
      "    needs: [a, b]",
    ]) {
      assert.ok(!increase.test(line), `should not indent after: ${line}`);
    }
    for (const line of ["}", "  }", "    ]", "  )", '    """']) {
      assert.ok(decrease.test(line), `should outdent: ${line}`);
    }
    for (const line of ["  step x {", '    run: """', "  // }"]) {
      assert.ok(!decrease.test(line), `should not outdent: ${line}`);
    }
  });

  it("continues /// doc comments on Enter, and only those", () => {
    const rules = config.onEnterRules.filter((r) => r.action.appendText === "/// ");
    assert.equal(rules.length, 1);
    const before = regex(rules[0]!.beforeText);
    assert.equal(rules[0]!.action.indent, "none");
    for (const line of ["/// Greets someone", "  /// ", "///"]) assert.ok(before.test(line), line);
    for (const line of ["// plain", "//// ruler", '  run: "/// not a comment"']) {
      assert.ok(!before.test(line), line);
    }
  });

  it('opens an indented line between """ and """ on Enter', () => {
    const rule = config.onEnterRules.find((r) => r.action.indent === "indentOutdent");
    assert.ok(rule?.afterText);
    assert.ok(regex(rule.beforeText).test('    run: """'));
    assert.ok(regex(rule.afterText).test('"""'));
  });

  it("folds // #region ... // #endregion", () => {
    assert.ok(regex(config.folding.markers.start).test("  // #region steps"));
    assert.ok(regex(config.folding.markers.end).test("  // #endregion"));
    assert.ok(!regex(config.folding.markers.start).test("  // #endregion"));
  });
});
