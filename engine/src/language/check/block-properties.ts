import type { Name, Property } from "../ast";
import type { DiagnosticSink } from "./diagnostic-sink";
import { suggestName, suggestion as suggestionOf } from "./did-you-mean";
import { meantProperty } from "./property-aliases";
import { reportDuplicate } from "./duplicate-names";
import { checkValue } from "./expression-check";
import type { PropertySpec, PropertyTable } from "./property-tables";
import type { ReferenceScope } from "./reference-scope";

/**
 * The properties of one block, sorted out: the first of each known name, in
 * a slot per name of the table (a step has thousands of siblings, so no map
 * per block), and the ones the block does not accept.
 */
export class BlockProperties {
  /** Properties the block does not accept (MF009 reported). */
  readonly unknown: Property[] = [];
  private readonly slots: (Property | undefined)[];
  /** The table's specs, in its order (one array per table, shared by its blocks). */
  readonly specs: readonly PropertySpec[];

  constructor(readonly table: PropertyTable) {
    this.slots = new Array<Property | undefined>(table.size);
    this.specs = specsOf(table);
  }

  /** The property `name` of the block (the first, when it is set twice). */
  get(name: string): Property | undefined {
    const spec = this.table.get(name);
    return spec && this.slots[spec.slot];
  }

  /** The property of `spec`, one of the table's: no lookup by name. */
  of(spec: PropertySpec): Property | undefined {
    return this.slots[spec.slot];
  }

  /** Sets a known property; false when it was set already. */
  set(slot: number, property: Property): boolean {
    if (this.slots[slot]) return false;
    this.slots[slot] = property;
    return true;
  }
}

const specsByTable = new Map<PropertyTable, readonly PropertySpec[]>();

/**
 * The specs of a table as an array: each block's checks go through them
 * (thousands of steps), without an iterator or a lookup by name each time.
 */
function specsOf(table: PropertyTable): readonly PropertySpec[] {
  let specs = specsByTable.get(table);
  if (!specs) {
    specs = [...table.values()];
    specsByTable.set(table, specs);
  }
  return specs;
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
  const sorted = new BlockProperties(table);
  if (!properties) return sorted;
  for (const property of properties) {
    const name = property?.name;
    if (!name?.text) continue;
    const spec = table.get(name.text);
    if (spec === undefined) {
      sorted.unknown.push(property);
      const meant = meantProperty(name.text, table);
      const suggestion = meant
        ? suggestionOf([meant], name.range)
        : suggestName(name.text, name.range, table.keys());
      const accepted = suggestion.hint || `; ${block} accepts ${[...table.keys()].join(", ")}`;
      sink.report("MF009", name.range, `unknown property "${name.text}" of ${block}${accepted}`, {
        data: suggestion.data,
      });
    } else if (!sorted.set(spec.slot, property)) {
      const first = sorted.get(name.text)!;
      reportDuplicate(
        name,
        "property",
        ` in ${block}`,
        { path: sink.path, name: first.name },
        sink,
        "set",
      );
    }
  }
  return sorted;
}

/**
 * Checks the plainly typed properties of a block (MF007) and the references
 * in unknown properties' values; the roles with rules of their own (actions,
 * conditions, step ids...) are the caller's. Properties read before the run
 * starts (a step's `timeout`...) resolve their references in `beforeRun`.
 */
export function checkTypedProperties(
  block: BlockProperties,
  scope: ReferenceScope,
  sink: DiagnosticSink,
  beforeRun: ReferenceScope = scope,
): void {
  const specs = block.specs;
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i]!;
    if (spec.role.kind !== "value" || spec.ownCheck) continue;
    const property = block.of(spec);
    if (!property) continue;
    checkValue(property.value, spec.readBeforeRun ? beforeRun : scope, sink, spec.role.expectation);
  }
  const unknown = block.unknown;
  for (let i = 0; i < unknown.length; i++) checkValue(unknown[i]!.value, scope, sink);
}

/**
 * MF014 on `owner` (the block's name) for each required property the block
 * lacks; `kind` names the block for the message (`step`).
 */
export function reportMissingProperties(
  block: BlockProperties,
  owner: Name | undefined,
  kind: string,
  sink: DiagnosticSink,
): void {
  if (!owner) return;
  const specs = block.specs;
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i]!;
    if (!spec.required || block.of(spec)) continue;
    const purpose = spec.purpose ? ` (${spec.purpose})` : "";
    sink.report(
      "MF014",
      owner.range,
      `${kind} "${owner.text}" has no "${spec.name}" property${purpose}`,
    );
  }
}
