import type { Expression } from "../ast";

/**
 * Whether `expr` reads the bare name `name` anywhere (`name`, `name.field`,
 * `${name}`, `${stem(name)}`, in an argument, a list or a map): a fan-out
 * step's setting that reads its item is resolved by each instance.
 */
export function readsName(expr: Expression | undefined, name: string): boolean {
  if (!expr) return false;
  switch (expr.kind) {
    case "ref":
      return expr.segments[0]?.text === name;
    case "string":
      return expr.parts.some(
        (part) => part.kind === "interpolation" && part.ref?.segments[0]?.text === name,
      );
    case "call":
      return expr.args.some((arg) => readsName(arg.value, name));
    case "list":
      return expr.items.some((item) => readsName(item, name));
    case "map":
      return expr.entries.some((entry) => readsName(entry.value, name));
    case "binary":
      return readsName(expr.left, name) || readsName(expr.right, name);
    case "not":
      return readsName(expr.operand, name);
    default:
      return false;
  }
}
