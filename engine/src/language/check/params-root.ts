import type { Name, Reference } from "../ast";
import type { DeclaredValues } from "./declared-values";
import type { DiagnosticSink } from "./diagnostic-sink";
import { suggestName } from "./did-you-mean";
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

/** The roots of other tools that read vars; the others read params (inputs). */
const VAR_ROOTS: ReadonlySet<string> = new Set(["vars"]);

/** How many names "its params: …" lists before `…`. */
const LISTED_NAMES = 8;

/**
 * `params.n` for a param or var `n` (none named `params`): MF008 saying it is
 * read by its name, `n`, with that as the quick fix; the type of `n`, which
 * counts as read. `params.x` naming no value in scope: MF008 saying `x` is no
 * param of the workflow (or var, for `vars.x`), naming those it has, with a
 * close one as "did you mean" and the quick fix; type `any`. Undefined when
 * the reference is no such thing.
 */
export function resolveUnderOtherRoot(
  ref: Reference,
  scope: ReferenceScope,
  sink: DiagnosticSink,
): ValueType | undefined {
  const [root, name] = ref.segments;
  if (!root || !name || !OTHER_TOOLS_ROOTS.has(root.text) || name.index !== undefined)
    return undefined;
  if (isNameInScope(scope, root.text)) return undefined;
  if (!isNameInScope(scope, name.text)) {
    if (!scope.declaredValues) return undefined;
    reportUndeclared(root, name, scope, scope.declaredValues, sink);
    return "any";
  }
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

/**
 * MF008 on `params.x` (`root.name`) where `x` is no value in scope: what the
 * owner declares of the kind the root reads, and the nearest name in scope,
 * which replaces the whole reference (a value is read by its name alone).
 */
function reportUndeclared(
  root: Name,
  name: Name,
  scope: ReferenceScope,
  declared: DeclaredValues,
  sink: DiagnosticSink,
): void {
  const kind = VAR_ROOTS.has(root.text) ? "var" : declared.paramWord;
  const own = kind === "var" ? declared.vars() : declared.params();
  const range = { start: root.range.start, end: name.range.end };
  // The root's own kind first: a tie in distance goes to the kind it reads.
  const suggestion = suggestName(name.text, range, [...own, ...scope.names()]);
  const nearest = suggestion.data.suggestions?.[0];
  const listed =
    own.length === 0
      ? `it has no ${kind}s`
      : `its ${kind}s: ${own.slice(0, LISTED_NAMES).join(", ")}${own.length > LISTED_NAMES ? ", …" : ""}`;
  const fix =
    nearest === undefined
      ? ""
      : `${suggestion.hint} A ${kindOf(nearest, declared, kind)} is read by its name alone: \`${nearest}\``;
  sink.report(
    "MF008",
    range,
    `"${name.text}" is not a ${kind} of ${declared.owner} (${listed})${fix}`,
    { data: suggestion.data },
  );
}

/** What `name` (a name in scope) is, for "A param is read by its name alone". */
function kindOf(name: string, declared: DeclaredValues, asked: string): string {
  if (declared.params().includes(name)) return declared.paramWord;
  if (declared.vars().includes(name)) return "var";
  return asked === "var" ? "var" : "value";
}
