import type { Expression, Name } from "../ast";
import type { DiagnosticData } from "../diagnostic";
import type { DiagnosticSink } from "./diagnostic-sink";
import type { NameIndex } from "../name-index";
import { suggestAmong, type Suggestion } from "./did-you-mean";
import { nameIndexFor } from "./name-indexes";

/** The steps of a workflow by id (the first declaration of each), for MF002. */
export interface StepIndex<T> {
  /** The workflow's name, for messages. */
  workflow: string;
  ids: ReadonlyMap<string, T>;
}

/**
 * The suggestion made for an unknown id, by its node: an editor's re-check
 * after a keystroke in one step meets the same nodes of every other step
 * (see incremental-parse.ts), among the same ids, and makes none again.
 */
const suggested = new WeakMap<Name, Suggested>();

/** What was said of an unknown id, and what it was said among. */
interface Suggested {
  names: NameIndex;
  exclude: string | undefined;
  suggestion: Suggestion;
  /** The workflow named in `message`. */
  workflow: string;
  /** Kept too: the same string at each re-check is sent as is, not built and flattened again. */
  message: string;
}

/**
 * Reports MF002 on a step id no step of the workflow has, with a "did you
 * mean" among the workflow's ids but `exclude` (and `unknownStep` when asked,
 * for the "create step" quick fix of `needs`). True when the id is known.
 */
export function knowsStep<T>(
  id: Name,
  index: StepIndex<T>,
  sink: DiagnosticSink,
  unknownStep = false,
  exclude?: string,
): boolean {
  if (index.ids.has(id.text)) return true;
  // One index of the ids per workflow: each unknown id is looked up, not compared with every id.
  const names = nameIndexFor(index.ids);
  let found = suggested.get(id);
  if (found?.names !== names || found.exclude !== exclude || found.workflow !== index.workflow) {
    const suggestion = suggestAmong(id.text, id.range, names, exclude);
    const message = `unknown step "${id.text}" in workflow "${index.workflow}"${suggestion.hint}`;
    found = { names, exclude, suggestion, workflow: index.workflow, message };
    suggested.set(id, found);
  }
  // Added to, not copied: a copy would compute the lazy suggestions now.
  const data: DiagnosticData = found.suggestion.data;
  if (unknownStep) data.unknownStep = id.text;
  sink.report("MF002", id.range, found.message, { data });
  return false;
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
  const items = expr.kind === "list" ? (expr.items ?? []) : [expr];
  const names: Name[] = [];
  for (const item of items) {
    const id = item?.kind === "ref" && item.segments?.length === 1 ? item.segments[0] : undefined;
    if (id?.text) names.push(id);
    else if (item) {
      sink.report(
        "MF007",
        item.range,
        `"${what}" takes a step id or a list of step ids, like [build, test]`,
      );
    }
  }
  return names;
}
