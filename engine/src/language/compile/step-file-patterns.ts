import type { Property } from "../ast";
import type { StepFiles } from "../../runtime/step";
import { isAbsolutePath } from "../check/step-file-paths";
import { CompileError } from "./compile-error";
import { evaluate } from "./evaluate";
import type { ValueScope } from "./value-scope";

/**
 * A step's `inputs:` and `outputs:`, evaluated before the run (they may read
 * params and vars): undefined when it has neither. A computed value that is
 * not a relative path (or a list of them) is refused here, as MF020 does for
 * one written in the file.
 */
export function stepFiles(
  inputs: Property | undefined,
  outputs: Property | undefined,
  scope: ValueScope,
): StepFiles | undefined {
  if (!inputs && !outputs) return undefined;
  return { inputs: patterns(inputs, scope), outputs: patterns(outputs, scope) };
}

function patterns(property: Property | undefined, scope: ValueScope): string[] {
  if (!property?.value) return [];
  const value = evaluate(property.value, scope);
  const items = Array.isArray(value) ? value : [value];
  const name = property.name.text;
  return items.map((item) => {
    if (typeof item !== "string" || item.trim() === "" || isAbsolutePath(item))
      throw new CompileError(
        `"${name}" takes relative paths or globs; ${JSON.stringify(item)} is not one`,
        scope.path,
        property.value!.range,
      );
    return item;
  });
}
