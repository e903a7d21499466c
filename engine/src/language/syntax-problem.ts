import type { Range } from "./ast";
import type { BraceInsertion } from "./diagnostic";

/**
 * A syntax error found by the lexer, the parser or the string reader, before
 * it becomes an MF001 diagnostic of a file.
 */
export interface SyntaxProblem {
  message: string;
  range: Range;
  /** Offset of the range's start, to order problems and drop duplicates. */
  offset: number;
  /**
   * Reported at the end of the input (the range is then the last token's).
   * Several problems may meet there (two unclosed blocks), so they are not
   * collapsed into one.
   */
  atEnd?: boolean;
  /** What to write over the range instead (`&&` for `and`): offered by the editor as a quick fix. */
  replacement?: string;
  /** What {@link replacement} is written over, when more than the range (a whole block). */
  replaceRange?: Range;
  /** The quick fix's title, when not "Change to `<replacement>`" (a replacement of several lines). */
  fixTitle?: string;
  /**
   * A workflow's `param` or `var` written inside a step: where that step
   * starts (its `step` keyword), above which the editor's quick fix moves it.
   */
  outOfStep?: Range;
  /**
   * A block written without braces, its body read by indentation: the `{`
   * and the `}` to insert (the editor's quick fix, for the block or the file).
   */
  addBraces?: BraceInsertion[];
  /** A name declared with dashes (`my-name`): the name the editor's quick fix renames it to, its reads with it. */
  renameTo?: string;
}
