/**
 * The fields after a step in a reference written as code: `status` in
 * `steps.<id>.status`, a field of a JSON output in
 * `steps.<id>.output.sites[0].mean` (and in a test's `expect output
 * stats.sites[0].mean`), and one instance of a fan-out step's outputs,
 * `steps.<id>.outputs[1]`, with the fields after it. These are no symbols (nothing declares them), so
 * they are read from the tokens around the cursor — in code, or inside a
 * string's `${...}`.
 */
import { type IToken, tokenMatcher } from "chevrotain";
import { lexOnly, tokens as T } from "@momoflow/language";
import { endOf } from "./adjacent-tokens";

/** A field of a step reference under the cursor. */
export type ReferenceField =
  /** `status` of `steps.<id>.status`. */
  | { kind: "status"; step: string; start: number; end: number }
  /** `outputs` of `steps.<id>.outputs`: a fan-out step's outputs. */
  | { kind: "outputs"; step: string; start: number; end: number }
  /** A field (or item) of a JSON output: `path` is the reference up to it, as written. */
  | { kind: "json"; step: string; path: string; start: number; end: number }
  /** `[n]` of `steps.<id>.outputs[n]`: the output of instance `n` (its brackets included). */
  | { kind: "instance"; step: string; index: number; start: number; end: number }
  /** A field (or item) after `steps.<id>.outputs[n]`: `path` is the reference up to it, as written. */
  | {
      kind: "instance-field";
      step: string;
      index: number;
      path: string;
      start: number;
      end: number;
    };

const PATH_TOKENS = new Set([T.Dot, T.LBracket, T.RBracket, T.NumberLiteral]);

function isName(token: IToken | undefined): boolean {
  return token !== undefined && tokenMatcher(token, T.Name);
}

/** Part of a reference path: a name, `.`, `[`, a number or `]`. */
function isPathToken(token: IToken): boolean {
  return isName(token) || PATH_TOKENS.has(token.tokenType);
}

/**
 * The reference field at `index` of `tokens` (the document's, offsets in the
 * text), or undefined when the token there is no such field.
 */
export function referenceFieldAt(
  tokens: readonly IToken[],
  cursor: number,
  text: string,
): ReferenceField | undefined {
  // On the brackets of an index, the index is hovered.
  const index = bracketedNumber(tokens, cursor) ?? cursor;
  const hovered = tokens[index];
  if (!hovered || !(isName(hovered) || hovered.tokenType === T.NumberLiteral)) return undefined;
  let start = writtenTogetherFrom(tokens, index);
  while (start < index && tokens[start]!.image !== "steps") start++;
  const [root, dot1, step, dot2, field] = tokens.slice(start, start + 5);
  if (root?.image !== "steps" || dot1?.tokenType !== T.Dot || dot2?.tokenType !== T.Dot)
    return undefined;
  if (!step || !field || !isName(step) || !isName(field)) return undefined;
  const at = index - start;
  if (field.image === "status" && at === 4)
    return { kind: "status", step: step.image, start: field.startOffset, end: endOf(field) };
  if (field.image === "outputs" && at === 4)
    return { kind: "outputs", step: step.image, start: field.startOffset, end: endOf(field) };
  if (field.image === "outputs") return instanceOf(tokens, start, index, step.image, text);
  if (field.image !== "output" || at <= 4 || !followsPath(tokens, start + 5, index))
    return undefined;
  return jsonField(tokens, index, step.image, text, root.startOffset);
}

/**
 * `[n]` after `steps.<id>.outputs` (from `tokens[start]`, the `steps`), or a
 * field after it, hovered at `index`.
 */
function instanceOf(
  tokens: readonly IToken[],
  start: number,
  index: number,
  step: string,
  text: string,
): ReferenceField | undefined {
  const [open, number, close] = tokens.slice(start + 5, start + 8);
  if (
    open?.tokenType !== T.LBracket ||
    number?.tokenType !== T.NumberLiteral ||
    close?.tokenType !== T.RBracket ||
    !/^\d+$/.test(number.image)
  )
    return undefined;
  const instance = Number(number.image);
  if (index === start + 6)
    return { kind: "instance", step, index: instance, start: open.startOffset, end: endOf(close) };
  if (index < start + 8 || !followsPath(tokens, start + 8, index)) return undefined;
  const field = jsonField(tokens, index, step, text, tokens[start]!.startOffset);
  return { ...field, kind: "instance-field", index: instance };
}

