import type {
  Name,
  ParamDeclaration,
  Reference,
  StepDeclaration,
  VarDeclaration,
  WorkflowDeclaration,
} from "../ast";
import type { CommandSymbol } from "../scope";
import { type ActionEffect, checkAction } from "./action-check";
import {
  type BlockProperties,
  checkTypedProperties,
  reportMissingProperties,
  sortProperties,
} from "./block-properties";
import { checkCondition } from "./condition-check";
import { reportDependencyCycles } from "./dependency-cycles";
import type { DiagnosticSink } from "./diagnostic-sink";
import { reportDuplicate } from "./duplicate-names";
import { checkValue } from "./expression-check";
import { reportIrreversibleSteps } from "./irreversible-steps";
import { checkParamDeclaration } from "./param-declaration";
import { STEP_PROPERTIES, WORKFLOW_PROPERTIES } from "./property-tables";
import type { StepOutputs } from "./reference-scope";
import { type NeedEdge, StepGraph } from "./step-graph";
import { knowsStep, type StepIndex, stepIdNames } from "./step-ids";
import { WorkflowValues } from "./workflow-values";

/**
 * Checks one workflow: its properties, params and vars, the `needs` graph
 * (MF002, MF003), each step (properties, actions, conditions, references,
 * MF010, MF014), then the workflow-wide warnings MF011 and MF012.
 */
export function checkWorkflow(
  workflow: WorkflowDeclaration,
  commands: ReadonlyMap<string, CommandSymbol>,
  sink: DiagnosticSink,
): void {
  const workflowName = workflow.name?.text ?? "?";
  const values = new WorkflowValues(valueMembers(workflow), workflowName, sink);
  checkParamsAndVars(values);

  const properties = sortProperties(workflow.properties, WORKFLOW_PROPERTIES, "a workflow", sink);
  checkTypedProperties(properties, WORKFLOW_PROPERTIES, values.scope({ kind: "property" }), sink);

  const steps = (workflow.steps ?? []).filter((s): s is StepDeclaration => s !== undefined);
  const stepProperties = steps.map((s) =>
    sortProperties(s.properties, STEP_PROPERTIES, "a step", sink),
  );
  const index = indexSteps(steps, workflowName, sink);
  const graph = new StepGraph(steps.length, needEdges(steps, stepProperties, index, sink));
  reportDependencyCycles(graph, steps, sink);

  const effects = steps.map((step, i) =>
    checkStep(step, i, stepProperties[i]!, { values, commands, index, graph, sink }),
  );
  reportIrreversibleSteps(steps, effects, graph, sink);
  reportUnusedValues(values, sink);
}

/** The params and vars in source order (they share one namespace and the var order matters). */
function valueMembers(workflow: WorkflowDeclaration): (ParamDeclaration | VarDeclaration)[] {
  const members = workflow.members?.filter(
    (m): m is ParamDeclaration | VarDeclaration => m?.kind === "param" || m?.kind === "var",
  );
  return members ?? [...(workflow.params ?? []), ...(workflow.vars ?? [])];
}

function checkParamsAndVars(values: WorkflowValues): void {
  const sink = values.sink;
  values.members.forEach((decl, order) => {
    if (decl.kind === "param") {
      checkParamDeclaration(decl, values.scope({ kind: "param", order }), sink);
      return;
    }
    const type = checkValue(decl.value, values.scope({ kind: "var", order }), sink);
    const symbol = decl.name ? values.byName.get(decl.name.text) : undefined;
    if (symbol?.decl === decl) symbol.type = type;
  });
}

/** Step ids to declaration indexes (the first of each id; MF004 on the others). */
function indexSteps(
  steps: readonly StepDeclaration[],
  workflow: string,
  sink: DiagnosticSink,
): StepIndex<number> {
  const ids = new Map<string, number>();
  steps.forEach((step, i) => {
    const name = step.name;
    if (!name?.text) return;
    const first = ids.get(name.text);
    if (first === undefined) ids.set(name.text, i);
    else {
      const where = ` in workflow "${workflow}"`;
      reportDuplicate(name, "step", where, { path: sink.path, name: steps[first]!.name }, sink);
    }
  });
  return { workflow, ids };
}

