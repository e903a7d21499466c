import { dirname, relative } from "node:path";
import type { Property, StepDeclaration, WorkflowDeclaration } from "../ast";
import type { OwnConcurrencyBound } from "../diagnostic";
import type { WorkflowSymbol } from "../scope";
import { asWorkflowCall, CALL_SEPARATOR, workflowCalls } from "../workflow-call";
import type { BlockProperties } from "./block-properties";
import type { DiagnosticSink } from "./diagnostic-sink";

/** A workflow's `concurrency` when it does not write one (language.md, workflow properties). */
export const DEFAULT_CONCURRENCY = 1;

/**
 * MF022 on each `max_parallel` written above the concurrency that bounds its
 * instances: no more steps run at once than the run's concurrency, so that
 * many instances never run at once (language.md § Fan-out).
 *
 * - On a step's own `max_parallel`, against its workflow's `concurrency`:
 *   what bounds it when that workflow runs on its own. When a workflow of
 *   the file calls it, the message says it is about running it on its own
 *   (the language server, which knows the workspace's calls, says it again
 *   with them, from the diagnostic's `ownConcurrency`).
 * - At a call (`run: workflow convert_all()`), against the calling
 *   workflow's: a called workflow's steps, and those of the calls inside
 *   it, run under the calling run's concurrency (its own is not read), so
 *   the largest `max_parallel` among them is measured against the caller's,
 *   and the fix is on the caller. A workflow both run on its own and called
 *   is so measured once for each way it runs, each where its bound is written.
 *
 * The default concurrency is a fixed number, so a workflow without
 * `concurrency` is measured against it; a value taken from a param is only
 * known at the run, and then nothing is said. `--concurrency` of `momoflow
 * run` may raise the bound for one run, which the message names as the other
 * way out.
 *
 * Workflow-wide (it reads the workflow's property and every step's), so an
 * edit of `concurrency` alone re-checks every step's bound.
 */
export function reportMaxParallelAboveConcurrency(
  workflow: WorkflowDeclaration,
  steps: readonly StepDeclaration[],
  properties: readonly BlockProperties[],
  workflows: ReadonlyMap<string, WorkflowSymbol>,
  sink: DiagnosticSink,
): void {
  const bound = concurrencyOf(workflow);
  if (bound === undefined) return;
  let calledHere: boolean | undefined;
  properties.forEach((stepProperties, at) => {
    const call = asWorkflowCall(stepProperties.get("run")?.value);
    if (call?.callee?.text) {
      const callee = workflows.get(call.callee.text);
      const id = steps[at]?.name?.text;
      const widest = callee && id ? widestCalledFanOut(callee, id, workflows) : undefined;
      if (widest && widest.max > bound.value)
        reportBoundedCall(call.callee.range, widest, bound, sink);
    }
    // Without for_each, max_parallel is MF018 already.
    if (!stepProperties.get("for_each")) return;
    const max = literalInt(stepProperties.get("max_parallel"));
    if (max === undefined || max <= bound.value) return;
    calledHere ??= isCalled(workflow, workflows);
    const own: OwnConcurrencyBound = {
      workflow: workflow.name?.text ?? "",
      maxParallel: max,
      concurrency: bound.value,
      written: bound.property !== undefined,
      calledInScope: calledHere,
    };
    sink.report(
      "MF022",
      stepProperties.get("max_parallel")!.value!.range,
      ownConcurrencyMessage(own, own.calledInScope),
      { data: { raiseConcurrency: max, ownConcurrency: own } },
    );
  });
}

/**
 * The message of a step's own MF022. `called`: a workflow calls the one the
 * step is in (the checker knows the calls in scope, the language server
 * those of the workspace), so the bound is said to hold when it runs on its
 * own: a call runs it under the caller's concurrency.
 */
export function ownConcurrencyMessage(own: OwnConcurrencyBound, called: boolean): string {
  const { workflow, maxParallel: max, concurrency, written } = own;
  const onItsOwn = called ? ` when workflow "${workflow}" runs on its own` : "";
  const inACall = called ? " (a call runs it under the calling workflow's concurrency)" : "";
  const shown = written ? `${concurrency}` : `${concurrency} (the default)`;
  return `"max_parallel: ${max}" cannot run ${max} instances at once${onItsOwn}: no more steps run at once than the workflow's concurrency, which is ${shown}, so ${atMost(concurrency)}${inACall}; set the workflow's concurrency to ${max} (or run with --concurrency ${max})`;
}

/** A workflow's concurrency: its value, and where it is written (undefined: the default). */
interface Concurrency {
  value: number;
  property: Property | undefined;
}

