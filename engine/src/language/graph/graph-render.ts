import { CALL_SEPARATOR } from "../workflow-call";
import type { WorkflowGraph } from "./workflow-graph";

/** A step whose effects a rollback leaves in place: neither reversible nor effect-free. */
function isIrreversible(node: WorkflowGraph["nodes"][number]): boolean {
  return !node.reversible && !node.effectFree;
}

/** Graphviz DOT: steps are boxes, irreversible ones drawn with a double border. */
export function renderDot(graph: WorkflowGraph): string {
  const q = (s: string): string => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
  const lines = [
    `digraph ${q(graph.workflow)} {`,
    "  rankdir=LR;",
    '  node [shape=box, style=rounded, fontname="sans-serif"];',
  ];
  for (const node of graph.nodes) {
    const label = node.description ? `${node.id}\\n${node.description}` : node.id;
    const attrs = [`label=${q(label).replace(/\\\\n/g, "\\n")}`];
    if (isIrreversible(node)) attrs.push("peripheries=2");
    lines.push(`  ${q(node.id)} [${attrs.join(", ")}];`);
  }
  for (const edge of graph.edges) lines.push(`  ${q(edge.from)} -> ${q(edge.to)};`);
  lines.push("}");
  return lines.join("\n") + "\n";
}

/** Mermaid flowchart: irreversible steps get the `irreversible` class. */
export function renderMermaid(graph: WorkflowGraph): string {
  // A called step's id holds `/`, which a Mermaid id cannot: it is named by its position.
  const called = new Map(
    graph.nodes.flatMap((n, i) => (n.id.includes(CALL_SEPARATOR) ? [[n.id, `c_${i}`]] : [])),
  );
  const id = (s: string): string => called.get(s) ?? `s_${s}`;
  const text = (s: string): string => s.replace(/"/g, "#quot;");
  const lines = ["flowchart LR"];
  for (const node of graph.nodes) {
    const label = node.description ? `${node.id}<br/>${node.description}` : node.id;
    lines.push(`  ${id(node.id)}["${text(label)}"]`);
  }
  for (const edge of graph.edges) lines.push(`  ${id(edge.from)} --> ${id(edge.to)}`);
  const irreversible = graph.nodes.filter(isIrreversible).map((n) => id(n.id));
  if (irreversible.length) {
    lines.push("  classDef irreversible stroke-width:3px,stroke-dasharray:4 2");
    lines.push(`  class ${irreversible.join(",")} irreversible`);
  }
  return lines.join("\n") + "\n";
}