/** The edges of `needs`, MF002 (with the "create step" data) for an unknown id. */
function needEdges(
  steps: readonly StepDeclaration[],
  properties: readonly BlockProperties[],
  index: StepIndex<number>,
  sink: DiagnosticSink,
): NeedEdge[] {
  const edges: NeedEdge[] = [];
  steps.forEach((step, from) => {
    const needs = properties[from]!.known.get("needs")?.value;
    for (const name of stepIdNames(needs, "needs", sink)) {
      if (knowsStep(name, index, sink, { unknownStep: true, exclude: step.name?.text })) {
        edges.push({ from, to: index.ids.get(name.text)!, name });
      }
    }
  });
  return edges;
}

interface StepContext {
  values: WorkflowValues;
  commands: ReadonlyMap<string, CommandSymbol>;
  index: StepIndex<number>;
  graph: StepGraph;
  sink: DiagnosticSink;
}

/** Checks one step's properties and returns what its action leaves behind (for MF011). */
function checkStep(
  step: StepDeclaration,
  at: number,
  properties: BlockProperties,
  context: StepContext,
): ActionEffect {
  const { values, commands, sink } = context;
  const id = step.name?.text ?? "?";
  const scope = values.scope({ kind: "step", outputs: stepOutputs(at, id, false, context) });
  const beforeRun = values.scope({ kind: "step-setting" });
  checkTypedProperties(properties, STEP_PROPERTIES, scope, sink, beforeRun);
  checkCondition(properties.known.get("when")?.value, scope, sink);

  const run = properties.known.get("run");
  let effect: ActionEffect = "unknown";
  if (run?.value) effect = checkAction(run.value, { commands, scope, sink, property: "run" });
  const rollback = properties.known.get("rollback");
  if (rollback?.value) {
    // The rollback runs after the step, so it may read the step's own output.
    const rollbackScope = values.scope({
      kind: "step",
      outputs: stepOutputs(at, id, true, context),
    });
    checkAction(rollback.value, { commands, scope: rollbackScope, sink, property: "rollback" });
  }
  if (rollback && effect !== "unknown") effect = "reversible";
  reportMissingProperties(properties, STEP_PROPERTIES, step.name, `step "${id}"`, sink);
  return effect;
}

/** How step `reader` reads `steps.<id>.output`: MF002 for an unknown id, MF010 for one it does not need. */
function stepOutputs(
  reader: number,
  readerId: string,
  inRollback: boolean,
  { index, graph, sink }: StepContext,
): StepOutputs {
  return {
    knows: (id: Name) => knowsStep(id, index, sink),
    read: (ref: Reference, id: Name) => {
      const target = index.ids.get(id.text)!;
      if (target === reader) {
        if (!inRollback) {
          sink.report(
            "MF010",
            ref.range,
            `step "${readerId}" reads its own output, which only exists once it has run (its rollback may read it)`,
          );
        }
      } else if (!graph.needs(reader, target)) {
        sink.report(
          "MF010",
          ref.range,
          `step "${readerId}" reads the output of "${id.text}" but does not need it, ` +
            `so "${id.text}" may not have run yet: add "${id.text}" to its needs`,
        );
      }
    },
  };
}

/** MF012 on each param and var no reference names (duplicates have their MF004 already). */
function reportUnusedValues(values: WorkflowValues, sink: DiagnosticSink): void {
  for (const symbol of values.byName.values()) {
    if (symbol.used || !symbol.decl.name) continue;
    const kind = symbol.decl.kind;
    sink.report(
      "MF012",
      symbol.decl.name.range,
      `${kind} "${symbol.decl.name.text}" is never used`,
      {
        tags: ["unnecessary"],
        data: { unusedDeclaration: symbol.decl.range },
      },
    );
  }
}
