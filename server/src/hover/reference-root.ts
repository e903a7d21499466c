/**
 * Hover on the roots `steps` and `env` of a reference (`steps.a.output`,
 * `env.HOME`) and on `output` of `steps.<id>.output`, in code or inside a
 * string's `${...}`: nothing declares them, so they are read from the tokens
 * around the cursor, and described in completion's words.
 */
import { type IToken, tokenMatcher } from "chevrotain";
import { tokens as T } from "@momoflow/language";
import { INSTANCE_OUTPUT_DOC, ROOT_DOCS, STEP_OUTPUT_DOC } from "../language-docs";
import { adjacent, endOf, type TokenHover } from "./adjacent-tokens";
import { codeBlock } from "./declaration-markdown";

/** A hovered root or `output`: its Markdown and offsets (the hovered word). */
export type ReferenceRootHover = TokenHover;

/** Whether `tokens[index]` starts a reference: followed by `.`, not itself after one. */
function isRoot(tokens: readonly IToken[], index: number): boolean {
  const [before, root, dot] = [tokens[index - 1], tokens[index], tokens[index + 1]];
  if (dot?.tokenType !== T.Dot || !adjacent(root, dot)) return false;
  return !(before?.tokenType === T.Dot && adjacent(before, root));
}

/**
 * The root (`steps`, `env`) or the `output` of `steps.<id>.output` that
 * `tokens[index]` is. `undoesInstanceOf(id)`: the hovered reference is in
 * the rollback of fan-out step `id` itself, where `output` is the output of
 * the instance being undone.
 */
export function referenceRootAt(
  tokens: readonly IToken[],
  index: number,
  undoesInstanceOf: (id: string) => boolean = () => false,
): ReferenceRootHover | undefined {
  const hovered = tokens[index];
  if (!hovered) return undefined;
  const word = { start: hovered.startOffset, end: endOf(hovered) };
  if ((hovered.image === "steps" || hovered.image === "env") && isRoot(tokens, index)) {
    const { detail, doc } = ROOT_DOCS[hovered.image];
    return {
      markdown: `${codeBlock(`(built-in) ${hovered.image}`)}\n\n${doc}\n\nWritten \`${detail}\`.`,
      ...word,
    };
  }
  if (hovered.image !== "output") return undefined;
  const [root, firstDot, id, dot] = tokens.slice(index - 4, index);
  if (root?.image !== "steps" || !id || !tokenMatcher(id, T.Name) || !isRoot(tokens, index - 4))
    return undefined;
  if (!adjacent(firstDot, id) || !adjacent(id, dot) || !adjacent(dot, hovered)) return undefined;
  const markdown = undoesInstanceOf(id.image)
    ? `${codeBlock(`(instance output) steps.${id.image}.output`)}\n\n${INSTANCE_OUTPUT_DOC}`
    : `${codeBlock(`(step output) steps.${id.image}.output`)}\n\n${STEP_OUTPUT_DOC}`;
  return { markdown, ...word };
}
