import type {
  CallExpression,
  Name,
  ParamDeclaration,
  Reference,
  StepDeclaration,
  VarDeclaration,
  WorkflowDeclaration,
} from "../ast";
import type { CommandSymbol, WorkflowSymbol } from "../scope";
import { asWorkflowCall } from "../workflow-call";
import { calledEffects, type CalledEffects } from "./called-effects";
import { type ActionContext, type ActionEffect, checkAction } from "./action-check";
import {
  type BlockProperties,
  checkTypedProperties,
  reportMissingProperties,
  sortProperties,
} from "./block-properties";
import { checkCondition } from "./condition-check";
import { checkFanOut, withItemOf } from "./fan-out-check";
import { checkEnvironment } from "./environment-check";
import { checkWorkdir } from "./workdir-check";
import { checkOutputFormat } from "./output-format-check";
import { outputFormatOf } from "../output-format";
import { declareJsonHint, givesJsonOutput, type WorkflowLookup } from "../call-output";
import { reportDependencyCycles } from "./dependency-cycles";
import type { DiagnosticSink } from "./diagnostic-sink";
import { checkValue } from "./expression-check";
import { reportIrreversibleSteps } from "./irreversible-steps";
import { checkParamDeclaration } from "./param-declaration";
import { WORKFLOW_PROPERTIES } from "./property-tables";
import type { ReferenceScope, StepOutputs } from "./reference-scope";
import type { StepGraph } from "./step-graph";
import { knowsStep, type StepIndex } from "./step-ids";
import { readWorkflowSteps } from "./workflow-steps";
import { WorkflowValues } from "./workflow-values";
import { checkWorkflowCall, reportCallCycles } from "./workflow-call-check";

/**
 * Checks one workflow: its properties, params and vars, the `needs` graph
 * (MF002, MF003), each step (properties, actions, conditions, references,
 * MF010, MF014), then the workflow-wide warnings MF011 and MF012.
 */
