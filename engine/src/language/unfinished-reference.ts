/**
 * What a reference ending with a dot lacks (`steps.`, `env.`, `steps.build.`),
 * in the words of its root: one wording for an interpolation (`${steps.}`)
 * and for a value written outside a string (`when: steps.`), whose examples
 * differ only in the `${ }` around them.
 */

import type { Reference } from "./ast";

/**
 * The reference an unfinished `params.p.` stands for, `p.` (a param is
 * written by its name alone, which its MF001 says); any other as it is. What
 * reads names as they are typed (unused params, colour, hover) reads `p`.
 */
export function withoutParamsRoot(ref: Reference): Reference {
  const [first, second] = ref.segments ?? [];
  if (first?.text !== "params" || !second?.text || second.index !== undefined) return ref;
  return {
    kind: "ref",
    segments: ref.segments.slice(1),
    range: { start: second.range.start, end: ref.range.end },
  };
}

/** Where the unfinished reference was written. */
export type UnfinishedPlace =
  /** Inside `${...}` of a string. */
  | "interpolation"
  /** A value outside a string. */
  | "value"
  /** A value in a step's `when`, where `steps.<id>.status` is read too. */
  | "condition";

/**
 * The message for `written`, a reference ending with its dot (`steps.`). `params.`
 * is no root at all (a param is written by its name alone), but a name of other
 * tools' languages.
 */
export function afterDotMessage(written: string, place: UnfinishedPlace): string {
  const example = (text: string): string => (place === "interpolation" ? `\${${text}}` : text);
  const parts = written.slice(0, -1).split(".");
  const [root] = parts;
  if (root === "params" && parts.length === 1)
    return `\`params.\` needs a name after the dot, but a param is written by its name alone: \`${example("target")}\`, not \`${example("params.target")}\``;
  if (root === "params" && parts.length === 2)
    return `\`${written}\` needs a field name after the dot, but a param is written by its name alone: \`${example(parts[1]!)}\`, not \`${example(`params.${parts[1]!}`)}\``;
  const [what, shown] =
    root === "steps"
      ? parts.length === 1
        ? ["a step's id", "steps.build.output"]
        : parts.length === 2
          ? [
              place === "condition"
                ? "`output` (`outputs` for a fan-out step) or `status`"
                : "`output` (`outputs` for a fan-out step)",
              "",
            ]
          : // The path as written, with a field after its dot: not another step's.
            ["a field of the JSON output", `${written}name`]
      : root === "env" && parts.length === 1
        ? ["the name of an environment variable", "env.HOME"]
        : root === "run" && parts.length === 1
          ? ["`id` or `dir`", ""]
          : root === "workflow" && parts.length === 1
            ? ["`name` or `dir`", ""]
            : ["a field name", ""];
  return `\`${written}\` needs ${what} after the dot${shown ? `: \`${example(shown)}\`` : ""}`;
}

/** `expect output a.`: the step's output path left unfinished (`expect step a.`: a dot that names nothing). */
export function expectPathMessage(written: string, subject: string): string {
  if (subject !== "output")
    return `\`${written}\` needs nothing after the dot: \`expect ${subject}\` names a step by its id, as in \`expect ${subject} ${written.slice(0, -1)}\``;
  return `\`${written}\` needs a field of the step's JSON output after the dot: \`expect output ${written}name\``;
}

/** `fail: a/`: a step path whose called step is missing after the slash. */
export function calledStepMessage(written: string): string {
  return `\`${written}\` needs the name of a step of the workflow \`${written.slice(0, -1)}\` calls after the slash, as in \`release/bump\``;
}
