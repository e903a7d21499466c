/**
 * The text around the cursor that the completion scanner does not follow:
 * where the cursor is inside a string that is still open before it (in a
 * `${...}` interpolation, and which reference segments are written there;
 * right after a `$` that could start one; or in plain text), and the names
 * written after the cursor inside the list, call or map it is in
 * (`needs: [|, c]`, `copy_file(|, destination: "b")`), read from the tokens
 * that follow it up to the closing bracket. The text there is often broken
 * while it is being typed, so this does not rely on how the parser recovered.
 */
import { tokenMatcher } from "chevrotain";
import { lexOnly, tokens as T } from "@momoflow/language";
import type { CursorAnalysis } from "./cursor-context";
import type { CallFrame } from "./scan-state";

// ------------------------------------------------------- inside an open string

/** The cursor's place in a string. */
export type StringCursor =
  /**
   * Inside `${`: the complete segments before the one being typed (`${steps.bu` → `["steps"]`);
   * `inFunction` when they are the argument of a function (`${basename(fi`); `index`
   * when an index is being typed after them (`${steps.x.output.sites[` → `[…, "sites"]`).
   */
  | { kind: "interpolation"; segments: string[]; inFunction: boolean; index?: true }
  /** Right after an unescaped `$`. */
  | { kind: "dollar" }
  /** Anywhere else in the string; `text` is its content up to the cursor. */
  | { kind: "text"; text: string };

/**
 * A complete name of a reference: maybe written with dashes (`fetch-data`),
 * which the language reads as its `_` name (MF001 on the declaration).
 */
const NAME = String.raw`[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z_][A-Za-z0-9_]*)*`;
/** `steps.stats.output.sites[0].me`: names with their indexes, then the name being typed. */
const REFERENCE_PREFIX = new RegExp(String.raw`^(?:${NAME}(?:\[\d+\])*\.)*[A-Za-z0-9_]*$`);
/** `steps.stats.output.sites[`, `sites[0][1`: a reference, then an index being typed. */
const INDEX_PREFIX = new RegExp(String.raw`^((?:${NAME}(?:\[\d+\])*\.)*${NAME}(?:\[\d+\])*)\[\d*$`);
/** `basename( `: a function given the reference that follows (functions do not nest). */
const FUNCTION_PREFIX = /^[A-Za-z_][A-Za-z0-9_]*[ \t]*\([ \t]*/;

/** Reads `image`, a string token cut at the cursor (quotes included, no closing quote). */
export function stringCursor(image: string): StringCursor | undefined {
  const quotes = image.startsWith('"""') ? 3 : 1;
  const content = image.slice(quotes);
  let open = -1;
  let i = 0;
  while (i < content.length) {
    const character = content[i];
    if (character === "\\") {
      i += 2;
    } else if (character === "$" && content[i + 1] === "{") {
      const close = content.indexOf("}", i + 2);
      if (close < 0) {
        open = i;
        break;
      }
      i = close + 1;
    } else {
      i++;
    }
  }
  if (open >= 0) {
    const inside = content.slice(open + 2).replace(/^[ \t]+/, "");
    const call = FUNCTION_PREFIX.exec(inside);
    const written = call ? inside.slice(call[0].length) : inside;
    const indexed = INDEX_PREFIX.exec(written);
    if (indexed)
      return {
        kind: "interpolation",
        segments: referenceSegments(`${indexed[1]!}.`),
        inFunction: call !== null,
        index: true,
      };
    if (!REFERENCE_PREFIX.test(written)) return undefined;
    return {
      kind: "interpolation",
      segments: referenceSegments(written),
      inFunction: call !== null,
    };
  }
  if (content.endsWith("$") && !escaped(content, content.length - 1)) return { kind: "dollar" };
  return { kind: "text", text: content };
}

/**
 * The complete segments of a reference written up to the cursor, before the
 * name being typed: `sites[0]` is two segments, as the scanner reads it (`sites`, `[0]`);
 * a dashed name is its `_` name, as the lexer reads it.
 */
function referenceSegments(written: string): string[] {
  return written
    .split(".")
    .slice(0, -1)
    .flatMap((part) => part.replace(/-/g, "_").split(/(?=\[)/));
}

/** Whether the character at `index` follows an odd number of backslashes. */
function escaped(text: string, index: number): boolean {
  let count = 0;
  for (let i = index - 1; i >= 0 && text[i] === "\\"; i--) count++;
  return count % 2 === 1;
}

// ------------------------------------------------------ names after the cursor

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

/**
 * The argument that starts right after `from` (the end of the word at the
 * cursor), past blanks, comments and line breaks: `create_file(path: "a",| content: "x")`
 * gives `content`, the argument the cursor's slot holds.
 */
export function argumentAfterCursor(text: string, from: number): string | undefined {
  const [first, second] = lexOnly(text.slice(from, from + LOOKAHEAD)).tokens;
  return first && tokenMatcher(first, T.Name) && second?.tokenType === T.Colon
    ? first.image
    : undefined;
}

/** Names given in `call` of `text`, but the one typed at the cursor. */
export function givenArguments(
  text: string,
  analysis: CursorAnalysis,
  call: CallFrame,
): Set<string> {
  return new Set([...call.given, ...namesAfterCursor(text, analysis.replace.end, "labels")]);
}
