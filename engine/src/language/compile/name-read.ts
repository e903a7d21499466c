import type { Expression } from "../ast";
import { someReference } from "../expression-references";

/**
 * Whether `expr` reads the bare name `name` anywhere (`name`, `name.field`,
 * `${name}`, `${stem(name)}`, in an argument, a list or a map): a fan-out
 * step's setting that reads its item is resolved by each instance.
 */
export function readsName(expr: Expression | undefined, name: string): boolean {
  return someReference(expr, (ref) => ref.segments[0]?.text === name);
}
