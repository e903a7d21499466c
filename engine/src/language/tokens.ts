/**
 * The tokens of the `.momoflow` language (language.md §1) as Chevrotain token
 * types, in the order the lexer tries them.
 *
 * Keywords are reserved only where the grammar needs them: every keyword also
 * belongs to the {@link Name} category, so a step may be called `test` and a
 * property may be named `workflow`. The words that only matter inside
 * `expect` (`status`, `output`, `file`, `contains`, ...) are keywords for the
 * same reason: the grammar can name them, yet they stay ordinary names
 * everywhere else.
 */
import { createToken, Lexer, type IToken, type TokenType } from "chevrotain";
import { mispairedTripleQuotedEnd, unterminatedTripleQuotedEnd } from "./unterminated-string-end";

// ------------------------------------------------------------------ categories
// Categories have no pattern: they group token types so that one CONSUME or
// one lookahead check accepts any of them.

/** Every token the parser can see. Recovery skips over these. */
export const AnyToken = createToken({ name: "AnyToken", pattern: Lexer.NA, label: "a token" });

/** Anything usable where a name is expected: an identifier or any keyword. */
export const Name = createToken({ name: "Name", pattern: Lexer.NA, label: "a name" });

/** What a reference may start with: a name that is not `true` or `false`. */
export const ReferenceStart = createToken({
  name: "ReferenceStart",
  pattern: Lexer.NA,
  label: "a reference",
});

/** A string token, terminated or not (the lexer reports the unterminated ones). */
export const StringToken = createToken({
  name: "StringToken",
  pattern: Lexer.NA,
  label: "a string",
});

/** `true` or `false`. */
export const BoolToken = createToken({
  name: "BoolToken",
  pattern: Lexer.NA,
  label: "`true` or `false`",
});

/** An operator of an `expect` comparison: `==`, `!=`, `<`, `<=`, `contains`, `matches`. */
export const ComparisonOperator = createToken({
  name: "ComparisonOperator",
  pattern: Lexer.NA,
  label: "a comparison",
});

/** `==` or `!=` in a condition. */
export const EqualityOperator = createToken({
  name: "EqualityOperator",
  pattern: Lexer.NA,
  label: "`==` or `!=`",
});

/**
 * An infix operator of a condition, lowest precedence first in the grammar:
 * `||`, `&&`, then the comparisons `==`, `!=`, `<`, `<=`, `>`, `>=`.
 */
export const BinaryOperator = createToken({
  name: "BinaryOperator",
  pattern: Lexer.NA,
  label: "an operator",
});

/** `exists` or `missing` after `expect file <path>`. */
export const FileState = createToken({
  name: "FileState",
  pattern: Lexer.NA,
  label: "`exists` or `missing`",
});

/** `expect` subjects that take a step id: `step`, `output`. */
export const TargetedSubject = createToken({ name: "TargetedSubject", pattern: Lexer.NA });

/** `expect` subjects without a step id: `status`, `duration`, `memory`. */
export const PlainSubject = createToken({ name: "PlainSubject", pattern: Lexer.NA });

// ------------------------------------------------------------ trivia, comments

/** Spaces, tabs, newlines and a byte order mark: skipped. */
export const Whitespace = createToken({
  name: "Whitespace",
  pattern: /[ \t\r\n\f\v\uFEFF]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});

/** The lexer group that keeps comments (for doc comments and the formatter). */
export const COMMENTS_GROUP = "comments";

/** `/// doc` (`////` is an ordinary comment; the doc collector tells them apart). */
export const DocComment = createToken({
  name: "DocComment",
  pattern: /\/\/\/[^\r\n]*/,
  group: COMMENTS_GROUP,
});

export const LineComment = createToken({
  name: "LineComment",
  pattern: /\/\/[^\r\n]*/,
  group: COMMENTS_GROUP,
});

export const BlockComment = createToken({
  name: "BlockComment",
  pattern: /\/\*[\s\S]*?\*\//,
  group: COMMENTS_GROUP,
  line_breaks: true,
});