/** The index of the number between the brackets when `tokens[at]` is the `[` or `]` of `[n]`. */
export function bracketedNumber(tokens: readonly IToken[], at: number): number | undefined {
  const hovered = tokens[at];
  const number =
    hovered?.tokenType === T.LBracket
      ? at + 1
      : hovered?.tokenType === T.RBracket
        ? at - 1
        : undefined;
  if (number === undefined || tokens[number]?.tokenType !== T.NumberLiteral) return undefined;
  const [open, close] = [tokens[number - 1], tokens[number + 1]];
  return open?.tokenType === T.LBracket && close?.tokenType === T.RBracket ? number : undefined;
}

/**
 * A field (or item) of a JSON output in a test's `expect output <id>.<path>`
 * at `index` of `tokens`: the same as in a step's `steps.<id>.output.<path>`,
 * its `path` as written after `output`; undefined elsewhere.
 */
export function expectedFieldAt(
  tokens: readonly IToken[],
  index: number,
  text: string,
): ReferenceField | undefined {
  const hovered = tokens[index];
  if (!hovered || !(isName(hovered) || hovered.tokenType === T.NumberLiteral)) return undefined;
  const start = writtenTogetherFrom(tokens, index);
  const step = tokens[start];
  if (
    start === index ||
    !isName(step) ||
    tokens[start - 1]?.tokenType !== T.Output ||
    tokens[start - 2]?.tokenType !== T.Expect ||
    !followsPath(tokens, start + 1, index)
  )
    return undefined;
  return jsonField(tokens, index, step!.image, text, step!.startOffset);
}

/** Index of the first token written together with `tokens[index]` (no space between them) that may be part of a path. */
export function writtenTogetherFrom(tokens: readonly IToken[], index: number): number {
  let start = index;
  while (
    start > 0 &&
    isPathToken(tokens[start - 1]!) &&
    endOf(tokens[start - 1]!) === tokens[start]!.startOffset
  )
    start--;
  return start;
}

/**
 * The JSON field of `step`'s output hovered at `index`, its path the text
 * from `pathStart`. A number is hovered inside its brackets: the item runs
 * to the `]`.
 */
function jsonField(
  tokens: readonly IToken[],
  index: number,
  step: string,
  text: string,
  pathStart: number,
): Extract<ReferenceField, { kind: "json" }> {
  const hovered = tokens[index]!;
  const closing = tokens[index + 1];
  const last =
    hovered.tokenType === T.NumberLiteral && closing?.tokenType === T.RBracket ? closing : hovered;
  return {
    kind: "json",
    step,
    path: text.slice(pathStart, endOf(last)),
    start: hovered.startOffset,
    end: endOf(last),
  };
}

/** `tokens[from..to]` are `.name` and `[n]` parts of a path, `to` a name or a number. */
export function followsPath(tokens: readonly IToken[], from: number, to: number): boolean {
  let i = from;
  while (i <= to) {
    const token = tokens[i]!;
    if (token.tokenType === T.Dot && isName(tokens[i + 1])) i += 2;
    else if (
      token.tokenType === T.LBracket &&
      tokens[i + 1]?.tokenType === T.NumberLiteral &&
      (i + 1 === to || tokens[i + 2]?.tokenType === T.RBracket)
    )
      i += 3;
    else return false;
  }
  return true;
}

/** String tokens, whose `${...}` interpolations hold references. */
const STRINGS = new Set([
  T.QuotedString,
  T.SingleQuotedString,
  T.UnterminatedString,
  T.TripleQuotedString,
  T.UnterminatedTripleQuotedString,
]);

/**
 * The tokens of the `${...}` of the string `token` that holds `offset` (a
 * document offset), at their document offsets; undefined when `token` is no
 * string or `offset` is in no interpolation of it.
 */
export function interpolationTokensAt(token: IToken, offset: number): IToken[] | undefined {
  if (!STRINGS.has(token.tokenType)) return undefined;
  const image = token.image;
  let i = 0;
  while (i < image.length) {
    if (image[i] === "\\") {
      i += 2;
    } else if (image[i] === "$" && image[i + 1] === "{") {
      const close = image.indexOf("}", i + 2);
      const end = close < 0 ? image.length : close;
      const from = token.startOffset + i + 2;
      if (offset >= from && offset <= token.startOffset + end) {
        return lexOnly(image.slice(i + 2, end)).tokens.map((inner) => ({
          ...inner,
          startOffset: inner.startOffset + from,
        }));
      }
      i = end + 1;
    } else {
      i++;
    }
  }
  return undefined;
}
