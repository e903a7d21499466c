/**
 * The comments of a document: the list kept for the formatter, and the `///`
 * doc comments attached to the declaration right below them.
 */
import type { IToken } from "chevrotain";
import type { Comment } from "./ast";
import type { LineIndex } from "./line-index";
import { tokenEnd } from "./token-range";
import * as T from "./tokens";

function isDocComment(comment: IToken): boolean {
  // `////` is a plain comment (a ruler, a commented-out doc line).
  return comment.tokenType === T.DocComment && !comment.image.startsWith("////");
}

/** Every comment as written, in document order. */
export function documentComments(comments: readonly IToken[], lines: LineIndex): Comment[] {
  return comments.map((comment) => ({
    text: comment.image,
    style: isDocComment(comment)
      ? "doc"
      : comment.tokenType === T.DocComment ||
          comment.tokenType === T.LineComment ||
          comment.tokenType === T.HashComment
        ? "line"
        : "block",
    range: {
      start: lines.positionAt(comment.startOffset),
      // An unterminated block comment may end with a line break; offsets avoid
      // a position past the end of its line.
      end: lines.positionAt(comment.startOffset + comment.image.length),
    },
  }));
}

/**
 * Doc comments by the offset of the token they document. A run of `///`
 * lines documents the first token after it when only whitespace separates
 * them; a `///` on the same line as earlier code documents nothing.
 */
export function docCommentsByToken(
  comments: readonly IToken[],
  tokens: readonly IToken[],
  lines: LineIndex,
): Map<number, string> {
  const docs = new Map<number, string>();
  let i = 0;
  while (i < comments.length) {
    if (!isDocComment(comments[i]!)) {
      i++;
      continue;
    }
    const next = firstTokenAfter(tokens, comments[i]!.startOffset);
    let end = i + 1;
    while (
      end < comments.length &&
      isDocComment(comments[end]!) &&
      firstTokenAfter(tokens, comments[end]!.startOffset) === next
    ) {
      end++;
    }
    const documented = tokens[next];
    const interrupted =
      end < comments.length &&
      documented !== undefined &&
      comments[end]!.startOffset < documented.startOffset;
    if (documented !== undefined && !interrupted) {
      const previous = tokens[next - 1];
      let start = i;
      while (
        start < end &&
        previous !== undefined &&
        lines.positionAt(comments[start]!.startOffset).line === tokenEnd(previous, lines).line
      )
        start++;
      if (start < end)
        docs.set(documented.startOffset, comments.slice(start, end).map(docText).join("\n"));
    }
    i = end;
  }
  return docs;
}

/** `/// Greets someone` → `Greets someone`. */
function docText(comment: IToken): string {
  const text = comment.image.slice(3);
  return text.startsWith(" ") ? text.slice(1) : text;
}

/** Index of the first token starting after `offset` (tokens.length if none). */
function firstTokenAfter(tokens: readonly IToken[], offset: number): number {
  let low = 0;
  let high = tokens.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (tokens[middle]!.startOffset > offset) high = middle;
    else low = middle + 1;
  }
  return low;
}
