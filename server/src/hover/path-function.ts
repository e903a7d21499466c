/**
 * Hover on a path function inside `${...}`: `basename`, `stem`, `dirname`
 * (the engine's PATH_FUNCTIONS), with what it gives.
 */
import type { IToken } from "chevrotain";
import { PATH_FUNCTIONS, tokens as T } from "@momoflow/language";
import { codeBlock } from "./declaration-markdown";
import { pathFunctionDoc } from "../language-docs";

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
  const fn = PATH_FUNCTIONS.get(token.image);
  if (!fn) return undefined;
  return {
    markdown: `${codeBlock(`(path function) ${token.image}(path)`)}\n\n${pathFunctionDoc(fn)}`,
    start: token.startOffset,
    end: token.startOffset + token.image.length,
  };
}
