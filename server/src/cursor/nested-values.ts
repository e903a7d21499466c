/**
 * The lists, maps and calls a value opens, as the completion scanner reads
 * them: the frame a value's bracket pushes, and how each takes the tokens of
 * its items, entries and arguments (each a value of its own) up to its
 * closing bracket.
 */
import { type IToken, tokenMatcher } from "chevrotain";
import { tokens as T } from "@momoflow/language";
import {
  startValue,
  type CallFrame,
  type Frame,
  type ListFrame,
  type MapFrame,
  type ValueRole,
  type ValueState,
  type ValueStep,
} from "./scan-state";

/** What the nested frames need from the scanner that holds them. */
export interface ValueScanner {
  /** Feeds a value, pushing what it opens; false when the value ended before `token`. */
  feedValue(value: ValueState, token: IToken): boolean;
  /** Pushes a frame for a bracket that opens nothing known; true when `token` was one. */
  openStray(token: IToken): boolean;
}

/** The frame a value's `[`, `{` or `name(` opens; `calleeOffset` is where the callee's name starts. */
export function nestedFrame(
  step: Extract<ValueStep, { kind: "open" }>,
  value: ValueState,
  calleeOffset: number,
): Frame {
  if (step.bracket === "list") {
    return {
      kind: "list",
      owner: value.role,
      site: value.site,
      value: startValue(value.role, value.site),
      names: [],
    };
  }
  if (step.bracket === "map") {
    return { kind: "map", owner: value.role, site: value.site, stage: "key", keys: [] };
  }
  return {
    kind: "call",
    callee: step.callee!,
    ...(step.workflow && { workflow: true as const }),
    calleeOffset,
    site: value.site,
    stage: "start",
    given: [],
  };
}

/** The text of a string token without its quotes (a test's name, a map's quoted key). */
export function unquote(image: string): string {
  const quotes = image.startsWith('"""') ? 3 : 1;
  const end =
    image.endsWith('"') && image.length >= 2 * quotes ? image.length - quotes : image.length;
  return image.slice(quotes, end);
}

/** An item of a list: a value, then `,`; anything else is skipped up to the next item. */
export function feedList(frame: ListFrame, token: IToken, scan: ValueScanner): boolean {
  if (scan.feedValue(frame.value, token)) return true;
  if (token.tokenType === T.Comma) {
    if (frame.value.segments.length === 1) frame.names.push(frame.value.segments[0]!);
    frame.value = startValue(frame.owner, frame.site);
  }
  // Anything else is skipped up to the next item.
  else scan.openStray(token);
  return true;
}

/** An entry of a map: `key: value`, then `,`. */
export function feedMap(frame: MapFrame, token: IToken, scan: ValueScanner): boolean {
  switch (frame.stage) {
    case "key":
      if (tokenMatcher(token, T.Name) || tokenMatcher(token, T.StringToken)) {
        frame.keys.push(tokenMatcher(token, T.StringToken) ? unquote(token.image) : token.image);
        frame.stage = "colon";
      } else scan.openStray(token);
      return true;
    case "colon":
      if (token.tokenType === T.Colon) {
        frame.stage = "value";
        frame.value = startValue({ kind: "map-value", owner: frame.owner }, frame.site);
        return true;
      }
      frame.stage = "key";
      return token.tokenType === T.Comma;
    case "value":
      if (scan.feedValue(frame.value!, token)) return true;
      frame.stage = "key";
      frame.value = undefined;
      return token.tokenType === T.Comma;
  }
}

/** An argument of a call: `name: value` or a positional value, then `,`. */
export function feedCall(frame: CallFrame, token: IToken, scan: ValueScanner): boolean {
  const role = (argument: string | undefined): ValueRole => ({
    kind: "argument",
    callee: frame.callee,
    argument,
    ...(frame.workflow ? { workflow: true as const } : {}),
  });
  switch (frame.stage) {
    case "start":
      if (token.tokenType === T.Comma) return true;
      if (tokenMatcher(token, T.Name) && !tokenMatcher(token, T.BoolToken)) {
        frame.stage = "name";
        frame.argument = token.image;
        return true;
      }
      // A positional argument (`js("./m.mjs", "f")`), or a stray token, skipped.
      frame.stage = "value";
      frame.argument = undefined;
      frame.value = startValue(role(undefined), frame.site);
      if (scan.feedValue(frame.value, token)) return true;
      frame.stage = "start";
      frame.value = undefined;
      scan.openStray(token);
      return true;
    case "name":
      if (token.tokenType === T.Colon) {
        frame.given.push(frame.argument!);
        frame.stage = "value";
        frame.value = startValue(role(frame.argument), frame.site);
        return true;
      }
      // The name was a positional value: a reference.
      frame.stage = "value";
      frame.value = startValue(role(undefined), frame.site);
      frame.value.phase = "after";
      frame.value.segments = [frame.argument!];
      frame.argument = undefined;
      return false;
    case "value":
      if (scan.feedValue(frame.value!, token)) return true;
      frame.stage = "start";
      frame.argument = undefined;
      frame.value = undefined;
      return token.tokenType === T.Comma;
  }
}
