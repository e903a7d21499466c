import { type IToken, type TokenType } from "chevrotain";
import { meantType } from "./check/type-aliases";
import * as T from "./tokens";

/**
 * A type written with the type of its items, as other languages write one
 * (`string[]`, `list<string>`, `Array<string>`, Python's `dict[str, int]`):
 * momoflow's `list` and `map` hold any values, so it is `list` or `map`.
 */
export interface TypedCollection {
  /** How many tokens after the type's name the items' type takes (`[` `]`: 2). */
  length: number;
  /** What to write instead of the whole type. */
  meant: "list" | "map";
}

/** The tokens an items' type is made of, between its brackets. */
const INSIDE: ReadonlySet<TokenType> = new Set([
  T.Identifier,
  T.Comma,
  T.LBracket,
  T.RBracket,
  T.Less,
  T.Greater,
]);

/**
 * The items' type after the type name `base`, when the next tokens (`at(1)`
 * on) are one, all on `base`'s line: `[]` (any number of them), or `<…>` or
 * `[…]` around names. Undefined when they are not: only `[` or `<` right
 * after a parameter's type is looked at, so a correct type costs one test.
 */
export function typedCollectionAfter(
  base: IToken,
  at: (distance: number) => IToken,
  sameLine: (previous: IToken, next: IToken) => boolean,
): TypedCollection | undefined {
  const first = at(1).tokenType;
  if (first !== T.LBracket && first !== T.Less) return undefined;
  let depth = 0;
  let distance = 1;
  let emptyBrackets = true;
  for (; ; distance++) {
    const token = at(distance);
    const type = token.tokenType;
    if (!sameLine(base, token) || (!INSIDE.has(type) && !isName(token))) return undefined;
    if (type === T.LBracket || type === T.Less) depth++;
    else if (type === T.RBracket || type === T.Greater) depth--;
    else emptyBrackets = false;
    if (depth < 0) return undefined;
    if (depth === 0 && at(distance + 1).tokenType !== T.LBracket) break;
  }
  const kind = meantType(base.image) ?? base.image;
  const meant = !emptyBrackets && kind === "map" ? "map" : "list";
  return { length: distance, meant };
}

/** A name inside the brackets: an identifier or a keyword used as one. */
function isName(token: IToken): boolean {
  return /^[A-Za-z_]\w*$/.test(token.image);
}
