/**
 * Hover on the index of a fan-out step's instance where a test names it
 * (`expect output convert[1]`, `expect step convert[0]`, `fail: convert[2]`):
 * the instance, not an item of a JSON output, which `[1]` after a step that
 * runs once would be.
 */
import { type IToken, tokenMatcher } from "chevrotain";
import { tokens as T } from "@momoflow/language";
import { adjacent, endOf, type TokenHover } from "./adjacent-tokens";
import { codeBlock } from "./declaration-markdown";
import { type FanOutStep, instanceFacts } from "./instance-reference";

/** The step name and number of `<name>[<n>]` when the cursor is on `n` (or its brackets). */
export function indexedNameAt(
  tokens: readonly IToken[],
  index: number,
): { name: IToken; number: IToken; close: IToken } | undefined {
  const hovered = tokens[index];
  if (!hovered) return undefined;
  // On `[`, `n` or `]`: find `n`.
  const at =
    hovered.tokenType === T.LBracket
      ? index + 1
      : hovered.tokenType === T.RBracket
        ? index - 1
        : index;
  const [name, open, number, close] = [tokens[at - 2], tokens[at - 1], tokens[at], tokens[at + 1]];
  if (
    !name ||
    !tokenMatcher(name, T.Name) ||
    open?.tokenType !== T.LBracket ||
    number?.tokenType !== T.NumberLiteral ||
    close?.tokenType !== T.RBracket ||
    !adjacent(name, open) ||
    !adjacent(open, number) ||
    !adjacent(number, close)
  )
    return undefined;
  return { name, number, close };
}

/**
 * The steps of a test's path up to the name at `nameIndex`, outermost first:
 * `given`, `convert` for `convert` of `given/convert[2]` (an instance's index
 * before a `/`, `deploy[0]/`, left out: every instance calls the same workflow).
 */
export function pathStepsUpTo(tokens: readonly IToken[], nameIndex: number): string[] {
  const steps = [tokens[nameIndex]!.image];
  let at = nameIndex;
  while (tokens[at - 1]?.tokenType === T.Slash && adjacent(tokens[at - 1], tokens[at])) {
    const before = tokens[at - 2];
    if (before && tokenMatcher(before, T.Name) && adjacent(before, tokens[at - 1])) {
      steps.unshift(before.image);
      at -= 2;
      continue;
    }
    const instance = before && indexedNameAt(tokens, at - 2);
    if (!instance || !adjacent(before, tokens[at - 1])) break;
    steps.unshift(instance.name.image);
    // From `]` back over `n`, `[` to the name.
    at -= 5;
  }
  return steps;
}

/** The hover of instance `number` of fan-out step `fanOut`, over `[n]`. */
export function instanceHover(fanOut: FanOutStep, number: IToken, close: IToken): TokenHover {
  const n = number.image;
  const step = fanOut.step.name.text;
  return {
    markdown: [
      codeBlock(`(instance) ${step}[${n}]`),
      `The instance ${n} of fan-out step \`${step}\` (\`for_each\`, from 0), with its own status and output.`,
      ...(/^\d+$/.test(n) ? instanceFacts(fanOut, Number(n)) : []),
    ].join("\n\n"),
    start: number.startOffset - 1,
    end: endOf(close),
  };
}
