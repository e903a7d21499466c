import type { Name } from "../ast";
import type { DiagnosticSink } from "./diagnostic-sink";
import { ROOT_USAGE } from "./reference-resolution";

/** The built-in roots (`env`, `run`, `workflow`, `steps`): names that nothing declared may take. */
export const BUILTIN_ROOTS: ReadonlySet<string> = new Set(ROOT_USAGE.keys());

/**
 * MF004 on a param, var or command parameter named as a built-in root:
 * written with a field (`env.region`, `run.id`) the name reads the built-in,
 * so the declared value could be read only alone — a trap, not a choice.
 */
export function reportRootName(name: Name | undefined, what: string, sink: DiagnosticSink): void {
  if (!name?.text || !BUILTIN_ROOTS.has(name.text)) return;
  sink.report(
    "MF004",
    name.range,
    `${what} "${name.text}" has the name of a built-in value (${ROOT_USAGE.get(name.text)}): "${name.text}.…" would read the built-in, not this ${what}; rename it`,
  );
}
