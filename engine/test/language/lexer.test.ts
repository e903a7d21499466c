import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { tokenMatcher, type IToken } from "chevrotain";
import { lexDocument } from "../../src/language/lexer";
import { LineIndex } from "../../src/language/line-index";
import { lexOnly } from "../../src/language/parse";
import { tokenRange } from "../../src/language/token-range";
import * as T from "../../src/language/tokens";

function lex(text: string) {
  return lexDocument(text, new LineIndex(text));
}

/** `Name:image` for each token, to compare token streams at a glance. */
function kinds(text: string): string[] {
  return lex(text).tokens.map((token) => `${token.tokenType.name}:${token.image}`);
}

/** `line:character-line:character` of a token of `text`. */
function range(text: string, token: IToken): string {
  const { start, end } = tokenRange(token, new LineIndex(text));
  return `${start.line}:${start.character}-${end.line}:${end.character}`;
}

describe("lexer", () => {
  it("tells keywords from identifiers that start like them", () => {
    assert.deepEqual(kinds("step steps stepping status_code test tests expect file_name"), [
      "Step:step",
      "Identifier:steps",
      "Identifier:stepping",
      "Identifier:status_code",
      "Test:test",
      "Identifier:tests",
      "Expect:expect",
      "Identifier:file_name",
    ]);
  });

  it("lexes every keyword, and each is also a name", () => {
    const words =
      "import command workflow step param var test expect true false status output file duration memory contains matches exists missing";
    const tokens = lex(words).tokens;
    assert.deepEqual(
      tokens.map((token) => token.tokenType),
      T.keywordTokens,
    );
    for (const token of tokens) assert.ok(tokenMatcher(token, T.Name), `${token.image} is a name`);
    // `true` and `false` are values, not references.
    const references = tokens
      .filter((token) => tokenMatcher(token, T.ReferenceStart))
      .map((token) => token.image);
    assert.ok(!references.includes("true") && !references.includes("false"));
    assert.ok(references.includes("status") && references.includes("test"));
  });

  it("lexes numbers, durations and sizes as single tokens", () => {
    assert.deepEqual(kinds("42 -3 2.5 250ms 30s 5m 2h 1.5s 512KB 10MB 1GB 2TB 100B"), [
      "NumberLiteral:42",
      "NumberLiteral:-3",
      "NumberLiteral:2.5",
      "DurationLiteral:250ms",
      "DurationLiteral:30s",
      "DurationLiteral:5m",
      "DurationLiteral:2h",
      "DurationLiteral:1.5s",
      "SizeLiteral:512KB",
      "SizeLiteral:10MB",
      "SizeLiteral:1GB",
      "SizeLiteral:2TB",
      "SizeLiteral:100B",
    ]);
  });

  it("lexes a number glued to an unknown unit as one malformed token, and reports it", () => {
    const result = lex("5min 3x -5s 10mb");
    assert.deepEqual(
      result.tokens.map((token) => `${token.tokenType.name}:${token.image}`),
      ["MalformedNumber:5min", "MalformedNumber:3x", "MalformedNumber:-5s", "MalformedNumber:10mb"],
    );
    assert.deepEqual(
      result.problems.map((problem) => problem.message),
      [
        "unknown unit `min` in `5min`: a duration ends with ms, s, m or h and a size with B, KB, MB, GB or TB, right after the number",
        "unknown unit `x` in `3x`: a duration ends with ms, s, m or h and a size with B, KB, MB, GB or TB, right after the number",
        "a duration cannot be negative: `-5s`",
        "unknown unit `mb` in `10mb`: a duration ends with ms, s, m or h and a size with B, KB, MB, GB or TB, right after the number",
      ],
    );
    assert.deepEqual(result.problems[0]!.range, {
      start: { line: 0, character: 0 },
      end: { line: 0, character: 4 },
    });
  });

  it("lexes punctuation, longest operator first", () => {
    assert.deepEqual(kinds("{ } ( ) [ ] , : = == != < <= ."), [
      "LCurly:{",
      "RCurly:}",
      "LParen:(",
      "RParen:)",
      "LBracket:[",
      "RBracket:]",
      "Comma:,",
      "Colon::",
      "Equals:=",
      "EqualEqual:==",
      "NotEqual:!=",
      "Less:<",
      "LessEqual:<=",
      "Dot:.",
    ]);
  });

  it("lexes a string with escapes and interpolations as one token", () => {
    assert.deepEqual(kinds('"a \\" b \\\\ ${x} \\$ $HOME" next'), [
      'QuotedString:"a \\" b \\\\ ${x} \\$ $HOME"',
      "Identifier:next",
    ]);
    // A quote inside a (malformed) interpolation does not end the string.
    assert.deepEqual(kinds('"${"x"}" y'), ['QuotedString:"${"x"}"', "Identifier:y"]);
  });

  it("lexes a line of unclosed `${` in linear time, ending the string at its quote", () => {
    // After a `${` with no `}` on its line, the string ends at the next quote as before.
    assert.deepEqual(kinds('"${ ${ \\" $x" y'), ['QuotedString:"${ ${ \\" $x"', "Identifier:y"]);
    assert.deepEqual(kinds('"${a} ${ b\nc'), ['UnterminatedString:"${a} ${ b', "Identifier:c"]);
    // Each unclosed `${` searched the rest of the line for a `}`: 23 s for this line.
    const line = `"${"${".repeat(100_000)}" y`;
    const started = performance.now();
    const tokens = kinds(line);
    const ms = performance.now() - started;
    assert.deepEqual(tokens, [`QuotedString:${line.slice(0, -2)}`, "Identifier:y"]);
    assert.ok(ms < 1_000, `lexing took ${Math.round(ms)} ms`);
  });

  it("lexes triple-quoted strings across lines, quotes inside included", () => {
    const text = 'run: """\n  echo "hi" ""\n"""\nx: """a""""\n';
    assert.deepEqual(kinds(text), [
      "Identifier:run",
      "Colon::",
      'TripleQuotedString:"""\n  echo "hi" ""\n"""',
      "Identifier:x",
      "Colon::",
      'TripleQuotedString:"""a""""',
    ]);
    const triple = lex(text).tokens[2]!;
    assert.equal(range(text, triple), "0:5-2:3");
  });

  it("keeps comments in their group, apart from the tokens", () => {
    const result = lex("/// doc\n// line\n//// ruler\n/* block\n */ x");
    assert.deepEqual(
      result.tokens.map((token) => token.image),
      ["x"],
    );
    assert.deepEqual(
      result.comments.map((comment) => `${comment.tokenType.name}:${comment.image}`),
      [
        "DocComment:/// doc",
        "LineComment:// line",
        "DocComment://// ruler",
        "BlockComment:/* block\n */",
      ],
    );
  });

  it("counts columns in UTF-16 code units, as LSP does", () => {
    // 😀 and 𝒳 are two UTF-16 code units each; é is one.
    const text = '"😀" step é\n"𝒳😀" x';
    const result = lex(text);
    const step = result.tokens.find((token) => token.image === "step")!;
    const x = result.tokens.find((token) => token.image === "x")!;
    assert.equal(range(text, step), "0:5-0:9");
    assert.equal(range(text, x), "1:7-1:8");
    assert.deepEqual(result.problems[0]!.range, {
      start: { line: 0, character: 10 },
      end: { line: 0, character: 11 },
    });
  });

  describe("problems", () => {
    it("reports an unexpected character with its range and goes on", () => {
      const result = lex("a @ b %% c 😀 d");
      assert.deepEqual(
        result.tokens.map((token) => token.image),
        ["a", "b", "c", "d"],
      );
      assert.deepEqual(
        result.problems.map((problem) => [
          problem.message,
          problem.range.start.character,
          problem.range.end.character,
        ]),
        [
          ["unexpected character `@`", 2, 3],
          ["unexpected characters `%%`", 6, 8],
          ["unexpected character `😀`", 11, 13],
        ],
      );
    });

    it("reads a `#` comment, as shells and YAML write one, as a comment to its line's end, said once", () => {
      const text = 'a # the rest: "of the line\nb';
      const result = lex(text);
      assert.deepEqual(
        result.tokens.map((token) => token.image),
        ["a", "b"],
      );
      assert.deepEqual(
        result.comments.map((comment) => comment.image),
        ['# the rest: "of the line'],
      );
      assert.deepEqual(
        result.problems.map((problem) => [
          problem.message,
          problem.range.start.character,
          problem.range.end.character,
        ]),
        [['a comment starts with `//`, not `#`: write `// the rest: "of the line`', 2, 3]],
      );
    });

    it("names invisible characters by code point", () => {
      const result = lex("a \u0001\u0002 b");
      assert.equal(result.problems[0]!.message, "unexpected characters U+0001 U+0002");
    });

    it("reports an unterminated string on the rest of its line and lexes the next line", () => {
      const result = lex('x: "abc\ny: 1');
      assert.deepEqual(
        result.tokens.map((token) => `${token.tokenType.name}:${token.image}`),
        [
          "Identifier:x",
          "Colon::",
          'UnterminatedString:"abc',
          "Identifier:y",
          "Colon::",
          "NumberLiteral:1",
        ],
      );
      assert.deepEqual(result.problems, [
        {
          message: 'unterminated string: add a closing `"`',
          range: { start: { line: 0, character: 3 }, end: { line: 0, character: 7 } },
          offset: 3,
        },
      ]);
    });

    it("reports an unterminated multi-line string on its opening quotes", () => {
      const result = lex('x: """\n  abc\n');
      assert.deepEqual(result.problems, [
        {
          message: 'unterminated multi-line string: add a closing `"""`',
          range: { start: { line: 0, character: 3 }, end: { line: 0, character: 6 } },
          offset: 3,
        },
      ]);
    });

    it("reports an unterminated block comment on its opening", () => {
      const result = lex("a /* not closed\nb");
      assert.deepEqual(
        result.tokens.map((token) => token.image),
        ["a"],
      );
      assert.deepEqual(result.problems, [
        {
          message: "unterminated block comment: add a closing `*/`",
          range: { start: { line: 0, character: 2 }, end: { line: 0, character: 4 } },
          offset: 2,
        },
      ]);
    });

    it("never throws, even on random bytes", () => {
      let seed = 7;
      for (let round = 0; round < 50; round++) {
        let text = "";
        for (let i = 0; i < 500; i++) {
          seed = (seed * 1103515245 + 12345) & 0x7fffffff;
          text += String.fromCharCode(seed % 0x10000);
        }
        const result = lexOnly(text);
        for (const problem of result.problems) {
          assert.ok(problem.range.start.line <= problem.range.end.line);
        }
      }
    });
  });
});
