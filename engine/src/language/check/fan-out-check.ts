import type { Expression, Name, Property } from "../ast";
import type { BlockProperties } from "./block-properties";
import type { DiagnosticSink } from "./diagnostic-sink";
import { checkValue } from "./expression-check";
import { jsonFixData, resolveReference } from "./reference-resolution";
import { BUILTIN_ROOTS } from "./root-names";
import { isNameInScope, type ReferenceScope } from "./reference-scope";
import { describeType, type ValueType } from "./value-type";

/** The function that lists files as items: `glob("data/*.csv")`. */
export const GLOB = "glob";

/** What `for_each` may go over, for messages. */
const ITEMS_HINT =
  'a list, a list param, glob("…") or a step\'s JSON array output (steps.<id>.output with output: json)';

/**
 * Checks a step's fan-out (language reference § Fan-out): `for_each: <item> in
 * <items>` goes over a list (MF017 otherwise, and for a text output), its
 * item hides no param, var or built-in root (MF019), and `max_parallel` is at
 * least 1 and comes with a `for_each` (MF018). Returns the scope of the
 * step's `run`, `rollback` and `when`: `scope` with the item in it (or
 * `scope` itself when the step does not fan out).
 */
export function checkFanOut(
  properties: BlockProperties,
  scope: ReferenceScope,
  sink: DiagnosticSink,
): ReferenceScope {
  const forEach = properties.get("for_each");
  checkMaxParallel(properties.get("max_parallel"), forEach, sink);
  if (!forEach) return scope;
  const itemType = itemBeingTyped(forEach, scope) ? "any" : checkItems(forEach.value, scope, sink);
  const item = forEach.item;
  if (!item?.text) return scope;
  if (BUILTIN_ROOTS.has(item.text) || scope.lookup(item) !== undefined) {
    const what = BUILTIN_ROOTS.has(item.text) ? "a built-in value" : "a param or var";
    sink.report(
      "MF019",
      item.range,
      `the item "${item.text}" has the name of ${what}, which it would hide in this step: rename the item`,
    );
  }
  return itemScope(scope, item.text, itemType);
}

/** MF018: `max_parallel` without `for_each`, or below 1. */
function checkMaxParallel(
  max: Property | undefined,
  forEach: Property | undefined,
  sink: DiagnosticSink,
): void {
  if (!max) return;
  if (!forEach) {
    sink.report(
      "MF018",
      max.name.range,
      `"max_parallel" bounds the instances of a "for_each" step, and this step has no "for_each"`,
    );
  } else if (max.value?.kind === "number" && max.value.value < 1) {
    sink.report("MF018", max.value.range, `"max_parallel" must be at least 1`);
  }
}

/**
 * `for_each: site`, its `in` not typed yet: an unknown bare name without
 * `<item> in` is the item being written (the MF001 there says what is
 * missing), not an unknown value to report again.
 */
function itemBeingTyped(forEach: Property, scope: ReferenceScope): boolean {
  const value = forEach.value;
  if (forEach.item || value?.kind !== "ref" || value.segments?.length !== 1) return false;
  const name = value.segments[0]!.text;
  if (BUILTIN_ROOTS.has(name)) return false;
  return !isNameInScope(scope, name);
}

/** MF017 unless `items` is a list; returns the type of one item. */
function checkItems(
  items: Expression | undefined,
  scope: ReferenceScope,
  sink: DiagnosticSink,
): ValueType {
  if (!items) return "any";
  if (items.kind === "call" && items.callee.text === GLOB) return checkGlob(items, scope, sink);
  if (items.kind === "ref") {
    const type = resolveReference(items, scope, sink);
    if (type !== "list" && type !== "any") {
      sink.report(
        "MF017",
        items.range,
        `"for_each" goes over a list, not ${describeType(type)}: use ${ITEMS_HINT}`,
      );
    } else if (isTextOutput(items, scope)) {
      const id = items.segments[1]!;
      sink.report(
        "MF017",
        items.range,
        `the output of "${id.text}" is text: to go over its items, ${scope.steps!.jsonHint(id)} and make its output a JSON array`,
        jsonFixData(scope.steps!, id),
      );
    }
    return "any";
  }
  if (items.kind === "list") {
    for (const item of items.items ?? []) checkValue(item, scope, sink);
    return "any";
  }
  const what =
    items.kind === "call"
      ? `a call of "${items.callee?.text}"`
      : describeType(checkValue(items, scope, sink));
  sink.report("MF017", items.range, `"for_each" goes over a list, not ${what}: use ${ITEMS_HINT}`);
  return "any";
}

