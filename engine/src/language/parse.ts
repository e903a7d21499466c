/**
 * The entry points of the syntax layer: a document's text in, its typed AST
 * and MF001 diagnostics out. Never throws, whatever the input.
 */
import type { SourceFile } from "./ast";
import { docCommentsByToken, documentComments } from "./comments";
import type { Diagnostic } from "./diagnostic";
import { lexDocument, type LexedDocument } from "./lexer";
import { LineIndex } from "./line-index";
import { plainRange } from "./offset-range";
import { MomoflowParser } from "./parser";
import type { SyntaxProblem } from "./syntax-problem";

/** A document's tree (partial where the text is broken) and its syntax errors. */
export interface ParseResult {
  file: SourceFile;
  /** Every MF001 of the file, in document order. */
  diagnostics: Diagnostic[];
}

let parser: MomoflowParser | undefined;

/** The one parser: building it analyses the grammar, which is too costly to repeat. */
function sharedParser(): MomoflowParser {
  parser ??= new MomoflowParser();
  return parser;
}

/** Options of {@link parseDocument}. */
export interface ParseOptions {
  /**
   * The tree's ranges are offset ranges (offset-range.ts): positions are worked out when
   * read. For a tree read once, as `momoflow check` reads it (see
   * offset-range.ts); not for a tree re-parsed incrementally. Default false.
   */
  offsetRanges?: boolean;
}

/**
 * Parses a `.momoflow` document. `path` is recorded in the tree and in each
 * diagnostic. Every syntax error is reported (as MF001, severity error), and
 * the tree holds every declaration that could be read, with `undefined`
 * fields (or names with empty text) where something was missing.
 */
export function parseDocument(text: string, path: string, options: ParseOptions = {}): ParseResult {
  const lines = new LineIndex(text);
  const lexed = lexDocument(text, lines);
  const docs = docCommentsByToken(lexed.comments, lexed.tokens, lines);
  const { file, problems } = sharedParser().parse({
    tokens: lexed.tokens,
    docs,
    lines,
    path,
    textLength: text.length,
    offsetRanges: options.offsetRanges,
  });
  file.comments = documentComments(lexed.comments, lines);
  const diagnostics = settle([...lexed.problems, ...problems]).map((problem): Diagnostic => ({
    code: "MF001",
    severity: "error",
    message: problem.message,
    path,
    // Sorted with the other diagnostics, by position: worked out once.
    range: plainRange(problem.range),
    ...(problem.replacement !== undefined && {
      data: { suggestions: [problem.replacement], replaceRange: plainRange(problem.range) },
    }),
  }));
  return { file, diagnostics };
}

/** Lexes a document without parsing it (for benchmarks). */
export function lexOnly(text: string): LexedDocument {
  return lexDocument(text, new LineIndex(text));
}

/**
 * Sorts problems into document order and keeps one per place: a mistake seen
 * first by the lexer, then again by the parser, is reported once, by the
 * first to see it. At the end of the input, distinct messages all stay (two
 * blocks left open are two mistakes).
 */
function settle(problems: SyntaxProblem[]): SyntaxProblem[] {
  const sorted = problems
    .map((problem, order) => ({ problem, order }))
    .sort((a, b) => a.problem.offset - b.problem.offset || a.order - b.order)
    .map(({ problem }) => problem);
  const kept: SyntaxProblem[] = [];
  const seenAtEnd = new Set<string>();
  for (const problem of sorted) {
    if (problem.atEnd) {
      if (seenAtEnd.has(problem.message)) continue;
      seenAtEnd.add(problem.message);
    } else if (
      kept.length > 0 &&
      kept[kept.length - 1]!.offset === problem.offset &&
      !kept[kept.length - 1]!.atEnd
    ) {
      continue;
    }
    kept.push(problem);
  }
  return kept;
}
