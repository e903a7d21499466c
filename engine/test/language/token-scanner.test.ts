import "./esm-only-dependencies";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { generateWorkflows } from "../../src/bench/generated-workflows";
import { newMomoflowLexer } from "../../src/language/lexer";
import { scanTokens } from "../../src/language/token-scanner";
import * as T from "../../src/language/tokens";

const reference = newMomoflowLexer();

/** What Chevrotain's lexer of tokens.ts reads, in the scanner's shape. */
function chevrotain(text: string): unknown {
  const result = reference.tokenize(text);
  return {
    tokens: result.tokens.map((token) => ({ ...token })),
    comments: (result.groups[T.COMMENTS_GROUP] ?? []).map((token) => ({ ...token })),
    errors: result.errors.map(({ offset, length }) => ({ offset, length })),
  };
}

function scanned(text: string): unknown {
  const result = scanTokens(text);
  return {
    tokens: result.tokens.map((token) => ({ ...token })),
    comments: result.comments.map((token) => ({ ...token })),
    errors: result.errors,
  };
}

function assertSameAsChevrotain(text: string): void {
  assert.deepEqual(scanned(text), chevrotain(text), JSON.stringify(text));
}

/** The `.momoflow` files of the repository: examples, fixtures (valid and invalid), grammar tests. */
function repositoryDocuments(): string[] {
  const found: string[] = [];
  const visit = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith(".momoflow")) found.push(readFileSync(path, "utf8"));
    }
  };
  for (const folder of ["examples", "engine/test", "syntaxes", "test-fixtures"])
    visit(join(__dirname, "../../..", folder));
  return found;
}

/** Pieces of `.momoflow` text, and characters that start no token, glued at random. */
const PIECES = [
  " ",
  "\t",
  "\n",
  "\r\n",
  "\r",
  "\f",
  "\v",
  "\uFEFF",
  "\u00e9",
  "#",
  "@",
  "&",
  "|",
  "-",
  "\\",
  "step",
  "steps",
  "test",
  "true",
  "false",
  "x",
  "_a1",
  "build",
  "expect",
  "contains",
  '"',
  '""',
  '"""',
  "${",
  "}",
  "$",
  "{",
  "(",
  ")",
  "[",
  "]",
  ",",
  ":",
  ".",
  "/",
  "*",
  "/*",
  "*/",
  "//",
  "///",
  "=",
  "==",
  "!",
  "!=",
  "<",
  "<=",
  ">",
  ">=",
  "&&",
  "||",
  "0",
  "42",
  "-3",
  "2.5",
  "1.",
  "250ms",
  "5m",
  "5min",
  "10MB",
  "3x",
  "-5s",
  "1GB",
  "e",
];

describe("token scanner", () => {
  it("reads the same tokens, comments and errors as Chevrotain's lexer of tokens.ts, on every document of the repository", () => {
    const documents = repositoryDocuments();
    assert.ok(documents.length > 20);
    for (const text of documents) assertSameAsChevrotain(text);
  });

  it("does so on the benchmark's generated document", () => {
    const generated = generateWorkflows({ workflows: 2, stepsPerWorkflow: 30, tests: 3 });
    for (const text of generated.files.values()) assertSameAsChevrotain(text);
  });

  it("does so on broken text: unterminated strings and comments, stray characters, glued numbers, dashed names", () => {
    for (const text of [
      "",
      "#",
      'step a { run: "x }',
      '"""\n  a " b "" c\n""""',
      '""" never closed',
      // Never closed, above a block's line: ended before it; a second one runs to the end.
      'step a {\n  run: """\\"""\n    echo\n  }\r\n  x: 1\n}\n\\"""\n}',
      'a: """\\"""\n}\n\\"""\n}',
      // Closed by another string's opener: ended before the block line; the other string closed.
      'step a {\n  run: """\n}\nstep b {\n  run: """\n    echo\n  """\n}',
      '  a: """\r\n  b: """\r\n    c\r\n  """\r\n  d: """',
      "/* never closed",
      "/* a */ b /**/ /*/ c */",
      "& | -x -5 - 5 5min 1.5.3 7e3",
      '"a ${b" c"',
      '"${a} ${ " ${b" \\',
      "a\u00e9b  \uFEFFc",
      // Names with dashes (one name each) and dashes that join none.
      "fetch-data a--b_2 step-x x-step a- -b a-1 a-b-",
    ])
      assertSameAsChevrotain(text);
  });

  it("does so on random text", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }), (pieces) => {
        assertSameAsChevrotain(pieces.join(""));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => assertSameAsChevrotain(text)),
      { numRuns: 1000 },
    );
  });
});
