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

/*
 * A `"""` typed above another `"""` string is closed by that string's
 * opener, and the text between them, then the rest of the file, read inside
 * out. Such a pairing is told by what the string would hold: a line of the
 * enclosing blocks indented no deeper than the line the string starts on
 * (as above), and either a step's or declaration's header among those lines
 * (`step b {`, `workflow w {`, `test "…"`) or a closing `"""` that stands
 * right after `name:` (`rollback: """`), where one opens. The string is
 * then read as unterminated and ends as one does (see
 * {@link mispairedTripleQuotedEnd}). A script whose own lines are written
 * less indented than its property (a heredoc's `}` or `key: value`) has
 * neither and stays one string.
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
 * A step's or declaration's header at the start of a line (after its
 * indentation): `step id {`, `workflow id {`, `command id(`, `test "`,
 * `import "`, `param id:`, `var id =`. Not the keyword alone: `test -f x`
 * is a script's line.
 */
const HEADER_LINE =
  /(?:(?:step|workflow)[ \t]+[A-Za-z_]\w*[ \t]*\{|command[ \t]+[A-Za-z_]\w*[ \t]*\(|(?:test|import)[ \t]+"|param[ \t]+[A-Za-z_]\w*[ \t]*:|var[ \t]+[A-Za-z_]\w*[ \t]*=)/y;

/** `name:` and spaces, where a line's text before a `"""` ends: the `"""` opens a string. */
const OPENS_AFTER = /[A-Za-z_]\w*[ \t]*:[ \t]*$/;

/**
 * The start of the line that `offset` is on, read back character by
 * character: `lastIndexOf` of a line break a text does not hold (`\r` in
 * most files) searched to the file's start from each string, and lexing
 * 10,000 lines took eight times as long.
 */
function lineStartOf(text: string, offset: number): number {
  let start = offset;
  for (let code = text.charCodeAt(start - 1); start > 0 && code !== 10 && code !== 13;)
    code = text.charCodeAt(--start - 1);
  return start;
}

/**
 * The line break before the first line after `offset` that starts before
 * `limit` and is a block line indented no deeper than `opening`; -1 when
 * there is none.
 */
function firstBlockLine(text: string, offset: number, opening: number, limit: number): number {
  let lineBreak = text.indexOf("\n", offset);
  while (lineBreak >= 0 && lineBreak + 1 < limit) {
    const start = lineBreak + 1;
    const indentation = indentationAt(text, start);
    if (indentation <= opening) {
      BLOCK_LINE.lastIndex = start + indentation;
      if (BLOCK_LINE.test(text)) return lineBreak;
    }
    lineBreak = text.indexOf("\n", start);
  }
  return -1;
}

/**
 * Whether a line after the line break `lineBreak` that starts before
 * `limit` is a header (see {@link HEADER_LINE}) indented no deeper than
 * `opening`.
 */
function hasHeaderLine(text: string, lineBreak: number, opening: number, limit: number): boolean {
  while (lineBreak >= 0 && lineBreak + 1 < limit) {
    const start = lineBreak + 1;
    const indentation = indentationAt(text, start);
    if (indentation <= opening) {
      HEADER_LINE.lastIndex = start + indentation;
      if (HEADER_LINE.test(text)) return true;
    }
    lineBreak = text.indexOf("\n", start);
  }
  return false;
}

/** The string's end at the line break `lineBreak` (`\r\n` whole is not the string's). */
function endBefore(text: string, lineBreak: number): number {
  return text.charCodeAt(lineBreak - 1) === 13 ? lineBreak - 1 : lineBreak;
}

/**
 * The end of the unterminated `"""` string opened at `offset` (the first
 * of its quotes): the end of the line before the first block line (see the
 * file's comment), or the end of `text`.
 */
export function unterminatedTripleQuotedEnd(text: string, offset: number): number {
  const opening = indentationAt(text, lineStartOf(text, offset));
  const lineBreak = firstBlockLine(text, offset, opening, text.length);
  return lineBreak < 0 ? text.length : endBefore(text, lineBreak);
}

/**
 * Where the `"""` string opened at `offset` and closed at `end` (after its
 * closing quotes) ends when its closing `"""` is another string's opener
 * (see the file's second comment): before its first block line, as an
 * unterminated string ends. -1 when it is read as written, closed at `end`.
 *
 * It reads only the string's own text (and the start of its first line),
 * which the lexer has just read: lexing stays linear in the file. Most
 * strings end at the first test, their lines indented deeper than their
 * property.
 */
export function mispairedTripleQuotedEnd(text: string, offset: number, end: number): number {
  const close = end - 3;
  const firstBreak = text.indexOf("\n", offset);
  // One line: nothing between the quotes can be another string's.
  if (firstBreak < 0 || firstBreak > close) return -1;
  const opening = indentationAt(text, lineStartOf(text, offset));
  const lineBreak = firstBlockLine(text, firstBreak, opening, close + 1);
  if (lineBreak < 0) return -1;
  const closeLine = lineStartOf(text, close);
  const opens = OPENS_AFTER.test(text.slice(closeLine, close));
  if (!opens && !hasHeaderLine(text, lineBreak, opening, close + 1)) return -1;
  return endBefore(text, lineBreak);
}
