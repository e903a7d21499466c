import { referenceText, type Expression, type Property } from "../ast";
import { knownList, type ListScope } from "../known-list";

/** How a `for_each` step fans out, as `momoflow graph` shows it. */
export interface GraphFanOut {
  /** The item's name: `part` of `for_each: part in parts`. */
  item: string;
  /** The items as written, in short: `parts`, `["a", "b"]`, `glob("data/*.csv")`. */
  items: string;
  /**
   * How many instances, when the list is known before the run: written out,
   * or a var or a called workflow's param that holds one (else known only in the run).
   */
  count?: number;
  /** `max_parallel`, when the step bounds its instances. */
  maxParallel?: number;
}

/** Longer item lists are shown by their count, so a node stays readable. */
const MAX_ITEMS_TEXT = 40;

/**
 * The fan-out of a step with `for_each`, undefined for any other step.
 * `scope`: the step's workflow, and what its params are known to hold.
 */
export function fanOutOf(
  properties: readonly Property[],
  scope: ListScope,
): GraphFanOut | undefined {
  const forEach = properties.find((p) => p.name.text === "for_each");
  if (!forEach?.value) return undefined;
  const items = forEach.value;
  const fanOut: GraphFanOut = { item: forEach.item?.text ?? "item", items: itemsText(items) };
  const known = knownList(items, scope);
  if (known) fanOut.count = known.length;
  const bound = properties.find((p) => p.name.text === "max_parallel")?.value;
  if (bound?.kind === "number") fanOut.maxParallel = bound.value;
  return fanOut;
}

/**
 * The lines under a fan-out step's id in a DOT or Mermaid node: `convert ×3`
 * (`×N` when the items are known only in the run), then
 * `for_each part in parts, max_parallel 2`. Both renderers use them, so
 * the two formats say the same.
 */
export function fanOutLines(id: string, fanOut: GraphFanOut): [string, string] {
  const bound = fanOut.maxParallel !== undefined ? `, max_parallel ${fanOut.maxParallel}` : "";
  return [`${id} ×${fanOut.count ?? "N"}`, `for_each ${fanOut.item} in ${fanOut.items}${bound}`];
}

function itemsText(items: Expression): string {
  const text = valueText(items);
  if (text.length <= MAX_ITEMS_TEXT) return text;
  return items.kind === "list"
    ? `[${items.items.length} item${items.items.length === 1 ? "" : "s"}]`
    : "…";
}

function valueText(value: Expression | undefined): string {
  switch (value?.kind) {
    case "string":
      return value.parts.every((p) => p.kind === "text")
        ? JSON.stringify(value.parts.map((p) => p.value).join(""))
        : '"…"';
    case "number":
    case "bool":
      return String(value.value);
    case "list":
      return `[${value.items.map(valueText).join(", ")}]`;
    case "ref":
      return referenceText(value);
    case "call":
      return `${value.callee.text}(${value.args.map((a) => (a.name ? `${a.name.text}: ` : "") + valueText(a.value)).join(", ")})`;
    default:
      return "…";
  }
}
