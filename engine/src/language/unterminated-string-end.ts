/**
 * Where a `"""` string that is never closed ends. Running it to the end of
 * the file, as it once did, hid everything below the line being typed (the
 * steps after it, their problems, the editor's outline of them) behind one
 * "unterminated" error. It ends instead before the first later line that
 * reads as the enclosing blocks' next line — a `}`, a member or declaration
 * keyword, or `name:` — indented no deeper than the line the string starts
 * on: a script's own lines are indented deeper, or are no such line.
 *
 * Only the first unterminated `"""` of a text ends so; any after it runs to
 * the end, as before. A `"""` is unterminated when no `"""` after it can
 * close it, so a text has one as a rule; text made to have many (`"""\"""`
 * lines, each closer escaped) would otherwise search to its end from each.
 */

/** Words that start a block's member or a declaration. */
const BLOCK_LINE =
  /(?:\}|(?:step|param|var|workflow|command|test|import|expect)\b|[A-Za-z_]\w*[ \t]*:)/y;

/** Spaces and tabs from `offset`: the indentation of a line starting there. */
function indentationAt(text: string, offset: number): number {
  let end = offset;
  for (let code = text.charCodeAt(end); code === 32 || code === 9; code = text.charCodeAt(++end));
  return end - offset;
}

/**
 * The end of the unterminated `"""` string opened at `offset` (the first
 * of its quotes): the end of the line before the first block line (see the
 * file's comment), or the end of `text`.
 */
export function unterminatedTripleQuotedEnd(text: string, offset: number): number {
  const lineStart =
    Math.max(text.lastIndexOf("\n", offset - 1), text.lastIndexOf("\r", offset - 1)) + 1;
  const opening = indentationAt(text, lineStart);
  let lineBreak = text.indexOf("\n", offset);
  while (lineBreak >= 0) {
    const start = lineBreak + 1;
    const indentation = indentationAt(text, start);
    if (indentation <= opening) {
      BLOCK_LINE.lastIndex = start + indentation;
      // The line break before the block line (`\r\n` whole) is not the string's.
      if (BLOCK_LINE.test(text))
        return text.charCodeAt(lineBreak - 1) === 13 ? lineBreak - 1 : lineBreak;
    }
    lineBreak = text.indexOf("\n", start);
  }
  return text.length;
}
