/**
 * The entry points of the syntax layer: a document's text in, its typed AST
 * and MF001 diagnostics out. Never throws, whatever the input.
 */
import type { SourceFile } from "./ast";
import { docCommentsByToken, documentComments } from "./comments";
import type { Diagnostic } from "./diagnostic";
import { dashedNameProblems } from "./dashed-name";
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
  const { file, problems, explained, dashedReads, dashedKeys } = sharedParser().parse({
    tokens: lexed.tokens,
    docs,
    lines,
    path,
    textLength: text.length,
    text,
    offsetRanges: options.offsetRanges,
  });
  file.comments = documentComments(lexed.comments, lines);
  const dashed = dashedNameProblems({
    file,
    text,
    lines,
    tokens: lexed.dashed,
    explained,
    reads: dashedReads,
    keys: dashedKeys,
  });
  const lexerProblems =
    explained.length === 0
      ? lexed.problems
      : lexed.problems.filter(
          (problem) =>
            !explained.some((span) => problem.offset >= span.start && problem.offset < span.end),
        );
  const diagnostics = settle([...lexerProblems, ...problems, ...dashed]).map(
    (problem): Diagnostic => ({
      code: "MF001",
      severity: "error",
      message: problem.message,
      path,
      // Sorted with the other diagnostics, by position: worked out once.
      range: plainRange(problem.range),
      ...(problem.replacement !== undefined && {
        // A name declared with dashes is renamed, its reads with it (the server's fix).
        data:
          problem.renameTo !== undefined
            ? { renameDashed: problem.renameTo, replaceRange: plainRange(problem.range) }
            : {
                suggestions: [problem.replacement],
                replaceRange: plainRange(problem.replaceRange ?? problem.range),
                ...(problem.fixTitle !== undefined && { fixTitle: problem.fixTitle }),
              },
      }),
      ...(problem.addBraces !== undefined && { data: { addBraces: problem.addBraces } }),
      ...(problem.outOfStep !== undefined && {
        data: { moveAboveStep: plainRange(problem.outOfStep) },
      }),
    }),
  );
  return { file, diagnostics };
}

/** The start of the problems that say what is missing, joined at the end of the input. */
const EXPECTED = "expected ";

/**
 * What is missing at the end of the input (`missing`, in the order
 * reported: innermost first), as one problem at the first's place: a file
 * that ends inside `needs: [` lacks a step's id, the list's `]`, the step's
 * `}` and the workflow's `}` — one mistake, the file ends too early, said
 * once, as a compiler says "this file has an unclosed delimiter": "expected a
 * step's id and `]` to close the list opened at 5:12, then `}` to close step
 * `b` opened at 3:3 and `}` to close workflow `w` opened at 1:1". As several
 * problems at one spot, it was said several times.
 */
function missingAtEnd(missing: readonly SyntaxProblem[]): SyntaxProblem {
  const [first, ...rest] = missing;
  if (rest.length === 0) return first!;
  const more = rest.map((problem) => problem.message.slice(EXPECTED.length));
  const last = more.pop()!;
  const then = more.length > 0 ? `${more.join(", ")} and ${last}` : last;
  return { ...first!, message: `${first!.message}, then ${then}` };
}

/** Lexes a document without parsing it (for benchmarks). */
export function lexOnly(text: string): LexedDocument {
  return lexDocument(text, new LineIndex(text));
}

/**
 * Sorts problems into document order and keeps one per place: a mistake seen
 * first by the lexer, then again by the parser, is reported once, by the
 * first to see it. At the end of the input, what is missing there is one
 * problem saying all of it in order (see {@link missingAtEnd}).
 */
function settle(problems: SyntaxProblem[]): SyntaxProblem[] {
  const sorted = problems
    .map((problem, order) => ({ problem, order }))
    .sort((a, b) => a.problem.offset - b.problem.offset || a.order - b.order)
    .map(({ problem }) => problem);
  const kept: SyntaxProblem[] = [];
  const seenAtEnd = new Set<string>();
  const missing: SyntaxProblem[] = [];
  for (const problem of sorted) {
    if (problem.atEnd) {
      if (seenAtEnd.has(problem.message)) continue;
      seenAtEnd.add(problem.message);
      if (problem.message.startsWith(EXPECTED)) {
        missing.push(problem);
        continue;
      }
    } else if (
      kept.length > 0 &&
      kept[kept.length - 1]!.offset === problem.offset &&
      !kept[kept.length - 1]!.atEnd
    ) {
      continue;
    }
    kept.push(problem);
  }
  if (missing.length > 0) kept.push(missingAtEnd(missing));
  return kept;
}
