import type { Name, StepDeclaration, WorkflowDeclaration } from "../ast";
import { type BlockProperties, sortProperties } from "./block-properties";
import { reportShellAsRun } from "./shell-as-run";
import { DiagnosticSink } from "./diagnostic-sink";
import { reportDuplicate } from "./duplicate-names";
import { STEP_PROPERTIES } from "./property-tables";
import { checkStepFilePaths } from "./step-file-paths";
import { type NeedEdge, StepGraph } from "./step-graph";
import { knowsStep, type StepIndex, stepIdNames } from "./step-ids";

/** A workflow's steps as the checker reads them: properties, ids and the `needs` graph. */
export interface WorkflowSteps {
  /** The declared steps (by declaration index, the graph's numbering). */
  steps: StepDeclaration[];
  /** Each step's properties, by declaration index. */
  properties: BlockProperties[];
  index: StepIndex<number>;
  graph: StepGraph;
}

/**
 * Where each step's diagnostics of {@link readWorkflowSteps} begin in the
 * sink, by step: `properties[i]` (its properties), `needs[i]` (its `needs`);
 * item `steps.length` of each is where the last step's end. The ids' MF004
 * lie between the two. For an incremental re-check (workflow-check-reuse.ts).
 */
export interface StepReadStarts {
  properties: Int32Array;
  needs: Int32Array;
}

/**
 * Reads the steps of `workflow`: their properties (MF004, MF009), ids (MF004
 * on a repeated id) and `needs` (MF002, MF007), into the graph the checker's
 * rules ask (MF003, MF010, MF011). With `starts`, says where each step's
 * diagnostics begin (sized for `workflow.steps`).
 */
export function readWorkflowSteps(
  workflow: WorkflowDeclaration,
  sink: DiagnosticSink,
  starts?: StepReadStarts,
): WorkflowSteps {
  const declared = workflow.steps ?? [];
  const steps: StepDeclaration[] = [];
  const properties: BlockProperties[] = [];
  // Index loops, no callbacks: this runs once per check, over every step,
  // before the JIT has optimised it.
  for (let i = 0; i < declared.length; i++) {
    const step = declared[i];
    if (step === undefined) continue;
    if (starts) starts.properties[steps.length] = sink.diagnostics.length;
    steps.push(step);
    properties.push(readStepProperties(step, sink));
  }
  if (starts) starts.properties[steps.length] = sink.diagnostics.length;
  const index = indexSteps(steps, workflow.name?.text ?? "?", sink);
  const graph = new StepGraph(steps.length, needEdges(steps, properties, index, sink, starts));
  return { steps, properties, index, graph };
}

/** One step's properties, sorted (MF004, MF009), and its file paths checked (MF020). */
export function readStepProperties(step: StepDeclaration, sink: DiagnosticSink): BlockProperties {
  const sorted = sortProperties(step.properties, STEP_PROPERTIES, "a step", sink);
  reportShellAsRun(sorted, sink);
  checkStepFilePaths(sorted, sink);
  return sorted;
}

const stepsOf = new WeakMap<WorkflowDeclaration, WorkflowSteps>();

/**
 * {@link readWorkflowSteps} without the diagnostics, for the editor's
 * completion (which steps a step may need or read), once per tree.
 */
export function workflowSteps(workflow: WorkflowDeclaration): WorkflowSteps {
  let steps = stepsOf.get(workflow);
  if (!steps) {
    steps = readWorkflowSteps(workflow, new DiagnosticSink(""));
    stepsOf.set(workflow, steps);
  }
  return steps;
}

/** Step ids to declaration indexes (the first of each id; MF004 on the others). */
function indexSteps(
  steps: readonly StepDeclaration[],
  workflow: string,
  sink: DiagnosticSink,
): StepIndex<number> {
  const ids = new Map<string, number>();
  for (let i = 0; i < steps.length; i++) {
    const name = steps[i]!.name;
    if (!name?.text) continue;
    const first = ids.get(name.text);
    if (first === undefined) ids.set(name.text, i);
    else {
      const where = ` in workflow "${workflow}"`;
      reportDuplicate(name, "step", where, { path: sink.path, name: steps[first]!.name }, sink);
    }
  }
  return { workflow, ids };
}

/** The edges of `needs`, MF002 (with the "create step" data) for an unknown id. */
function needEdges(
  steps: readonly StepDeclaration[],
  properties: readonly BlockProperties[],
  index: StepIndex<number>,
  sink: DiagnosticSink,
  starts: StepReadStarts | undefined,
): NeedEdge[] {
  const edges: NeedEdge[] = [];
  for (let from = 0; from < steps.length; from++) {
    if (starts) starts.needs[from] = sink.diagnostics.length;
    stepNeedEdges(from, steps[from]!, properties[from]!, index, sink, edges);
  }
  if (starts) starts.needs[steps.length] = sink.diagnostics.length;
  return edges;
}

/** Adds the edges of the `needs` of step number `from` to `edges` (MF002, MF007 on what it names wrong). */
export function stepNeedEdges(
  from: number,
  step: StepDeclaration,
  properties: BlockProperties,
  index: StepIndex<number>,
  sink: DiagnosticSink,
  edges: NeedEdge[],
): void {
  const needs = properties.get("needs")?.value;
  if (!needs) return;
  const names = stepIdNames(needs, "needs", sink);
  const own = step.name?.text;
  // Only a list can name a step twice: a single need makes no map.
  const named = names.length > 1 ? new Map<string, Name>() : undefined;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const first = named?.get(name.text);
    if (first) {
      const where = ` in the needs of step "${own}"`;
      reportDuplicate(name, "step", where, { path: sink.path, name: first }, sink, "named");
      continue;
    }
    named?.set(name.text, name);
    if (knowsStep(name, index, sink, true, own, names)) {
      edges.push({ from, to: index.ids.get(name.text)!, name });
    }
  }
}
