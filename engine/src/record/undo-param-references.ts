import type { JournalEvent } from "./journal-event";
import type { ReplayedStep } from "./journal-replay";

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

/**
 * The names of the secret params that the undos of `steps` read, in the
 * order of the steps: for a rollback's steps left to undo
 * (`UndoPlan.toUndo`), what it must be given — not what the undos of steps
 * undone already read. The editor asks for them before a rollback.
 */
export function stepsUndoParamReferences(steps: readonly ReplayedStep[]): string[] {
  const names = new Set<string>();
  const visit = (step: ReplayedStep): void => {
    collect(step.undo, names);
    for (const earlier of step.earlier ?? []) collect(earlier.undo, names);
    for (const instance of step.instances ?? [])
      if (instance.undoStatus !== "rolled_back") visit(instance);
  };
  for (const step of steps) visit(step);
  return [...names];
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
