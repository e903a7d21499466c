import { CALL_SEPARATOR } from "../language/workflow-call";

/**
 * Whether a step (or a row of a run's result) is one that called a workflow:
 * it does nothing of its own (effect-free) and needs only the steps it
 * called, named `<its id>/<step>` — a step id written in a `.momoflow` file
 * never holds the separator, so no other step needs those alone. The run,
 * the record and the editor tell a calling step so.
 */
export function callsWorkflow(
  id: string,
  needs: readonly string[] | undefined,
  effectFree: boolean | undefined,
): boolean {
  if (!effectFree || !needs || needs.length === 0) return false;
  const prefix = id + CALL_SEPARATOR;
  return needs.every((need) => need.startsWith(prefix));
}
