import { CALL_SEPARATOR } from "../language/workflow-call";

/**
 * Puts an undo order (the reverse of completion) together by call: the steps
 * of a called workflow (`release/bump`, `release/publish`) and the step that
 * called it (`release`) are undone as one unit, contiguous, where the first
 * of them comes in the order — the unit counts as done when its last step
 * was — and in the order given within the unit; nested calls the same way.
 * An order without called steps is returned as it is.
 */
export function groupByCall<T>(order: readonly T[], idOf: (item: T) => string): T[] {
  if (!order.some((item) => idOf(item).includes(CALL_SEPARATOR))) return [...order];
  return group(
    order.map((item) => ({ item, path: idOf(item).split(CALL_SEPARATOR) })),
    0,
  );
}

function group<T>(items: readonly { item: T; path: string[] }[], depth: number): T[] {
  const units = new Map<string, { item: T; path: string[] }[]>();
  for (const entry of items) {
    const key = entry.path[depth] ?? "";
    let unit = units.get(key);
    if (!unit) units.set(key, (unit = []));
    unit.push(entry);
  }
  const result: T[] = [];
  for (const unit of units.values()) {
    if (unit.length === 1) result.push(unit[0]!.item);
    else result.push(...group(unit, depth + 1));
  }
  return result;
}
