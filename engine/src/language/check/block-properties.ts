import type { Name, Property } from "../ast";
import { eachReference } from "../expression-references";
import type { DiagnosticSink } from "./diagnostic-sink";
import { notWritten, suggestName, suggestion as suggestionOf } from "./did-you-mean";
import { meantProperty } from "./property-aliases";
import { reportDuplicate } from "./duplicate-names";
import { checkValue } from "./expression-check";
import type { PropertySpec, PropertyTable } from "./property-tables";
import type { ReferenceScope } from "./reference-scope";

/** No unknown property (shared: never added to). */
const NONE: readonly Property[] = [];

/**
 * The properties of one block, sorted out: which names of the table the
 * block has, and the ones it does not accept. A step has thousands of
 * siblings, all kept until the workflow is checked: a block is one small
 * object, a bit per name of its table over the block's own array (no map
 * and no array of slots per block: 20,000 steps' worth of them cost the
 * garbage collector as much again to copy).
 */
export class BlockProperties {
  private unknownProperties = NONE;
  private misspeltProperties = NONE;
  /** What the misspelt properties are taken for (see {@link misspelt}). */
  private meantNames: Set<string> | undefined;
  /** Bit `slot` is set when the block has the property of that slot. */
  private present = 0;
  /** The table's specs, in its order (one array per table, shared by its blocks). */
  readonly specs: readonly PropertySpec[];

  constructor(
    readonly table: PropertyTable,
    /** The block's properties as written (the tree's array). */
    private readonly written: readonly Property[] = NONE,
  ) {
    this.specs = specsOf(table);
  }

  /** Properties the block does not accept (MF009 reported). */
  get unknown(): readonly Property[] {
    return this.unknownProperties;
  }

  /** The property `name` of the block (the first, when it is set twice). */
  get(name: string): Property | undefined {
    // The block's few properties are looked through before the table: a
    // step is asked for a dozen names, most of which it does not have.
    const written = this.written;
    for (let i = 0; i < written.length; i++) {
      const property = written[i];
      if (property?.name?.text === name) return this.table.has(name) ? property : undefined;
    }
    return undefined;
  }

  /** The property of `spec`, one of the table's (the first, when it is set twice). */
  of(spec: PropertySpec): Property | undefined {
    if ((this.present & (1 << spec.slot)) === 0) return undefined;
    // A block has a few properties: the first of the name is found by looking.
    const written = this.written;
    for (let i = 0; i < written.length; i++) {
      const property = written[i];
      if (property?.name?.text === spec.name) return property;
    }
    return undefined;
  }

  /** Marks the property of `slot` as present; false when it was already (set twice). */
  mark(slot: number): boolean {
    const bit = 1 << slot;
    if ((this.present & bit) !== 0) return false;
    this.present |= bit;
    return true;
  }

  /** Adds a property the block does not accept. */
  addUnknown(property: Property): void {
    if (this.unknownProperties === NONE) this.unknownProperties = [];
    (this.unknownProperties as Property[]).push(property);
  }

  /**
   * Marks an unknown property as the misspelling of one the block accepts,
   * `meant` (MF009 says which): that one is not said missing as well (MF014).
   */
  misspelt(property: Property, meant: string | undefined): void {
    if (this.misspeltProperties === NONE) this.misspeltProperties = [];
    (this.misspeltProperties as Property[]).push(property);
    if (meant !== undefined) (this.meantNames ??= new Set()).add(meant);
  }

  /** A misspelt property of the block is taken for `name` (see {@link misspelt}). */
  isMeant(name: string): boolean {
    return this.meantNames?.has(name) === true;
  }

  /** Whether `property` is an unknown one that misspells an accepted one. */
  isMisspelt(property: Property): boolean {
    return this.misspeltProperties.includes(property);
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
  const sorted = new BlockProperties(table, properties);
  if (!properties) return sorted;
  // An index loop: this runs for every block, before the JIT has optimised it.
  for (let i = 0; i < properties.length; i++) {
    const property = properties[i]!;
    const name = property?.name;
    if (!name?.text) continue;
    const spec = table.get(name.text);
    if (spec === undefined) {
      sorted.addUnknown(property);
      // `ru` as `run` is typed: its MF001 offers the property already.
      if (property.typing) continue;
      const unset = notWritten(
        table.keys(),
        properties.map((other) => other?.name?.text),
      );
      const meant = meantProperty(name.text, table);
      const suggestion =
        meant && unset.includes(meant)
          ? suggestionOf([meant], name.range)
          : suggestName(name.text, name.range, unset);
      // A misspelt property's value is read by its own rules once its name is right
      // (`rolback: none`, `outpt: json`): no names to look up in it meanwhile.
      if (suggestion.hint) sorted.misspelt(property, suggestion.data?.suggestions?.[0]);
      const accepted = suggestion.hint || `; ${block} accepts ${[...table.keys()].join(", ")}`;
      sink.report("MF009", name.range, `unknown property "${name.text}" of ${block}${accepted}`, {
        data: suggestion.data,
      });
    } else if (!sorted.mark(spec.slot)) {
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
 * starts (a step's `timeout`...) resolve their references in `beforeRun`,
 * those a fan-out's instance reads with its item (`inputs`, `outputs`) in
 * `perInstance`.
 */
export function checkTypedProperties(
  block: BlockProperties,
  scope: ReferenceScope,
  sink: DiagnosticSink,
  beforeRun: ReferenceScope = scope,
  perInstance: ReferenceScope = beforeRun,
): void {
  const specs = block.specs;
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i]!;
    if (spec.role.kind !== "value" || spec.ownCheck) continue;
    const property = block.of(spec);
    // `shell: "make"` meant as `run` (shell-as-run.ts): said so, not checked as a shell's name.
    if (!property || block.isMisspelt(property)) continue;
    const at = !spec.readBeforeRun ? scope : spec.perInstance ? perInstance : beforeRun;
    checkValue(property.value, at, sink, spec.role.expectation);
  }
  const unknown = block.unknown;
  for (let i = 0; i < unknown.length; i++) {
    const property = unknown[i]!;
    if (block.isMisspelt(property)) readWithoutChecking(property, scope);
    else checkValue(property.value, scope, sink);
  }
}

/**
 * The names a misspelt property's value reads (`for_eac: n in names`) count
 * as used (no MF012 for `names`), nothing looked up or reported: its value
 * is checked by its own rules once its name is right.
 */
function readWithoutChecking(property: Property, scope: ReferenceScope): void {
  eachReference(property.value, (ref) => {
    const head = ref.segments?.[0];
    if (head) scope.readUnfinished?.(head);
  });
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
  // A block without its name yet (`step` as it is typed): the MF001 there says so.
  if (!owner?.text) return;
  const specs = block.specs;
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i]!;
    // `script: "make"` is MF009 "did you mean run?" already: not also "has no run".
    if (!spec.required || block.of(spec) || block.isMeant(spec.name)) continue;
    const purpose = spec.purpose ? ` (${spec.purpose})` : "";
    sink.report(
      "MF014",
      owner.range,
      `${kind} "${owner.text}" has no "${spec.name}" property${purpose}`,
    );
  }
}