/** `glob("pattern")`: one string; its items are paths. */
function checkGlob(
  call: Extract<Expression, { kind: "call" }>,
  scope: ReferenceScope,
  sink: DiagnosticSink,
): ValueType {
  const [first, ...rest] = call.args ?? [];
  if (!first?.value || first.name || rest.length > 0) {
    sink.report(
      "MF006",
      call.argsRange ?? call.range,
      'glob(...) takes one pattern, without a name: glob("data/*.csv")',
    );
    return "path";
  }
  checkValue(first.value, scope, sink, { type: "string", what: "the pattern of glob(...)" });
  return "path";
}

/** `steps.<id>.output` of a step that does not declare `output: json`. */
function isTextOutput(ref: Extract<Expression, { kind: "ref" }>, scope: ReferenceScope): boolean {
  const [root, id, field] = ref.segments;
  if (root?.text !== "steps" || !id || field?.text !== "output" || !scope.steps) return false;
  return !scope.steps.isJson(id) && scope.steps.isFanOut?.(id) !== true;
}

/** `scope` with the item `name` in it, of type `type` (an `any` item, from JSON, has fields). */
function itemScope(scope: ReferenceScope, name: string, type: ValueType): ReferenceScope {
  return {
    ...scope,
    lookup: (n: Name) => (n.text === name ? type : scope.lookup(n)),
    names: () => [name, ...scope.names()],
    typeOf: (n: string) => (n === name ? type : scope.typeOf?.(n)),
    hasFields: (n: Name) => (n.text === name ? type === "any" : scope.hasFields?.(n) === true),
  };
}

/** Why a fan-out's item cannot be read by a setting the step reads once, before its instances exist. */
const ITEM_BEFORE_INSTANCES =
  "the for_each item is known in each instance, and this setting is read once for the whole step, before its instances are made; the item can be used in run, rollback, when, description, env, workdir, inputs and outputs";

/**
 * The scopes of a fan-out step's settings that are read before the run
 * (`beforeRun`, params and vars only): `perInstance` for those each instance
 * reads with its item (`inputs`, `outputs`), `wholeStep` for the others,
 * where reading the item says why it cannot be.
 */
export function settingScopesWithItem(
  withItem: ReferenceScope,
  item: string,
  beforeRun: ReferenceScope,
): { perInstance: ReferenceScope; wholeStep: ReferenceScope } {
  return {
    perInstance: {
      ...beforeRun,
      lookup: (n: Name) => (n.text === item ? withItem.lookup(n) : beforeRun.lookup(n)),
      names: () => [item, ...beforeRun.names()],
      typeOf: (n: string) => (n === item ? withItem.typeOf?.(n) : beforeRun.typeOf?.(n)),
      hasFields: (n: Name) =>
        n.text === item ? withItem.hasFields?.(n) === true : beforeRun.hasFields?.(n) === true,
      ...(withItem.forEach && { forEach: withItem.forEach }),
    },
    wholeStep: { ...beforeRun, unavailableNames: new Map([[item, ITEM_BEFORE_INSTANCES]]) },
  };
}

/** `target` (a rollback's scope) with the item names and types `itemScope` (the run's, with its item) adds. */
export function withItemOf(withItem: ReferenceScope, target: ReferenceScope): ReferenceScope {
  return {
    ...target,
    lookup: (n: Name) => withItem.lookup(n),
    names: () => withItem.names(),
    ...(withItem.typeOf && { typeOf: withItem.typeOf }),
    ...(withItem.hasFields && { hasFields: withItem.hasFields }),
    ...(withItem.forEach && { forEach: withItem.forEach }),
  };
}
