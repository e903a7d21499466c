import type { Expression, Name } from "../ast";
import type { DiagnosticSink } from "./diagnostic-sink";
import { type Fits, hintAmong, suggestAmong, suggestion } from "./did-you-mean";
import type { NameIndex } from "../name-index";
import { nameIndexFor } from "./name-indexes";

/** The steps of a workflow by id (the first declaration of each), for MF002. */
export interface StepIndex<T> {
  /** The workflow's name, for messages. */
  workflow: string;
  ids: ReadonlyMap<string, T>;
}

/**
 * Reports MF002 on a step id no step of the workflow has, with a "did you
 * mean" among the workflow's ids but `exclude` (and `unknownStep` when asked,
 * for the "create step" quick fix of `needs`). True when the id is known.
 * `listed`: the ids of the list the id is in (`needs: [build, bild]`), none
 * of which is suggested: changing the typo to one would list it twice (MF004).
 * `fits`: the ids preferred, when any near one is (a fan-out step for
 * `steps.<id>.outputs`).
 *
 * Nothing is kept per id node: the index of the ids remembers its answers by
 * name (an editor's re-check asks about the same names again), and a
 * diagnostic's message and data cost less to make than a map of 20,000
 * nodes to keep.
 */
export function knowsStep<T>(
  id: Name,
  index: StepIndex<T>,
  sink: DiagnosticSink,
  unknownStep = false,
  exclude?: string,
  listed?: readonly Name[],
  fits?: Fits,
): boolean {
  if (index.ids.has(id.text)) return true;
  // One index of the ids per workflow: each unknown id is looked up, not compared with every id.
  const names = nameIndexFor(index.ids);
  if (listed && listed.length > 1) {
    reportUnknownInList(id, index, names, sink, unknownStep, exclude, listed);
    return false;
  }
  if (!sink.quickFixData) {
    const hint = hintAmong(id.text, names, exclude, fits);
    sink.report("MF002", id.range, unknownStepMessage(id.text, index.workflow, hint));
    return false;
  }
  const suggestion = suggestAmong(id.text, id.range, names, exclude, unknownStep, fits);
  const message = unknownStepMessage(id.text, index.workflow, suggestion.hint);
  sink.report("MF002", id.range, message, { data: suggestion.data });
  return false;
}

/**
 * MF002 on `id` of a list of ids, its "did you mean" among the ids that the
 * list does not name already. Only for an unknown id in a list of several:
 * the suggestions are found at once, a few more than needed to leave out the
 * listed ones.
 */
function reportUnknownInList<T>(
  id: Name,
  index: StepIndex<T>,
  names: NameIndex,
  sink: DiagnosticSink,
  unknownStep: boolean,
  exclude: string | undefined,
  listed: readonly Name[],
): void {
  const taken = new Set(listed.map((name) => name.text));
  const nearest = names
    .nearestOnce(id.text, 3 + taken.size, exclude)
    .filter((name) => !taken.has(name))
    .slice(0, 3);
  const found = suggestion(nearest, id.range);
  if (unknownStep) found.data.unknownStep = id.text;
  const message = unknownStepMessage(id.text, index.workflow, found.hint);
  sink.report("MF002", id.range, message, { data: found.data });
}

/**
 * `unknown step "<id>" in workflow "<workflow>"` and the hint, as one flat
 * string. Joined, not added up: strings added up are kept as a tree of the
 * pieces, twice the memory of their text; a check keeps its 20,000 messages
 * until they are printed, and the garbage collector copies each of them.
 */
function unknownStepMessage(id: string, workflow: string, hint: string): string {
  return ['unknown step "', id, '" in workflow "', workflow, '"', hint].join("");
}

/**
 * The step ids written as the value of `needs` or `fail`: one id or a list of
 * ids. Anything else is MF007 (`what` names the property).
 */
export function stepIdNames(
  expr: Expression | undefined,
  what: string,
  sink: DiagnosticSink,
): Name[] {
  if (!expr) return [];
  if (expr.kind !== "list") {
    // One id, the common case: no list of items is made for it.
    const id = stepIdName(expr, what, sink);
    return id ? [id] : [];
  }
  const names: Name[] = [];
  const items = expr.items ?? [];
  for (let i = 0; i < items.length; i++) {
    const id = stepIdName(items[i], what, sink);
    if (id) names.push(id);
  }
  return names;
}

/** The step id `item` is, or undefined (and MF007 when there is an item). */
function stepIdName(
  item: Expression | undefined,
  what: string,
  sink: DiagnosticSink,
): Name | undefined {
  const id = item?.kind === "ref" && item.segments?.length === 1 ? item.segments[0] : undefined;
  if (id?.text) return id;
  // `needs: "build"`, as YAML quotes one: said so, and read as the id it names.
  const quoted = item && quotedStepId(item);
  if (quoted) {
    sink.report(
      "MF007",
      item.range,
      `"${what}" takes step ids written bare: \`${quoted}\`, not \`"${quoted}"\``,
      { data: { suggestions: [quoted], replaceRange: item.range } },
    );
    return { text: quoted, range: item.range };
  }
  if (item) {
    sink.report(
      "MF007",
      item.range,
      `"${what}" takes a step id or a list of step ids, like [build, test]`,
    );
  }
  return undefined;
}

/** The id a string written out names (`"build"`), when it is a name; else undefined. */
function quotedStepId(item: Expression): string | undefined {
  if (item.kind !== "string" || item.triple || item.parts.length !== 1) return undefined;
  const part = item.parts[0]!;
  return part.kind === "text" && /^[A-Za-z_][A-Za-z0-9_]*$/.test(part.value)
    ? part.value
    : undefined;
}
