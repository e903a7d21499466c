import { CALL_SEPARATOR } from "../workflow-call";
import { fanOutLines } from "./fan-out-node";
import type { WorkflowGraph } from "./workflow-graph";

type GraphNode = WorkflowGraph["nodes"][number];

/** A step whose effects a rollback leaves in place: neither reversible nor effect-free. */
function isIrreversible(node: GraphNode): boolean {
  return !node.reversible && !node.effectFree;
}

/**
 * A node's lines: its id, or for a fan-out step `convert ×3` and its
 * `for_each` (one node stands for all its instances); the workflow a step
 * calls; its condition (`when region == "eu"`); then its description.
 */
function nodeLines(node: GraphNode): string[] {
  const lines = node.forEach ? fanOutLines(node.id, node.forEach) : [node.id];
  if (node.calls) lines.push(`workflow ${node.calls}`);
  if (node.when !== undefined) lines.push(`when ${node.when}`);
  if (node.description) lines.push(node.description);
  // Line breaks are each format's own (`\n` in DOT, `<br/>` in Mermaid): a raw
  // one would end a Mermaid statement in the middle of its label.
  return lines.flatMap((line) => line.split(/\r\n|\r|\n/));
}

/**
 * Graphviz DOT: steps are boxes, irreversible ones drawn with a double
 * border, a fan-out step as a stack of boxes (`box3d`), labelled `convert ×3`,
 * a step that calls a workflow as a `component` labelled with its name.
 */
export function renderDot(graph: WorkflowGraph): string {
  const q = (s: string): string => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
  const lines = [
    `digraph ${q(graph.workflow)} {`,
    "  rankdir=LR;",
    '  node [shape=box, style=rounded, fontname="sans-serif"];',
  ];
  for (const node of graph.nodes) {
    const label = nodeLines(node)
      .map((line) => q(line).slice(1, -1))
      .join("\\n");
    const attrs = [`label="${label}"`];
    if (node.forEach) attrs.push("shape=box3d");
    else if (node.calls) attrs.push("shape=component");
    if (isIrreversible(node)) attrs.push("peripheries=2");
    lines.push(`  ${q(node.id)} [${attrs.join(", ")}];`);
  }
  for (const edge of graph.edges) lines.push(`  ${q(edge.from)} -> ${q(edge.to)};`);
  lines.push("}");
  return lines.join("\n") + "\n";
}

/** The characters a Mermaid label cannot hold as they are, and their entity codes. */
const MERMAID_ENTITIES: Readonly<Record<string, string>> = {
  "#": "#35;",
  "&": "#amp;",
  "<": "#lt;",
  ">": "#gt;",
  '"': "#quot;",
};

/**
 * Mermaid flowchart: irreversible steps get the `irreversible` class, fan-out
 * steps the `fan_out` class and the label `convert ×3` (as in DOT), a step
 * that calls a workflow the subroutine shape.
 */
export function renderMermaid(graph: WorkflowGraph): string {
  // A called step's id holds `/`, which a Mermaid id cannot: it is named by its position.
  const called = new Map(
    graph.nodes.flatMap((n, i) => (n.id.includes(CALL_SEPARATOR) ? [[n.id, `c_${i}`]] : [])),
  );
  const id = (s: string): string => called.get(s) ?? `s_${s}`;
  // Mermaid reads `#name;` as an entity and a label's `<…>` as HTML: each is written as its entity code.
  const text = (s: string): string => s.replace(/[#&<>"]/g, (c) => MERMAID_ENTITIES[c]!);
  const lines = ["flowchart LR"];
  for (const node of graph.nodes) {
    const label = `"${nodeLines(node).map(text).join("<br/>")}"`;
    // A call is Mermaid's subroutine shape, as DOT's `component`.
    lines.push(`  ${id(node.id)}${node.calls ? `[[${label}]]` : `[${label}]`}`);
  }
  for (const edge of graph.edges) lines.push(`  ${id(edge.from)} --> ${id(edge.to)}`);
  const irreversible = graph.nodes.filter(isIrreversible).map((n) => id(n.id));
  if (irreversible.length) {
    lines.push("  classDef irreversible stroke-width:3px,stroke-dasharray:4 2");
    lines.push(`  class ${irreversible.join(",")} irreversible`);
  }
  const fanOut = graph.nodes.filter((n) => n.forEach).map((n) => id(n.id));
  if (fanOut.length) {
    // A fill only, so that an irreversible fan-out step keeps its dashed border.
    lines.push("  classDef fan_out fill:#dde8fb");
    lines.push(`  class ${fanOut.join(",")} fan_out`);
  }
  return lines.join("\n") + "\n";
}
