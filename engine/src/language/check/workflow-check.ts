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
import type { Diagnostic } from "../diagnostic";
import {
  type BlockProperties,
  checkTypedProperties,
  reportMissingProperties,
  sortProperties,
} from "./block-properties";
import { checkCondition } from "./condition-check";
import { checkDeadlineArguments } from "./command-deadline-arguments";
import { checkFanOut, settingScopesWithItem, withItemOf } from "./fan-out-check";
import { checkEnvironment } from "./environment-check";
import { checkWorkdir } from "./workdir-check";
import { checkOutputFormat } from "./output-format-check";
import { outputFormatOf } from "../output-format";
import { declareJsonHint, givesJsonOutput, type WorkflowLookup } from "../call-output";
import { reportDependencyCycles } from "./dependency-cycles";
import { DiagnosticSink } from "./diagnostic-sink";
import { checkValue } from "./expression-check";
import { reportIrreversibleSteps } from "./irreversible-steps";
import { checkParamDeclaration } from "./param-declaration";
import { reportCallSecretVariables } from "./call-secret-variables";
import { reportRootName } from "./root-names";
import { WORKFLOW_PROPERTIES } from "./property-tables";
import type { ReferenceScope, StepOutputs } from "./reference-scope";
import type { NeedEdge, StepGraph } from "./step-graph";
import { knowsStep, type StepIndex } from "./step-ids";
import { readStepProperties, readWorkflowSteps, stepNeedEdges } from "./workflow-steps";
import {
  copyRange,
  rememberWorkflowCheck,
  type ReusableCheck,
  reusableCheck,
  sameEdges,
  sameName,
  spliceStep,
  type WorkflowCheckMemo,
} from "./workflow-check-memo";
import { WorkflowValues } from "./workflow-values";
import { readUnfinishedOf } from "./reference-resolution";
import { checkWorkflowCall, reportCallCycles } from "./workflow-call-check";
import { reportMaxParallelAboveConcurrency } from "./max-parallel-bound";

/** What lets a check of a workflow reuse the previous one (workflow-check-memo.ts). */
export interface IncrementalWorkflowCheck {
  /** The workflow's previous version, its check kept; undefined: check in full. */
  previous: WorkflowDeclaration | undefined;
}

/**
 * Checks one workflow: its properties, params and vars, the `needs` graph
 * (MF002, MF003), each step (properties, actions, conditions, references,
 * MF010, MF014), then the workflow-wide warnings MF011 and MF012.
 *
 * With `incremental`, what the check found is kept for the next one, and
 * the check of `incremental.previous` is reused where it provably holds: an
 * edit inside one step re-checks that step alone (the workflow-wide rules
 * run again over what is kept for the others).
 */
export function checkWorkflow(
  workflow: WorkflowDeclaration,
  commands: ReadonlyMap<string, CommandSymbol>,
  sink: DiagnosticSink,
  workflows: ReadonlyMap<string, WorkflowSymbol> = new Map(),
  incremental?: IncrementalWorkflowCheck,
): void {
  const workflowName = workflow.name?.text ?? "?";
  const values = new WorkflowValues(valueMembers(workflow), workflowName, sink);
  checkParamsAndVars(values);

  const properties = sortProperties(workflow.properties, WORKFLOW_PROPERTIES, "a workflow", sink);
  const propertyScope = values.scope({ kind: "property" });
  checkTypedProperties(properties, propertyScope, sink);
  readUnfinishedOf(workflow.properties, propertyScope);
  checkEnvironment(properties.get("env")?.value, sink);

  const context: StepsContext = { workflow, values, commands, workflows, sink };
  const reuse =
    incremental?.previous &&
    reusableCheck(incremental.previous, workflow, sink, commands, workflows);
  const memo = (reuse && checkStepAgain(reuse, context)) || checkSteps(context, !!incremental);
  if (memo) rememberWorkflowCheck(memo);
}

/** What the steps of a workflow are checked in. */
interface StepsContext {
  workflow: WorkflowDeclaration;
  values: WorkflowValues;
  commands: ReadonlyMap<string, CommandSymbol>;
  workflows: ReadonlyMap<string, WorkflowSymbol>;
  sink: DiagnosticSink;
}

/** Names nothing: what most steps use of the params and vars. */
const NO_USES: readonly string[] = [];

