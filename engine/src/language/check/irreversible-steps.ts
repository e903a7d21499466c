import type { StepDeclaration } from "../ast";
import type { ActionEffect } from "./action-check";
import type { DiagnosticSink } from "./diagnostic-sink";
import type { StepGraph } from "./step-graph";

/**
 * MF011: an irreversible step after which a reversible step may still run —
 * one it does not need that is declared after it, or one that needs it. If
 * that later step fails, the rollback undoes it but stops short at the
 * irreversible one: the run ends `partially_rolled_back`.
 * Linear apart from one bitset scan per irreversible step.
 */
export function reportIrreversibleSteps(
  steps: readonly StepDeclaration[],
  effects: readonly ActionEffect[],
  graph: StepGraph,
  sink: DiagnosticSink,
): void {
  const n = steps.length;
  const reversible = new Uint32Array(graph.words);
  let any = false;
  for (let i = 0; i < n; i++) {
    if (effects[i] === "reversible") {
      reversible[i >>> 5]! |= 1 << (i & 31);
      any = true;
    }
  }
  if (!any) return;
  const dependent = reversibleDependents(effects, graph);
  for (let i = 0; i < n; i++) {
    if (effects[i] !== "irreversible") continue;
    const later = firstReversibleAfter(i, reversible, graph);
    const follower = later >= 0 ? later : dependent[i]!;
    if (follower < 0) continue;
    const step = steps[i]!;
    const other = steps[follower]!;
    if (!step.name || !other.name) continue;
    sink.report(
      "MF011",
      step.name.range,
      `step "${step.name.text}" cannot be undone, but the reversible step "${other.name.text}" may run after it: ` +
        `if a later step fails, the rollback cannot undo everything. ` +
        `Give "${step.name.text}" a rollback (\`rollback: none\` if it changes nothing), or make it run last`,
      {
        related: [
          {
            path: sink.path,
            range: other.name.range,
            message: `"${other.name.text}" may run after it`,
          },
        ],
      },
    );
  }
}

/** The first reversible step declared after `step` that `step` does not need, or -1. */
function firstReversibleAfter(step: number, reversible: Uint32Array, graph: StepGraph): number {
  const from = step + 1;
  const row = step * graph.words;
  for (let w = from >>> 5; w < reversible.length; w++) {
    let bits = reversible[w]! & ~graph.closure[row + w]!;
    if (w === from >>> 5) bits &= ~((1 << (from & 31)) - 1);
    if (bits !== 0) return (w << 5) + (31 - Math.clz32(bits & -bits));
  }
  return -1;
}

/**
 * For each step, a reversible step that needs it (transitively), or -1.
 * Components in reverse of Tarjan's order put every step after its dependents.
 */
function reversibleDependents(effects: readonly ActionEffect[], graph: StepGraph): Int32Array {
  const result = new Int32Array(effects.length).fill(-1);
  for (let c = graph.components.length - 1; c >= 0; c--) {
    const component = graph.components[c]!;
    let found = -1;
    for (const step of component) {
      for (const edge of graph.dependents[step]!) {
        const d = edge.from;
        if (effects[d] === "reversible") found = d;
        else if (graph.componentOf[d] !== c && result[d]! >= 0) found = result[d]!;
        if (found >= 0) break;
      }
      if (found >= 0) break;
    }
    for (const step of component) result[step] = found;
  }
  return result;
}