/**
 * `# text`, a comment as shells and YAML write one: read as a comment to the
 * end of its line, so its words are no tokens; the lexer reports it (`//`).
 */
export const HashComment = createToken({
  name: "HashComment",
  pattern: /#[^\r\n]*/,
  group: COMMENTS_GROUP,
});

/** `/*` without `*\/`: runs to the end of the file; the lexer reports it. */
export const UnterminatedBlockComment = createToken({
  name: "UnterminatedBlockComment",
  pattern: /\/\*[\s\S]*/,
  group: COMMENTS_GROUP,
  line_breaks: true,
});

// -------------------------------------------------------------------- literals

/** A `"""` string and its closing quotes, tried at one offset. */
const TRIPLE_QUOTED = /"""(?:[^"\\]|\\[\s\S]|"(?!""))*"{0,2}"""/y;

/**
 * `"""..."""`. Quotes inside are allowed unless three in a row; a run of four
 * or five quotes at the end means the content ends with one or two quotes.
 */
export const TripleQuotedString = createToken({
  name: "TripleQuotedString",
  pattern: {
    exec: (text: string, offset: number): RegExpExecArray | null => {
      TRIPLE_QUOTED.lastIndex = offset;
      const match = TRIPLE_QUOTED.exec(text);
      // Closed by another string's opener: read as unterminated (see unterminated-string-end.ts).
      if (match && mispairedTripleQuotedEnd(text, offset, TRIPLE_QUOTED.lastIndex) >= 0)
        return null;
      return match;
    },
  },
  start_chars_hint: ['"'],
  categories: [StringToken, AnyToken],
  line_breaks: true,
  label: "a string",
});

/**
 * `"""` without its closing quotes: up to the next line of the enclosing
 * blocks, or the end of the file (see unterminated-string-end.ts).
 */
export const UnterminatedTripleQuotedString = createToken({
  name: "UnterminatedTripleQuotedString",
  pattern: {
    exec: (text: string, offset: number, tokens: IToken[]): RegExpExecArray | null => {
      if (!text.startsWith('"""', offset)) return null;
      // Closed by another string's opener (TripleQuotedString declined it): ends early.
      TRIPLE_QUOTED.lastIndex = offset;
      const closed = TRIPLE_QUOTED.test(text);
      // Only the first that nothing closes ends early: see unterminatedTripleQuotedEnd.
      const first = !tokens.some(
        (token) =>
          token.tokenType === UnterminatedTripleQuotedString &&
          ((TRIPLE_QUOTED.lastIndex = token.startOffset), !TRIPLE_QUOTED.test(text)),
      );
      const end = closed || first ? unterminatedTripleQuotedEnd(text, offset) : text.length;
      const match = [text.slice(offset, end)];
      return Object.assign(match, { index: offset, input: text }) as RegExpExecArray;
    },
  },
  start_chars_hint: ['"'],
  categories: [StringToken, AnyToken],
  line_breaks: true,
  label: "a string",
});

/**
 * `"..."` on one line, with backslash escapes. A `${...}` is read whole, so a
 * quote inside a (malformed) interpolation does not end the string. The three
 * ways to read a `$` exclude each other, and the first `${` with no `}` after
 * it on the line ends them: no `${` after it can be closed, so the rest is
 * read without looking for a `}` again, which keeps the match linear (a
 * search per unclosed `${` made a line of them quadratic).
 */
export const QuotedString = createToken({
  name: "QuotedString",
  pattern:
    /"(?:[^"\\\r\n$]|\\[^\r\n]|\$\{[^}\r\n]*\}|\$(?!\{))*(?:\$\{(?![^}\r\n]*\})(?:[^"\\\r\n]|\\[^\r\n])*)?"/,
  categories: [StringToken, AnyToken],
  label: "a string",
});

/**
 * `'...'` on one line, as shells, YAML and Python write a string: read as a
 * string of the text between its quotes (no escapes), so that its words are
 * no tokens; the lexer reports it (a string is written in double quotes).
 */
