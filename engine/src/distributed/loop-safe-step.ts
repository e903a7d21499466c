import type { Expression } from "../language/ast";
import { LanguageStep } from "../language/compile/language-step";
import type { WorkflowStep } from "../runtime/step";

/** Built-ins that wait on a timer or write a line: they never hold the event loop. */
const WAITING_BUILTINS: ReadonlySet<string> = new Set(["sleep", "log"]);

/**
 * Whether a step's action only waits in this process — a shell string (its
 * own process group), `sleep`, `log` — so that it may run on the worker's
 * main thread without keeping it from renewing its jobs' locks, and without
 * the hand-off to a step thread and back. Anything else — `js()` code, a
 * built-in that works on files synchronously, a declared command (which may
 * be either) — runs in a step thread.
 */
export function waitsWithoutWorking(step: WorkflowStep): boolean {
  if (!(step instanceof LanguageStep)) return false;
  const run = step.decl.properties.find((p) => p.name.text === "run")?.value;
  return run !== undefined && onlyWaits(run);
}

function onlyWaits(action: Expression): boolean {
  if (action.kind === "string") return true;
  return action.kind === "call" && !action.workflow && WAITING_BUILTINS.has(action.callee.text);
}
