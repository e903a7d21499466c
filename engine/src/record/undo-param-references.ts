import type { JournalEvent } from "./journal-event";

/**
 * The names of the secret params the undos of a run record read
 * (`{"$ref": "param.key"}`): the run's own, and those of the workflows it
 * called, whose secret param (`key`) may be one the run does not have.
 * `momoflow rollback --param key=...` gives them, as its error asks.
 */
export function undoParamReferences(events: readonly JournalEvent[]): Set<string> {
  const names = new Set<string>();
  for (const event of events)
    if (
      (event.type === "step_started" ||
        event.type === "step_finished" ||
        event.type === "step_earlier_attempts") &&
      event.undo !== undefined
    )
      collect(event.undo, names);
  return names;
}

/** Adds the param names `value`'s references read to `names`. */
function collect(value: unknown, names: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collect(item, names);
    return;
  }
  if (value === null || typeof value !== "object") return;
  for (const [key, item] of Object.entries(value))
    if (key === "$ref" && typeof item === "string" && item.startsWith("param."))
      names.add(item.slice("param.".length));
    else collect(item, names);
}
