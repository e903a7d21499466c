import type { Name, Reference } from "../ast";
import type { DiagnosticSink } from "./diagnostic-sink";
import { isNameInScope, type ReferenceScope } from "./reference-scope";
import type { ValueType } from "./value-type";

/**
 * The roots other tools read their inputs under (GitHub Actions' and
 * Nextflow's `params.n` and `inputs.n`, Ansible's `vars.n`): momoflow reads a
 * param or var by its name alone.
 */
const OTHER_TOOLS_ROOTS: ReadonlySet<string> = new Set([
  "params",
  "param",
  "inputs",
  "input",
  "vars",
]);

/**
 * `params.n` for a param or var `n` (none named `params`): MF008 saying it is
 * read by its name, `n`, with that as the quick fix; the type of `n`, which
 * counts as read. Undefined when the reference is no such thing.
 */
export function resolveUnderOtherRoot(
  ref: Reference,
  scope: ReferenceScope,
  sink: DiagnosticSink,
): ValueType | undefined {
  const [root, name] = ref.segments;
  if (!root || !name || !OTHER_TOOLS_ROOTS.has(root.text) || name.index !== undefined)
    return undefined;
  if (isNameInScope(scope, root.text) || !isNameInScope(scope, name.text)) return undefined;
  const written: Name = {
    text: `${root.text}.${name.text}`,
    range: { start: root.range.start, end: name.range.end },
  };
  sink.report(
    "MF008",
    written.range,
    `a param or var is read by its name alone: \`${name.text}\`, not \`${written.text}\``,
    { data: { suggestions: [name.text], replaceRange: written.range } },
  );
  return scope.lookup(name) ?? "any";
}
