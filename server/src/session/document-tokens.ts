/**
 * A document's lexer tokens and line index, made once per version: hover,
 * semantic tokens and folding all read them, and lexing a long document
 * again for each request (each hover) costs a read of the whole text.
 */
import type { IToken } from "chevrotain";
import { LineIndex, lexOnly, type ParsedDocument } from "@momoflow/language";

/** The tokens of one version of a document, with its lines. */
export interface DocumentTokens {
  /** The tokens the parser reads, in document order. */
  tokens: readonly IToken[];
  /** Comments, in document order. */
  comments: readonly IToken[];
  lines: LineIndex;
}

/*
 * Keyed by the parsed document, which the workspace makes anew for every new
 * text (and never changes the text of): an edit can never be answered from
 * the tokens of an older text, and a version no one reads any more is
 * collected with its tokens.
 */
const cache = new WeakMap<ParsedDocument, DocumentTokens>();

/** The tokens and lines of `document`'s text, lexed on first use. */
export function documentTokens(document: ParsedDocument): DocumentTokens {
  let known = cache.get(document);
  if (!known) {
    const lexed = lexOnly(document.text);
    known = {
      tokens: lexed.tokens,
      comments: lexed.comments,
      lines: new LineIndex(document.text),
    };
    cache.set(document, known);
  }
  return known;
}

/**
 * The index of the token under `offset` in `tokens` (sorted, not
 * overlapping), found by bisection: the one holding it wins over the one
 * ending there; -1 when neither.
 */
export function tokenIndexAt(tokens: readonly IToken[], offset: number): number {
  // The last token that starts at or before `offset`.
  let low = 0;
  let high = tokens.length - 1;
  let last = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (tokens[middle]!.startOffset <= offset) {
      last = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  if (last < 0) return -1;
  const token = tokens[last]!;
  return offset <= token.startOffset + token.image.length ? last : -1;
}
