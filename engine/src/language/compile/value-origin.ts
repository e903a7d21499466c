import type { Reference } from "../ast";
import type { ValueScope } from "./value-lookup";

/**
 * Where a reference's value comes from, for a message about a value that
 * cannot be used ("the output of step `build`", "param `name`"): the user
 * fixes the source, not the place it was read.
 *
 * @returns undefined when the scope cannot tell.
 */
export function referenceOrigin(ref: Reference, scope: ValueScope): string | undefined {
  const [root, second, third] = ref.segments.map((s) => s.text);
  if (root === "steps" && second !== undefined && third === "output")
    return `the output of step \`${second}\``;
  if (root === "env" && second !== undefined && ref.segments.length === 2)
    return `the environment variable ${second}`;
  return root === undefined ? undefined : scope.origin?.(root);
}
