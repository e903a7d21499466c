/**
 * The brackets open at a point of a token stream, for folding: a closer
 * closes the innermost open bracket of its kind, and every bracket opened
 * after that one is closed with it (left unclosed, it folds nothing).
 * Each kind keeps its own stack of positions, so a closer finds its opener
 * without walking the brackets of other kinds: a file of thousands of open
 * `{` took minutes to fold when every token searched the whole stack.
 */
import type { IToken, TokenType } from "chevrotain";

export class OpenBrackets {
  private readonly open: IToken[] = [];
  /** By opener kind: the positions in {@link open} of the open brackets of that kind. */
  private readonly positions = new Map<TokenType, number[]>();

  push(opener: IToken): void {
    let stack = this.positions.get(opener.tokenType);
    if (stack === undefined) this.positions.set(opener.tokenType, (stack = []));
    stack.push(this.open.length);
    this.open.push(opener);
  }

  /** Closes the innermost open bracket of `openerType` and those inside it; undefined when none is open. */
  close(openerType: TokenType): IToken | undefined {
    const index = this.positions.get(openerType)?.pop();
    if (index === undefined) return undefined;
    const opener = this.open[index]!;
    // Each bracket is dropped once, so closing costs what was opened.
    for (const stack of this.positions.values())
      while (stack.length > 0 && stack[stack.length - 1]! > index) stack.pop();
    this.open.length = index;
    return opener;
  }
}
