import type { Expression } from "../ast";
import { eachReference } from "../expression-references";

/**
 * The environment variables `expr` reads itself, in order, each once:
 * `env.DEPLOY_TOKEN`, `"Bearer ${env.TOKEN}"`, and those in its arguments,
 * lists, maps and operands. What it reads through a param or var is not
 * followed. A message about a value that came out empty names them.
 */
export function environmentReads(expr: Expression | undefined, into: string[] = []): string[] {
  eachReference(expr, (ref) => {
    const name = ref.segments[0]?.text === "env" ? ref.segments[1]?.text : undefined;
    if (name !== undefined && !into.includes(name)) into.push(name);
  });
  return into;
}
