/**
 * A fan-out's instances in a run's steps: `convert[0]`, `convert[1]`… (and
 * what they call, `convert[1]/bump`) belong to the fan-out `convert`, whose
 * own record the run holds too (no attempt of its own, spanning them).
 */
import type { StepView } from "../src/webview/protocol";

/** The fan-out a step is an instance of (`convert` for `convert[3]`, and `convert[3]/bump`). */
export function fanOutOf(id: string): string | undefined {
  const at = id.indexOf("[");
  return at > 0 ? id.slice(0, at) : undefined;
}

/** The instances of each fan-out that has some in `steps`, by the fan-out's id, in their order. */
export function fanOutInstances(steps: readonly StepView[]): Map<string, StepView[]> {
  const instances = new Map<string, StepView[]>();
  for (const step of steps) {
    const fanOut = fanOutOf(step.id);
    if (fanOut === undefined) continue;
    const members = instances.get(fanOut);
    if (members) members.push(step);
    else instances.set(fanOut, [step]);
  }
  return instances;
}