/**
 * Checks every step of the workflow and the workflow-wide rules; with
 * `remember`, returns what the next check may reuse.
 */
function checkSteps(context: StepsContext, remember: boolean): WorkflowCheckMemo | undefined {
  const { workflow, values, commands, workflows, sink } = context;
  const declared = workflow.steps?.length ?? 0;
  const starts = remember
    ? { properties: new Int32Array(declared + 1), needs: new Int32Array(declared + 1) }
    : undefined;
  const {
    steps,
    properties: stepProperties,
    index,
    graph,
  } = readWorkflowSteps(workflow, sink, starts);
  if (steps.length === 0 && workflow.name) {
    // `momoflow run` refuses it: say so where it is written.
    sink.report(
      "MF014",
      workflow.name.range,
      `workflow "${workflow.name.text ?? "?"}" has no steps: add a \`step\``,
    );
  }
  const cyclesStart = sink.diagnostics.length;
  reportDependencyCycles(graph, steps, sink);
  const cyclesEnd = sink.diagnostics.length;

  // From the properties already sorted: no second search of each step's properties.
  const jsonSteps = new Set<string>();
  const fanOutSteps = new Set<string>();
  const json = new Uint8Array(steps.length);
  const fanOut = new Uint8Array(steps.length);
  const callers: number[] = [];
  const workflowNamed: WorkflowLookup = (name) => workflows.get(name)?.decl;
  for (let i = 0; i < steps.length; i++) {
    const properties = stepProperties[i]!;
    const call = asWorkflowCall(properties.get("run")?.value);
    if (call) callers.push(i);
    // A step that calls a workflow hands on its last step's output, JSON when that is.
    if (
      outputFormatOf(properties.get("output")?.value) === "json" ||
      (call && givesJsonOutput(steps[i]!, workflowNamed))
    ) {
      jsonSteps.add(steps[i]!.name.text);
      json[i] = 1;
    }
    if (properties.get("for_each")) {
      fanOutSteps.add(steps[i]!.name.text);
      fanOut[i] = 1;
    }
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
  const checkStarts = new Int32Array(steps.length + 1);
  const uses: (readonly string[])[] = [];
  const effects = steps.map((step, i) => {
    if (!remember) return checker.check(step, i, stepProperties[i]!);
    checkStarts[i] = sink.diagnostics.length;
    values.uses = [];
    const effect = checker.check(step, i, stepProperties[i]!);
    uses.push(values.uses.length > 0 ? values.uses : NO_USES);
    values.uses = undefined;
    return effect;
  });
  checkStarts[steps.length] = sink.diagnostics.length;
  reportWorkflowWide(context, steps, stepProperties, effects, graph, checker);
  // A step that did not parse is not numbered as the tree's: nothing to reuse.
  if (!starts || steps.length !== declared || steps.length === 0) return undefined;
  return {
    workflow,
    path: sink.path,
    quickFixData: sink.quickFixData,
    commands,
    workflows,
    steps,
    properties: stepProperties,
    index,
    graph,
    jsonSteps,
    fanOutSteps,
    json,
    fanOut,
    effects,
    callers,
    uses,
    diagnostics: sink.diagnostics,
    propertyStarts: starts.properties,
    needStarts: starts.needs,
    checkStarts,
    ids: [starts.properties[steps.length]!, starts.needs[0]!],
    cycles: [cyclesStart, cyclesEnd],
  };
}

/**
 * Checks the one step the edit replaced (number `reuse.at`), the other
 * steps' diagnostics taken from the previous check in the order a full
 * check reports them, then the workflow-wide rules over all steps.
 * Undefined, with nothing reported, when the new step changes what the
 * other steps' rules read of it: its id, its known `needs`, whether its
 * output is JSON, whether it fans out.
 */
function checkStepAgain(
  reuse: ReusableCheck,
  context: StepsContext,
): WorkflowCheckMemo | undefined {
  const { memo, at, shift } = reuse;
  const { workflow, values, commands, workflows, sink } = context;
  const step = workflow.steps[at]!;
  const old = memo.steps[at]!;
  if (!sameName(old.name, step.name)) return undefined;
  // Its properties and needs are read into sinks of their own first: a
  // doubtful case must leave the sink as a full check finds it.
  const options = { quickFixData: sink.quickFixData };
  const propertySink = new DiagnosticSink(sink.path, options);
  const properties = readStepProperties(step, propertySink);
  const needSink = new DiagnosticSink(sink.path, options);
  const edges: NeedEdge[] = [];
  stepNeedEdges(at, step, properties, memo.index, needSink, edges);
  if (!sameEdges(memo.graph.edges[at]!, edges)) return undefined;
  const workflowNamed: WorkflowLookup = (name) => workflows.get(name)?.decl;
  const call = asWorkflowCall(properties.get("run")?.value);
  const json =
    outputFormatOf(properties.get("output")?.value) === "json" ||
    (call !== undefined && givesJsonOutput(step, workflowNamed));
  if (json !== (memo.json[at] === 1)) return undefined;
  if (!!properties.get("for_each") !== (memo.fanOut[at] === 1)) return undefined;
  if (declareJsonHint(old, workflowNamed) !== declareJsonHint(step, workflowNamed))
    return undefined;
  // The graph is kept for the next check: its edges of this step name the
  // new step's needs, which move with the tree when an edit above moves lines
  // (the old step's, at the same places now, would stay behind).
  const kept = memo.graph.edges[at]!;
  for (let i = 0; i < kept.length; i++) kept[i]!.name = edges[i]!.name;

  const from = memo.diagnostics;
  const report = (diagnostics: readonly Diagnostic[]) => () => {
    for (const diagnostic of diagnostics) sink.diagnostics.push(diagnostic);
  };
  const propertyStarts = spliceStep(
    sink,
    from,
    memo.propertyStarts,
    at,
    shift,
    report(propertySink.diagnostics),
  );
  const ids = copyRange(sink, from, memo.ids, shift);
  const needStarts = spliceStep(
    sink,
    from,
    memo.needStarts,
    at,
    shift,
    report(needSink.diagnostics),
  );
  const cycles = copyRange(sink, from, memo.cycles, shift);

  const steps = memo.steps.slice();
  steps[at] = step;
  const stepProperties = memo.properties.slice();
  stepProperties[at] = properties;
  const checker = new StepChecker(
    values,
    commands,
    memo.index,
    memo.graph,
    sink,
    memo.jsonSteps,
    memo.fanOutSteps,
    workflows,
    steps,
  );
  // What the other steps use, as their checks found it (MF012).
  for (let i = 0; i < steps.length; i++) {
    if (i === at) continue;
    for (const name of memo.uses[i]!) values.byName.get(name)!.used = true;
  }
  const effects = memo.effects.slice();
  const uses = memo.uses.slice();
  const checkStarts = spliceStep(sink, from, memo.checkStarts, at, shift, () => {
    values.uses = [];
    effects[at] = checker.check(step, at, properties);
    uses[at] = values.uses.length > 0 ? values.uses : NO_USES;
    values.uses = undefined;
  });
  reportWorkflowWide(context, steps, stepProperties, effects, memo.graph, checker);
  return {
    ...memo,
    workflow,
    commands,
    workflows,
    steps,
    properties: stepProperties,
    effects,
    callers: call ? [at] : [],
    uses,
    diagnostics: sink.diagnostics,
    propertyStarts,
    needStarts,
    checkStarts,
    ids,
    cycles,
  };
}

/** MF011, MF012, MF022 and MF042: the rules that read every step's check. */
function reportWorkflowWide(
  context: StepsContext,
  steps: readonly StepDeclaration[],
  properties: readonly BlockProperties[],
  effects: readonly ActionEffect[],
  graph: StepGraph,
  checker: StepChecker,
): void {
  const { workflow, values, workflows, sink } = context;
  reportIrreversibleSteps(steps, effects, graph, sink, checker.called);
  reportUnusedValues(values, sink);
  reportMaxParallelAboveConcurrency(workflow, steps, properties, workflows, sink);
  // The calls the step checks met: no second pass over every step's properties.
  reportCallCycles(workflow, workflows, sink, checker.calls);
  reportCallSecretVariables(workflow, workflows, sink);
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
    reportRootName(decl.name, decl.kind, sink);
    const scope = values.scope(
      decl.kind === "param" ? { kind: "param", order } : { kind: "var", order },
    );
    readUnfinishedOf([decl], scope);
    if (decl.kind === "param") {
      checkParamDeclaration(decl, scope, sink);
      return;
    }
    const type = checkValue(decl.value, scope, sink);
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
    /** Whether a step makes its output itself, by step id (not a workflow call's). */
    private readonly ownOutputs: (id: string) => boolean,
  ) {}

  makesOwnOutput(id: Name): boolean {
    return this.ownOutputs(id.text);
  }

  isJson(id: Name): boolean {
    return this.jsonSteps.has(id.text);
  }

  jsonHint(id: Name): string {
    return this.jsonHints(id.text);
  }

  isFanOut(id: Name): boolean {
    return this.fanOutSteps.has(id.text);
  }

  undoesInstancesOf(id: Name): boolean {
    return this.inRollback && id.text === this.readerId && this.fanOutSteps.has(id.text);
  }

  readsOwn(id: Name): boolean {
    return !this.inRollback && id.text === this.readerId;
  }

  isStep(id: string): boolean {
    return this.index.ids.has(id);
  }

  knows(id: Name, field?: string): boolean {
    // A known id (nearly every one) makes no filter for a "did you mean".
    if (this.index.ids.has(id.text)) return true;
    return knowsStep(id, this.index, this.sink, false, undefined, undefined, this.hasField(field));
  }

  /** The steps that have `field` (`outputs` a fan-out step, `output` another), when it is either. */
  private hasField(field: string | undefined): ((id: string) => boolean) | undefined {
    if (field === "outputs") return (id) => this.fanOutSteps.has(id);
    if (field === "output")
      return (id) => !this.fanOutSteps.has(id) || (this.inRollback && id === this.readerId);
    return undefined;
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
        { data: { missingNeed: id.text } },
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
    const ownOutputs = (id: string): boolean => {
      const step = steps[index.ids.get(id)!];
      const run = step?.properties?.find((p) => p?.name?.text === "run")?.value;
      return step !== undefined && asWorkflowCall(run) === undefined;
    };
    this.reads = new StepOutputReads(
      index,
      graph,
      sink,
      false,
      jsonSteps,
      fanOutSteps,
      jsonHints,
      ownOutputs,
    );
    this.rollbackReads = new StepOutputReads(
      index,
      graph,
      sink,
      true,
      jsonSteps,
      fanOutSteps,
      jsonHints,
      ownOutputs,
    );
    // A fan-out step's item read in another step is told where it is known.
    const stepItems = itemsOfSteps(steps);
    const scope = { ...values.scope({ kind: "step", outputs: this.reads }), stepItems };
    const rollbackScope = {
      ...values.scope({ kind: "step", outputs: this.rollbackReads }),
      stepItems,
    };
    this.run = { commands, scope, sink, property: "run", workflows };
    this.rollback = { commands, scope: rollbackScope, sink, property: "rollback", workflows };
    this.beforeRun = { ...values.scope({ kind: "step-setting" }), stepItems };
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
    // A reference being typed (`when: p.`) reads its param (MF012).
    readUnfinishedOf(step.properties, this.run.scope);
    // A fan-out step's item is in scope in what each instance resolves (allocated only for it).
    const withItem = checkFanOut(properties, this.run.scope, this.sink);
    const fanOut = withItem !== this.run.scope;
    const item = fanOut ? properties.get("for_each")!.item!.text : "";
    // An index read in it (`${index}`) is told the step has its item alone.
    const scope: ReferenceScope = fanOut ? { ...withItem, forEach: { item, step: id } } : withItem;
    if (fanOut) {
      const settings = settingScopesWithItem(scope, item, this.beforeRun);
      checkTypedProperties(properties, scope, this.sink, settings.wholeStep, settings.perInstance);
    } else {
      checkTypedProperties(properties, scope, this.sink, this.beforeRun);
    }
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
    if (run?.value) {
      effect = checkAction(run.value, runContext);
      checkDeadlineArguments(run.value, properties, id, this.run.commands, this.sink);
    }
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

/** The `for_each` items of `steps`, each with the step that declares it (the first, for an item two declare). */
function itemsOfSteps(steps: readonly StepDeclaration[]): ReadonlyMap<string, string> | undefined {
  let items: Map<string, string> | undefined;
  for (const step of steps) {
    const forEach = step.properties?.find((p) => p?.name?.text === "for_each");
    const item = forEach?.item?.text;
    const id = step.name?.text;
    if (item === undefined || id === undefined) continue;
    items ??= new Map();
    if (!items.has(item)) items.set(item, id);
  }
  return items;
}
