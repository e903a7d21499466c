/**
 * Reading a reference from the tokens around the cursor (`run.id`,
 * `steps.a.output`, `env.HOME`): nothing declares such words, so a hover
 * finds them by their neighbours, written together with no space between.
 */
import type { IToken } from "chevrotain";

/** A hover read from tokens: its Markdown and the offsets it covers. */
export interface TokenHover {
  markdown: string;
  start: number;
  end: number;
}

/** The offset just past `token`. */
export function endOf(token: IToken): number {
  return token.startOffset + token.image.length;
}

/** Whether `a` and `b` are written together, with no space between them. */
export function adjacent(a: IToken | undefined, b: IToken | undefined): boolean {
  return a !== undefined && b !== undefined && endOf(a) === b.startOffset;
}
