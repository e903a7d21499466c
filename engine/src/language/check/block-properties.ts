import type { Name, Property } from "../ast";
import type { DiagnosticSink } from "./diagnostic-sink";
import { suggestName } from "./did-you-mean";
import { reportDuplicate } from "./duplicate-names";
import { checkValue } from "./expression-check";
import type { PropertyTable } from "./property-tables";
import type { ReferenceScope } from "./reference-scope";

/** The properties of one block, sorted out. */
export interface BlockProperties {
  /** Known properties by name (the first of each). */
  known: Map<string, Property>;
  /** Properties the block does not accept (MF009 reported). */
  unknown: Property[];
}

/**
 * Sorts a block's properties: MF009 (with a "did you mean") for a name the
 * block does not accept, MF004 for a property set twice. `block` names the
 * block for messages: `a step`, `a workflow`.
 */
export function sortProperties(
  properties: readonly Property[] | undefined,
  table: PropertyTable,
  block: string,
  sink: DiagnosticSink,
): BlockProperties {
  const known = new Map<string, Property>();
  const unknown: Property[] = [];
  for (const property of properties ?? []) {
    const name = property.name;
    if (!name?.text) continue;
    if (!table.has(name.text)) {
      unknown.push(property);
      const suggestion = suggestName(name.text, name.range, table.keys());
      const accepted = suggestion.hint || `; ${block} accepts ${[...table.keys()].join(", ")}`;
      sink.report("MF009", name.range, `unknown property "${name.text}" of ${block}${accepted}`, {
        data: suggestion.data,
      });
      continue;
    }
    const first = known.get(name.text);
    if (first)
      reportDuplicate(
        name,
        "property",
        ` in ${block}`,
        { path: sink.path, name: first.name },
        sink,
        "set",
      );
    else known.set(name.text, property);
  }
  return { known, unknown };
}

/**
 * Checks the plainly typed properties of a block (MF007) and the references
 * in unknown properties' values; the roles with rules of their own (actions,
 * conditions, step ids...) are the caller's. Properties read before the run
 * starts (a step's `timeout`...) resolve their references in `beforeRun`.
 */
export function checkTypedProperties(
  block: BlockProperties,
  table: PropertyTable,
  scope: ReferenceScope,
  sink: DiagnosticSink,
  beforeRun: ReferenceScope = scope,
): void {
  for (const [name, property] of block.known) {
    const spec = table.get(name);
    if (spec?.role.kind !== "value") continue;
    checkValue(property.value, spec.readBeforeRun ? beforeRun : scope, sink, spec.role.expectation);
  }
  for (const property of block.unknown) checkValue(property.value, scope, sink);
}

/** MF014 on `owner` (the block's name) for each required property the block lacks. */
export function reportMissingProperties(
  block: BlockProperties,
  table: PropertyTable,
  owner: Name | undefined,
  label: string,
  sink: DiagnosticSink,
): void {
  if (!owner) return;
  for (const [name, spec] of table) {
    if (!spec.required || block.known.has(name)) continue;
    const purpose = spec.purpose ? ` (${spec.purpose})` : "";
    sink.report("MF014", owner.range, `${label} has no "${name}" property${purpose}`);
  }
}
