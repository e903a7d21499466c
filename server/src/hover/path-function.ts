/**
 * Hover on a function inside `${...}`: `basename`, `stem`, `dirname`, `json`
 * (the engine's INTERPOLATION_FUNCTIONS), with what it gives.
 */
import type { IToken } from "chevrotain";
import { INTERPOLATION_FUNCTIONS, tokens as T } from "@momoflow/language";
import { codeBlock } from "./declaration-markdown";
import { interpolationFunctionSignature, pathFunctionDoc } from "../language-docs";

/** A hovered path function: its Markdown and offsets. */
export interface PathFunctionHover {
  markdown: string;
  start: number;
  end: number;
}

/** The path function named by `tokens[index]` when it is applied (`name(`), if one is. */
export function pathFunctionAt(
  tokens: readonly IToken[],
  index: number,
): PathFunctionHover | undefined {
  const token = tokens[index];
  if (!token || tokens[index + 1]?.tokenType !== T.LParen) return undefined;
  const fn = INTERPOLATION_FUNCTIONS.get(token.image);
  if (!fn) return undefined;
  return {
    markdown: `${codeBlock(interpolationFunctionSignature(token.image, fn))}\n\n${pathFunctionDoc(fn)}`,
    start: token.startOffset,
    end: token.startOffset + token.image.length,
  };
}