export function checkWorkflow(
  workflow: WorkflowDeclaration,
  commands: ReadonlyMap<string, CommandSymbol>,
  sink: DiagnosticSink,
  workflows: ReadonlyMap<string, WorkflowSymbol> = new Map(),
): void {
  const workflowName = workflow.name?.text ?? "?";
  const values = new WorkflowValues(valueMembers(workflow), workflowName, sink);
  checkParamsAndVars(values);

  const properties = sortProperties(workflow.properties, WORKFLOW_PROPERTIES, "a workflow", sink);
  checkTypedProperties(properties, values.scope({ kind: "property" }), sink);
  checkEnvironment(properties.get("env")?.value, sink);

  const { steps, properties: stepProperties, index, graph } = readWorkflowSteps(workflow, sink);
  if (steps.length === 0 && workflow.name) {
    // `momoflow run` refuses it: say so where it is written.
    sink.report(
      "MF014",
      workflow.name.range,
      `workflow "${workflowName}" has no steps: add a \`step\``,
    );
  }
  reportDependencyCycles(graph, steps, sink);

  // From the properties already sorted: no second search of each step's properties.
  const jsonSteps = new Set<string>();
  const fanOutSteps = new Set<string>();
  const workflowNamed: WorkflowLookup = (name) => workflows.get(name)?.decl;
  for (let i = 0; i < steps.length; i++) {
    const properties = stepProperties[i]!;
    // A step that calls a workflow hands on its last step's output, JSON when that is.
    if (
      outputFormatOf(properties.get("output")?.value) === "json" ||
      (asWorkflowCall(properties.get("run")?.value) && givesJsonOutput(steps[i]!, workflowNamed))
    )
      jsonSteps.add(steps[i]!.name.text);
    if (properties.get("for_each")) fanOutSteps.add(steps[i]!.name.text);
  }
  const checker = new StepChecker(
    values,
    commands,
    index,
    graph,
    sink,
    jsonSteps,
    fanOutSteps,
    workflows,
    steps,
  );
  const effects = steps.map((step, i) => checker.check(step, i, stepProperties[i]!));
  reportIrreversibleSteps(steps, effects, graph, sink, checker.called);
  reportUnusedValues(values, sink);
  // The calls the step checks met: no second pass over every step's properties.
  reportCallCycles(workflow, workflows, sink, checker.calls);
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

/**
 * Reads of `steps.<id>.output` by the step being checked: MF002 for an
 * unknown id, MF010 for a step the reader does not need. One per workflow
 * (and one for rollbacks), pointed at each step in turn, so that checking a
 * step allocates no scope of its own.
 */
class StepOutputReads implements StepOutputs {
  reader = -1;
  readerId = "";

  constructor(
    private readonly index: StepIndex<number>,
    private readonly graph: StepGraph,
    private readonly sink: DiagnosticSink,
    /** A rollback runs after its step, so it may read the step's own output. */
    private readonly inRollback: boolean,
    /** The steps that declare `output: json`. */
    private readonly jsonSteps: ReadonlySet<string>,
    /** The steps that declare `for_each`. */
    private readonly fanOutSteps: ReadonlySet<string>,
    /** What makes a step's output JSON, by step id (for messages). */
    private readonly jsonHints: (id: string) => string,
  ) {}

  isJson(id: Name): boolean {
    return this.jsonSteps.has(id.text);
  }

  jsonHint(id: Name): string {
    return this.jsonHints(id.text);
  }

  isFanOut(id: Name): boolean {
    return this.fanOutSteps.has(id.text);
  }

  knows(id: Name): boolean {
    return knowsStep(id, this.index, this.sink);
  }

  read(ref: Reference, id: Name): void {
    const target = this.index.ids.get(id.text)!;
    const reader = this.readerId;
    if (this.graph.mayRead(this.reader, target, this.inRollback)) return;
    if (target === this.reader) {
      this.sink.report(
        "MF010",
        ref.range,
        `step "${reader}" reads its own output, which only exists once it has run (its rollback may read it)`,
      );
    } else {
      this.sink.report(
        "MF010",
        ref.range,
        `step "${reader}" reads the ${ref.segments[2]?.text === "status" ? "status" : "output"} of "${id.text}" but does not need it, ` +
          `so "${id.text}" may not have run yet: add "${id.text}" to its needs`,
      );
    }
  }
}

/** Checks the steps of a workflow, one after the other, with scopes built once. */
class StepChecker {
  private readonly reads: StepOutputReads;
  private readonly rollbackReads: StepOutputReads;
  private readonly run: ActionContext;
  private readonly rollback: ActionContext;
  private readonly beforeRun: ReferenceScope;

  constructor(
    values: WorkflowValues,
    commands: ReadonlyMap<string, CommandSymbol>,
    index: StepIndex<number>,
    graph: StepGraph,
    private readonly sink: DiagnosticSink,
    jsonSteps: ReadonlySet<string>,
    fanOutSteps: ReadonlySet<string>,
    private readonly workflows: ReadonlyMap<string, WorkflowSymbol>,
    steps: readonly StepDeclaration[],
  ) {
    const workflowNamed: WorkflowLookup = (name) => workflows.get(name)?.decl;
    const jsonHints = (id: string): string => {
      const step = steps[index.ids.get(id)!];
      return step
        ? declareJsonHint(step, workflowNamed)
        : `declare \`output: json\` on step "${id}"`;
    };
    this.reads = new StepOutputReads(index, graph, sink, false, jsonSteps, fanOutSteps, jsonHints);
    this.rollbackReads = new StepOutputReads(
      index,
      graph,
      sink,
      true,
      jsonSteps,
      fanOutSteps,
      jsonHints,
    );
    const scope = values.scope({ kind: "step", outputs: this.reads });
    const rollbackScope = values.scope({ kind: "step", outputs: this.rollbackReads });
    this.run = { commands, scope, sink, property: "run" };
    this.rollback = { commands, scope: rollbackScope, sink, property: "rollback" };
    this.beforeRun = values.scope({ kind: "step-setting" });
  }

  /** For each step that calls a workflow, by position, what the steps it calls leave behind (MF011). */
  readonly called: (CalledEffects | undefined)[] = [];
  /** The workflow calls of the steps checked, in their order (MF042). */
  readonly calls: CallExpression[] = [];

  /** Checks one step's properties and returns what its action leaves behind (for MF011). */
  check(step: StepDeclaration, at: number, properties: BlockProperties): ActionEffect {
    const id = step.name?.text ?? "?";
    this.reads.reader = this.rollbackReads.reader = at;
    this.reads.readerId = this.rollbackReads.readerId = id;
    checkTypedProperties(properties, this.run.scope, this.sink, this.beforeRun);
    // A fan-out step's item is in scope in its run, rollback and when (allocated only for it).
    const scope = checkFanOut(properties, this.run.scope, this.sink);
    const fanOut = scope !== this.run.scope;
    const runContext = fanOut ? { ...this.run, scope } : this.run;
    const rollbackContext = fanOut
      ? { ...this.rollback, scope: withItemOf(scope, this.rollback.scope) }
      : this.rollback;
    checkCondition(properties.get("when")?.value, scope, this.sink);
    checkOutputFormat(properties.get("output")?.value, this.sink);
    checkEnvironment(properties.get("env")?.value, this.sink);
    checkWorkdir(properties.get("workdir")?.value, this.sink);

    const run = properties.get("run");
    let effect: ActionEffect = "unknown";
    const call = asWorkflowCall(run?.value);
    if (call) {
      if (call.callee?.text) this.calls.push(call);
      checkWorkflowCall(step, call, { workflows: this.workflows, scope, sink: this.sink });
      this.called[at] = calledEffects(id, call, this.workflows, this.run.commands);
      reportMissingProperties(properties, step.name, "step", this.sink);
      return effect;
    }
    if (run?.value) effect = checkAction(run.value, runContext);
    const rollback = properties.get("rollback");
    if (rollback?.value) checkAction(rollback.value, rollbackContext);
    // A rollback replaces what `run` leaves behind; `rollback: none` leaves nothing to undo.
    if (rollback && effect !== "unknown")
      effect = rollback.value?.kind === "none" ? "effect-free" : "reversible";
    reportMissingProperties(properties, step.name, "step", this.sink);
    return effect;
  }
}

/** MF012 on each param and var no reference names (duplicates have their MF004 already). */
function reportUnusedValues(values: WorkflowValues, sink: DiagnosticSink): void {
  for (const symbol of values.byName.values()) {
    if (symbol.used || !symbol.decl.name) continue;
    const kind = symbol.decl.kind;
    sink.report(
      "MF012",
      symbol.decl.name.range,
      `unused ${kind} "${symbol.decl.name.text}": nothing in the workflow refers to it`,
      {
        tags: ["unnecessary"],
        data: { unusedDeclaration: symbol.decl.range },
      },
    );
  }
}
