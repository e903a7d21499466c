/**
 * The names written after the cursor inside the list, call or map it is in
 * (`needs: [|, c]`, `copy_file(|, destination: "b")`), read from the tokens
 * that follow it up to the closing bracket. The text there is often broken
 * while it is being typed, so this does not rely on how the parser recovered.
 * With them, the arguments a call already names, before the cursor (scanned)
 * and after it.
 */
import { tokenMatcher } from "chevrotain";
import { lexOnly, tokens as T } from "@momoflow/language";
import type { CursorAnalysis } from "./cursor-context";
import type { CallFrame } from "./scan-frames";

/** How far after the cursor to look: a list or call longer than this is rare. */
const LOOKAHEAD = 4000;

/** What to collect: argument names or map keys (`name:`), or list items that are plain names. */
export type FollowingNames = "labels" | "items";

/** The names after `from` (the end of the word at the cursor) inside the innermost bracket. */
export function namesAfterCursor(text: string, from: number, what: FollowingNames): string[] {
  const tokens = lexOnly(text.slice(from, from + LOOKAHEAD)).tokens;
  const names: string[] = [];
  let depth = 0;
  let itemStart = true;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const type = token.tokenType;
    if (type === T.LCurly || type === T.LBracket || type === T.LParen) {
      depth++;
      itemStart = false;
      continue;
    }
    if (type === T.RCurly || type === T.RBracket || type === T.RParen) {
      if (depth === 0) break;
      depth--;
      continue;
    }
    if (depth > 0) continue;
    const next = tokens[i + 1];
    if (what === "labels") {
      if (tokenMatcher(token, T.Name) && next?.tokenType === T.Colon) names.push(token.image);
    } else if (type === T.Comma) {
      itemStart = true;
      continue;
    } else if (itemStart && tokenMatcher(token, T.Name)) {
      const ends =
        !next ||
        next.tokenType === T.Comma ||
        next.tokenType === T.RBracket ||
        next.tokenType === T.RCurly;
      if (ends) names.push(token.image);
    }
    itemStart = false;
  }
  return names;
}

/** Names given in `call` of `text`, but the one typed at the cursor. */
export function givenArguments(
  text: string,
  analysis: CursorAnalysis,
  call: CallFrame,
): Set<string> {
  return new Set([...call.given, ...namesAfterCursor(text, analysis.replace.end, "labels")]);
}