export const SingleQuotedString = createToken({
  name: "SingleQuotedString",
  pattern: /'[^'\r\n]*'/,
  categories: [StringToken, AnyToken],
  label: "a string",
});

/** `"` without a closing quote on its line: ends at the end of the line. Read as {@link QuotedString}. */
export const UnterminatedString = createToken({
  name: "UnterminatedString",
  pattern:
    /"(?:[^"\\\r\n$]|\\[^\r\n]|\$\{[^}\r\n]*\}|\$(?!\{))*(?:\$\{(?![^}\r\n]*\})(?:[^"\\\r\n]|\\[^\r\n])*)?\\?/,
  categories: [StringToken, AnyToken],
  label: "a string",
});

/**
 * A number glued to letters that are no unit (`5min`, `3x`) or a negative
 * duration or size, or a version written without its quotes (`1.2.3`).
 * Tried as the longer alternative of every numeric token, so `5min` is one
 * bad token, not `5m` followed by `in`, and `1.2.3` not `1.2`, `.` and `3`.
 */
export const MalformedNumber = createToken({
  name: "MalformedNumber",
  pattern: /-?\d+(?:\.\d+)?(?:[A-Za-z_][A-Za-z0-9_]*|(?:\.\d+)+)/,
  categories: [AnyToken],
  label: "a number",
});

/** `250ms`, `30s`, `5m`, `2h`, `1.5s`. */
export const DurationLiteral = createToken({
  name: "DurationLiteral",
  pattern: /\d+(?:\.\d+)?(?:ms|s|m|h)/,
  longer_alt: MalformedNumber,
  categories: [AnyToken],
  label: "a duration",
});

/** `512KB`, `10MB`, `1GB`, `2TB`, `100B` (powers of 1024). */
export const SizeLiteral = createToken({
  name: "SizeLiteral",
  pattern: /\d+(?:\.\d+)?(?:KB|MB|GB|TB|B)/,
  longer_alt: MalformedNumber,
  categories: [AnyToken],
  label: "a size",
});

/** `42`, `-3`, `2.5`. */
export const NumberLiteral = createToken({
  name: "NumberLiteral",
  pattern: /-?\d+(?:\.\d+)?/,
  longer_alt: MalformedNumber,
  categories: [AnyToken],
  label: "a number",
});

// ---------------------------------------------------------- names and keywords

export const Identifier = createToken({
  name: "Identifier",
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  categories: [Name, ReferenceStart, AnyToken],
  label: "a name",
});

/**
 * A name written with dashes, as YAML, Makefiles and Nextflow write one
 * (`fetch-data`): no name holds a `-`, so it is one MF001 (parser.ts), and
 * the name is read meanwhile as the one it can only be, `fetch_data` — the
 * token's image has each `-` made `_` (the same length: ranges stay right).
 * Only dashes between name characters: `a - b`, `a-` and `a-1` are no name.
 */
export const DashedName = createToken({
  name: "DashedName",
  pattern: /[A-Za-z_][A-Za-z0-9_]*(?:-+[A-Za-z_][A-Za-z0-9_]*)+/,
  categories: [Name, ReferenceStart, AnyToken],
  label: "a name",
});

function keyword(
  word: string,
  extraCategories: TokenType[] = [],
  isReferenceStart = true,
): TokenType {
  const categories = [Name, AnyToken, ...extraCategories];
  if (isReferenceStart) categories.push(ReferenceStart);
  return createToken({
    name: word[0]!.toUpperCase() + word.slice(1),
    pattern: new RegExp(word),
    // `steps` is an identifier, not `step` followed by `s`.
    longer_alt: Identifier,
    categories,
    label: `\`${word}\``,
  });
}

