/**
 * A YAML block scalar written as a property's value (`run: |`, `>`, `|-`,
 * `>-`, its script on the more-indented lines below): where it is in the
 * text, and the `"""` string momoflow writes it as. The parser reads it as
 * one MF001 and the string, not as the characters and properties its lines
 * would otherwise be.
 */

/** Where a block scalar lies in a document's text (offsets). */
export interface BlockScalar {
  /** The `|` or `>` and its chomping sign (`-`, `+`). */
  indicatorStart: number;
  indicatorEnd: number;
  /** The line break after the indicator's line: where the script's text starts. */
  scriptStart: number;
  /** The end of its last line that is not blank (before that line's break). */
  end: number;
}

const SPACE = 32;
const TAB = 9;

/**
 * The block scalar whose indicator follows `from` (the end of a
 * property's `:`) on its line, alone but for spaces and a `#` comment, and
 * whose lines are the blank or more-indented-than-`keyIndentation` lines
 * below, at least one of them not blank; else undefined. The indentation
 * is asked for only once an indicator is there: most values are none.
 */
export function blockScalarAt(
  text: string,
  from: number,
  keyIndentation: () => number,
): BlockScalar | undefined {
  let at = skipSpaces(text, from);
  const indicator = text[at];
  if (indicator !== "|" && indicator !== ">") return undefined;
  const deeper = keyIndentation();
  const indicatorStart = at++;
  if (text[at] === "-" || text[at] === "+") at++;
  const indicatorEnd = at;
  at = skipSpaces(text, at);
  if (text[at] === "#") at = lineEnd(text, at);
  if (at < text.length && text[at] !== "\n" && text[at] !== "\r") return undefined;
  const scriptStart = at;
  let end = -1;
  let line = nextLine(text, at);
  while (line < text.length) {
    const content = skipSpaces(text, line);
    const close = lineEnd(text, line);
    if (content < close) {
      if (content - line <= deeper) break;
      end = close;
    }
    line = nextLine(text, close);
  }
  return end < 0 ? undefined : { indicatorStart, indicatorEnd, scriptStart, end };
}

/**
 * The block's lines as a `"""` string, its closing quotes at the
 * property's indentation (`keyIndentation` spaces): what the quick fix
 * writes over the indicator and the lines. Undefined when the script holds
 * `"""`, which would end the string.
 */
export function tripleQuotedScript(
  text: string,
  block: BlockScalar,
  keyIndentation: number,
): string | undefined {
  const lines = text.slice(block.scriptStart, block.end);
  if (lines.includes('"""')) return undefined;
  const lineBreak = text.includes("\r\n") ? "\r\n" : "\n";
  const start = lines.startsWith("\r\n") ? 2 : 1;
  return `"""${lineBreak}${lines.slice(start)}${lineBreak}${" ".repeat(keyIndentation)}"""`;
}

function skipSpaces(text: string, from: number): number {
  let at = from;
  while (at < text.length && (text.charCodeAt(at) === SPACE || text.charCodeAt(at) === TAB)) at++;
  return at;
}

/** The offset of the line break (or the text's end) of the line holding `from`. */
function lineEnd(text: string, from: number): number {
  let at = from;
  while (at < text.length && text[at] !== "\n" && text[at] !== "\r") at++;
  return at;
}

/** The start of the line after the line break at `at` (or `at` at the text's end). */
function nextLine(text: string, at: number): number {
  if (text[at] === "\r" && text[at + 1] === "\n") return at + 2;
  return at < text.length ? at + 1 : at;
}