/** The largest literal `max_parallel` of a fan-out step a call runs, with where it is written. */
interface CalledFanOut {
  max: number;
  /** The step that writes it, and its workflow. */
  step: string;
  workflow: WorkflowSymbol;
  /** Its value's place in `workflow.path`. */
  at: Property;
  /** The step's name in the run: `<calling step>/<step>`, nested calls' steps between. */
  runName: string;
}

/** MF022 at a call whose called fan-out the calling workflow's concurrency bounds. */
function reportBoundedCall(
  range: StepDeclaration["range"],
  widest: CalledFanOut,
  bound: Concurrency,
  sink: DiagnosticSink,
): void {
  const { max, step, workflow, at, runName } = widest;
  const calling = bound.property
    ? `${bound.value} (line ${bound.property.value!.range.start.line + 1})`
    : shownBound(bound);
  const line = at.value!.range.start.line + 1;
  const where =
    workflow.path === sink.path
      ? `line ${line}`
      : `${relative(dirname(sink.path), workflow.path)}:${line}`;
  sink.report(
    "MF022",
    range,
    `"max_parallel: ${max}" of step "${step}" of workflow "${workflow.name}" (${where}), run as ${runName}, cannot run ${max} instances at once: a called workflow's steps run under the calling workflow's concurrency, here ${calling}, so ${atMost(bound.value)}; set this workflow's concurrency to ${max} (or run with --concurrency ${max})`,
    { data: { raiseConcurrency: max } },
  );
}

/**
 * The widest fan-out among the steps a call of `callee` by step `caller`
 * runs: its own steps' and, through nested calls, theirs (each workflow
 * once: a call cycle is MF042). The first in declaration order of the widest.
 */
function widestCalledFanOut(
  callee: WorkflowSymbol,
  caller: string,
  workflows: ReadonlyMap<string, WorkflowSymbol>,
  seen = new Set<string>(),
): CalledFanOut | undefined {
  if (seen.has(callee.name)) return undefined;
  seen.add(callee.name);
  let widest: CalledFanOut | undefined;
  for (const step of callee.decl.steps ?? []) {
    const id = step?.name?.text;
    if (!id) continue;
    const runName = `${caller}${CALL_SEPARATOR}${id}`;
    let found: CalledFanOut | undefined;
    const maxParallel = propertyOf(step, "max_parallel");
    const max = literalInt(maxParallel);
    if (max !== undefined && propertyOf(step, "for_each"))
      found = { max, step: id, workflow: callee, at: maxParallel!, runName };
    const call = asWorkflowCall(propertyOf(step, "run")?.value);
    const nested = call?.callee?.text && workflows.get(call.callee.text);
    if (nested) {
      const inner = widestCalledFanOut(nested, runName, workflows, seen);
      if (inner && (!found || inner.max > found.max)) found = inner;
    }
    if (found && (!widest || found.max > widest.max)) widest = found;
  }
  return widest;
}

/** Whether a workflow in scope calls `workflow`. */
function isCalled(
  workflow: WorkflowDeclaration,
  workflows: ReadonlyMap<string, WorkflowSymbol>,
): boolean {
  const name = workflow.name?.text;
  if (!name) return false;
  for (const symbol of workflows.values())
    for (const { call } of workflowCalls(symbol.decl)) if (call.callee.text === name) return true;
  return false;
}

/** The workflow's concurrency as written, or the default; undefined when only the run knows it. */
function concurrencyOf(workflow: WorkflowDeclaration): Concurrency | undefined {
  const property = workflow.properties?.find((p) => p?.name?.text === "concurrency");
  if (!property) return { value: DEFAULT_CONCURRENCY, property: undefined };
  const value = literalInt(property);
  // Below 1 is MF007; from a param, the run decides.
  return value === undefined || value < 1 ? undefined : { value, property };
}

/** `2`, `1 (the default)`: the bound as the step-level message says it. */
function shownBound(bound: Concurrency): string {
  return bound.property ? `${bound.value}` : `${bound.value} (the default)`;
}

function atMost(value: number): string {
  return value === 1 ? "at most 1 instance runs at once" : `at most ${value} instances run at once`;
}

/** The step's property `name` as written (the first, as the checker reads a repeated one: MF004). */
function propertyOf(step: StepDeclaration, name: string): Property | undefined {
  return step.properties?.find((property) => property?.name?.text === name);
}

/** The whole number a property is written as, if it is one. */
function literalInt(property: Property | undefined): number | undefined {
  const value = property?.value;
  return value?.kind === "number" && value.integer ? value.value : undefined;
}
