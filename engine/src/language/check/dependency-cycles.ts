import type { StepDeclaration } from "../ast";
import type { DiagnosticSink } from "./diagnostic-sink";
import type { NeedEdge, StepGraph } from "./step-graph";

/**
 * MF003, once per cycle of `needs` (per strongly connected component): the
 * shortest cycle through its first-declared step, e.g. `a → c → b → a`, on
 * that step's need entry that starts it, with every edge as related information.
 */
export function reportDependencyCycles(
  graph: StepGraph,
  steps: readonly StepDeclaration[],
  sink: DiagnosticSink,
): void {
  // An index loop: one component per step, and each step of an iterator is an object until the JIT is done.
  const components = graph.components;
  for (let c = 0; c < components.length; c++) {
    const component = components[c]!;
    if (!graph.isCycle(component)) continue;
    const cycle = shortestCycle(graph, component);
    if (cycle.length === 0) continue;
    const id = (step: number): string => steps[step]?.name?.text ?? "?";
    const path = [id(cycle[0]!.from), ...cycle.map((edge) => id(edge.to))].join(" → ");
    sink.report("MF003", cycle[0]!.name.range, `dependency cycle: ${path}`, {
      related: cycle.map((edge) => ({
        path: sink.path,
        range: edge.name.range,
        message: `"${id(edge.from)}" needs "${id(edge.to)}"`,
      })),
    });
  }
}

/** Breadth-first from the component's first step back to itself, edges in `needs` order. */
function shortestCycle(graph: StepGraph, component: readonly number[]): NeedEdge[] {
  const start = component[0]!;
  const inComponent = graph.componentOf[start];
  const via = new Map<number, NeedEdge>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    for (const edge of graph.edges[node]!) {
      if (graph.componentOf[edge.to] !== inComponent) continue;
      if (edge.to === start) {
        const cycle = [edge];
        for (let at = node; at !== start;) {
          const back = via.get(at)!;
          cycle.unshift(back);
          at = back.from;
        }
        return cycle;
      }
      if (!via.has(edge.to)) {
        via.set(edge.to, edge);
        queue.push(edge.to);
      }
    }
  }
  return [];
}
