import type { StepDeclaration } from "../ast";
import type { RelatedInformation } from "../diagnostic";
import type { ActionEffect } from "./action-check";
import type { CalledEffects, CalledStep } from "./called-effects";
import type { DiagnosticSink } from "./diagnostic-sink";
import type { StepGraph } from "./step-graph";

/**
 * MF011: an irreversible step after which a reversible step may still run —
 * one it does not need that is declared after it, or one that needs it. If
 * that later step fails, the rollback undoes it but stops short at the
 * irreversible one: the run ends `partially_rolled_back`. A step that calls
 * a workflow (`calls[i]`) is as reversible as the steps it calls: it is
 * irreversible when one of them is, reversible when one of them is (both,
 * possibly). Linear apart from one bitset scan per irreversible step.
 */
export function reportIrreversibleSteps(
  steps: readonly StepDeclaration[],
  effects: readonly ActionEffect[],
  graph: StepGraph,
  sink: DiagnosticSink,
  calls: readonly (CalledEffects | undefined)[] = [],
): void {
  const n = steps.length;
  const reversible = new Uint32Array(graph.words);
  const isReversible = (i: number): boolean =>
    effects[i] === "reversible" || calls[i]?.reversible !== undefined;
  let any = false;
  for (let i = 0; i < n; i++) {
    if (isReversible(i)) {
      reversible[i >>> 5]! |= 1 << (i & 31);
      any = true;
    }
  }
  if (!any) return;
  const dependent = reversibleDependents(n, isReversible, graph);
  for (let i = 0; i < n; i++) {
    const called = calls[i]?.irreversible;
    if (effects[i] !== "irreversible" && !called) continue;
    const later = firstReversibleAfter(i, reversible, graph);
    const follower = later >= 0 ? later : dependent[i]!;
    if (follower < 0) continue;
    const step = steps[i]!;
    const other = steps[follower]!;
    if (!step.name || !other.name) continue;
    report(step, called, other, calls[follower]?.reversible, sink);
  }
}

/**
 * One MF011 at the irreversible step's name (for a call, the calling step's),
 * naming a called step by its id in the run (`release/tag`), with the
 * called steps' declarations as related information.
 */
function report(
  step: StepDeclaration,
  called: CalledStep | undefined,
  other: StepDeclaration,
  otherCalled: CalledStep | undefined,
  sink: DiagnosticSink,
): void {
  const stuck = called?.id ?? step.name.text;
  const undone = otherCalled?.id ?? other.name.text;
  const what = called
    ? `step "${step.name.text}" calls a workflow whose step "${stuck}" cannot be undone`
    : `step "${stuck}" cannot be undone`;
  const related: RelatedInformation[] = [
    { path: sink.path, range: other.name.range, message: `"${undone}" may run after it` },
  ];
  if (otherCalled)
    related.push({
      path: otherCalled.path,
      range: otherCalled.name.range,
      message: `"${undone}" is reversible`,
    });
  if (called)
    related.push({
      path: called.path,
      range: called.name.range,
      message: `"${stuck}" cannot be undone`,
    });
  sink.report(
    "MF011",
    step.name.range,
    `${what}, but the reversible step "${undone}" may run after it: ` +
      `if a later step fails, the rollback cannot undo everything. ` +
      `Give "${stuck}" a rollback (\`rollback: none\` if it changes nothing), or make it run last`,
    { related },
  );
}

/** The first reversible step declared after `step` that `step` does not need, or -1. */
function firstReversibleAfter(step: number, reversible: Uint32Array, graph: StepGraph): number {
  const from = step + 1;
  const row = step * graph.words;
  const closure = graph.closure;
  for (let w = from >>> 5; w < reversible.length; w++) {
    let bits = reversible[w]! & ~closure[row + w]!;
    if (w === from >>> 5) bits &= ~((1 << (from & 31)) - 1);
    if (bits !== 0) return (w << 5) + (31 - Math.clz32(bits & -bits));
  }
  return -1;
}

/**
 * For each step, a reversible step that needs it (transitively), or -1.
 * Components in reverse of Tarjan's order put every step after its dependents.
 */
function reversibleDependents(
  n: number,
  isReversible: (step: number) => boolean,
  graph: StepGraph,
): Int32Array {
  const result = new Int32Array(n).fill(-1);
  for (let c = graph.components.length - 1; c >= 0; c--) {
    const component = graph.components[c]!;
    let found = -1;
    for (const step of component) {
      for (const edge of graph.dependents[step]!) {
        const d = edge.from;
        if (isReversible(d)) found = d;
        else if (graph.componentOf[d] !== c && result[d]! >= 0) found = result[d]!;
        if (found >= 0) break;
      }
      if (found >= 0) break;
    }
    for (const step of component) result[step] = found;
  }
  return result;
}
