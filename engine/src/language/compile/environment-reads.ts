import type { Expression } from "../ast";

/**
 * The environment variables `expr` reads itself, in order, each once:
 * `env.DEPLOY_TOKEN`, `"Bearer ${env.TOKEN}"`, and those in its arguments,
 * lists, maps and operands. What it reads through a param or var is not
 * followed. A message about a value that came out empty names them.
 */
export function environmentReads(expr: Expression | undefined, into: string[] = []): string[] {
  if (!expr) return into;
  const add = (name: string | undefined): void => {
    if (name !== undefined && !into.includes(name)) into.push(name);
  };
  switch (expr.kind) {
    case "ref":
      if (expr.segments[0]?.text === "env") add(expr.segments[1]?.text);
      break;
    case "string":
      for (const part of expr.parts)
        if (part.kind === "interpolation" && part.ref?.segments[0]?.text === "env")
          add(part.ref.segments[1]?.text);
      break;
    case "call":
      for (const arg of expr.args) environmentReads(arg.value, into);
      break;
    case "list":
      for (const item of expr.items) environmentReads(item, into);
      break;
    case "map":
      for (const entry of expr.entries) environmentReads(entry.value, into);
      break;
    case "binary":
      environmentReads(expr.left, into);
      environmentReads(expr.right, into);
      break;
    case "not":
      environmentReads(expr.operand, into);
      break;
  }
  return into;
}
