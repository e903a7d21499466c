import type { Expression, Range, WorkflowDeclaration } from "../ast";
import { undoEffect } from "../action-effect";
import type { CommandSymbol } from "../scope";

/** A step as a node of the workflow's graph. */
export interface GraphStep {
  id: string;
  description?: string;
  reversible: boolean;
  /** Nothing to undo (`rollback: none`, `log`, `sleep`...): not irreversible either. */
  effectFree?: boolean;
  /** Where the step's name is, in the file that declares the workflow. */
  range: Range;
}

/** The dependency graph of a workflow (`momoflow graph --format json`). */
export interface WorkflowGraph {
  workflow: string;
  file: string;
  nodes: GraphStep[];
  /** `from` must finish before `to` (`to` needs `from`). */
  edges: { from: string; to: string }[];
}

/** The graph of a workflow as written: steps, and an edge for each `needs` entry that names a step. */
export function workflowGraph(
  decl: WorkflowDeclaration,
  file: string,
  commands: ReadonlyMap<string, CommandSymbol>,
): WorkflowGraph {
  const ids = new Set(decl.steps.map((s) => s.name.text));
  const nodes: GraphStep[] = [];
  const edges: WorkflowGraph["edges"] = [];
  for (const step of decl.steps) {
    const value = (name: string): Expression | undefined =>
      step.properties.find((p) => p.name.text === name)?.value;
    const effect = undoEffect(value("run"), value("rollback"), commands);
    const node: GraphStep = {
      id: step.name.text,
      reversible: effect === "reversible",
      range: step.name.range,
    };
    if (effect === "effect-free") node.effectFree = true;
    const description = value("description");
    if (description?.kind === "string") {
      node.description = description.parts.map((p) => (p.kind === "text" ? p.value : "…")).join("");
    }
    nodes.push(node);
    const needs = value("needs");
    const items = !needs ? [] : needs.kind === "list" ? needs.items : [needs];
    for (const item of items) {
      const need =
        item.kind === "ref" && item.segments.length === 1 ? item.segments[0]!.text : undefined;
      if (need && ids.has(need)) edges.push({ from: need, to: step.name.text });
    }
  }
  return { workflow: decl.name.text, file, nodes, edges };
}
