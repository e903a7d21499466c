/**
 * Hover on a built-in reference — `run.id`, `run.dir`, `workflow.name`,
 * `workflow.dir` — in code or inside a string's `${...}`. Nothing declares
 * them, so they are read from the tokens around the cursor.
 */
import type { IToken } from "chevrotain";
import { BUILTIN_FIELDS, tokens as T } from "@momoflow/language";
import { BUILTIN_REFERENCE_DOCS } from "../language-docs";
import { adjacent, endOf, type TokenHover } from "./adjacent-tokens";
import { codeBlock } from "./declaration-markdown";

/** A hovered built-in reference: its Markdown and offsets (the whole `root.field`). */
export type BuiltinReferenceHover = TokenHover;

/**
 * The built-in reference that `tokens[index]` is part of (its root or its
 * field), if it is one: `run.id` written together, not itself the field of
 * something else (`x.run.id`).
 */
export function builtinReferenceAt(
  tokens: readonly IToken[],
  index: number,
): BuiltinReferenceHover | undefined {
  const hovered = tokens[index];
  if (!hovered) return undefined;
  const rootIndex =
    hovered.tokenType === T.Dot ? index - 1 : BUILTIN_FIELDS.has(hovered.image) ? index : index - 2;
  const [before, root, dot, field] = [
    tokens[rootIndex - 1],
    tokens[rootIndex],
    tokens[rootIndex + 1],
    tokens[rootIndex + 2],
  ];
  if (!root || dot?.tokenType !== T.Dot || !field) return undefined;
  if (!adjacent(root, dot) || !adjacent(dot, field)) return undefined;
  if (before?.tokenType === T.Dot && adjacent(before, root)) return undefined;
  const type = BUILTIN_FIELDS.get(root.image)?.get(field.image);
  if (type === undefined) return undefined;
  const name = `${root.image}.${field.image}`;
  return {
    markdown: `${codeBlock(`(built-in) ${name}: ${type}`)}\n\n${BUILTIN_REFERENCE_DOCS[name] ?? ""}`,
    start: root.startOffset,
    end: endOf(field),
  };
}