export const Import = keyword("import");
export const Command = keyword("command");
export const Workflow = keyword("workflow");
export const Step = keyword("step", [TargetedSubject]);
export const Param = keyword("param");
export const Var = keyword("var");
export const Test = keyword("test");
export const Expect = keyword("expect");
export const True = keyword("true", [BoolToken], false);
export const False = keyword("false", [BoolToken], false);
export const Status = keyword("status", [PlainSubject]);
export const Output = keyword("output", [TargetedSubject]);
export const File = keyword("file");
export const Duration = keyword("duration", [PlainSubject]);
export const Memory = keyword("memory", [PlainSubject]);
export const Contains = keyword("contains", [ComparisonOperator]);
export const Matches = keyword("matches", [ComparisonOperator]);
export const Exists = keyword("exists", [FileState]);
export const Missing = keyword("missing", [FileState]);

// ----------------------------------------------------------------- punctuation

function punctuation(name: string, pattern: string, categories: TokenType[] = []): TokenType {
  return createToken({
    name,
    pattern,
    categories: [AnyToken, ...categories],
    label: `\`${pattern}\``,
  });
}

export const EqualEqual = punctuation("EqualEqual", "==", [
  EqualityOperator,
  ComparisonOperator,
  BinaryOperator,
]);
export const NotEqual = punctuation("NotEqual", "!=", [
  EqualityOperator,
  ComparisonOperator,
  BinaryOperator,
]);
export const LessEqual = punctuation("LessEqual", "<=", [ComparisonOperator, BinaryOperator]);
export const Less = punctuation("Less", "<", [ComparisonOperator, BinaryOperator]);
export const GreaterEqual = punctuation("GreaterEqual", ">=", [BinaryOperator]);
export const Greater = punctuation("Greater", ">", [BinaryOperator]);
export const AndAnd = punctuation("AndAnd", "&&", [BinaryOperator]);
export const OrOr = punctuation("OrOr", "||", [BinaryOperator]);
/** `!` before a condition (`!=` is read first). */
export const Bang = punctuation("Bang", "!");
export const Equals = punctuation("Equals", "=");
export const LCurly = punctuation("LCurly", "{");
export const RCurly = punctuation("RCurly", "}");
export const LParen = punctuation("LParen", "(");
export const RParen = punctuation("RParen", ")");
export const LBracket = punctuation("LBracket", "[");
export const RBracket = punctuation("RBracket", "]");
export const Comma = punctuation("Comma", ",");
export const Colon = punctuation("Colon", ":");
export const Dot = punctuation("Dot", ".");
/**
 * `/` between the steps of a path in a test (`fail: release/bump`): a called
 * workflow's step as the run names it. `//` and `/*` are comments, read first.
 */
export const Slash = punctuation("Slash", "/");

/** Every keyword, for hover and completion. */
export const keywordTokens: readonly TokenType[] = [
  Import,
  Command,
  Workflow,
  Step,
  Param,
  Var,
  Test,
  Expect,
  True,
  False,
  Status,
  Output,
  File,
  Duration,
  Memory,
  Contains,
  Matches,
  Exists,
  Missing,
];

/** What the lexer tries, in order: the first pattern that matches wins. */
export const lexerTokens: readonly TokenType[] = [
  Whitespace,
  DocComment,
  LineComment,
  BlockComment,
  UnterminatedBlockComment,
  HashComment,
  TripleQuotedString,
  UnterminatedTripleQuotedString,
  QuotedString,
  UnterminatedString,
  SingleQuotedString,
  DurationLiteral,
  SizeLiteral,
  NumberLiteral,
  MalformedNumber,
  DashedName,
  ...keywordTokens,
  Identifier,
  EqualEqual,
  NotEqual,
  LessEqual,
  Less,
  GreaterEqual,
  Greater,
  AndAnd,
  OrOr,
  Bang,
  Equals,
  LCurly,
  RCurly,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Colon,
  Dot,
  Slash,
];

/** The parser's vocabulary: every token type, categories included. */
export const vocabulary: readonly TokenType[] = [
  AnyToken,
  Name,
  ReferenceStart,
  StringToken,
  BoolToken,
  ComparisonOperator,
  EqualityOperator,
  BinaryOperator,
  FileState,
  TargetedSubject,
  PlainSubject,
  ...lexerTokens,
];
