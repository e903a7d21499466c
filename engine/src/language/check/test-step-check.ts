import type { Segment, StepDeclaration } from "../ast";
import { givesJsonOutput } from "../call-output";
import { knownList, NO_KNOWN_LISTS, type ListScope } from "../known-list";
import { testStepScopes } from "../test-step-scope";
import type { WorkflowSymbol } from "../scope";
import { instanceIndex, stepPathText, type TestStepPath } from "../test-step-path";
import { workflowCallOf } from "../workflow-call";
import type { DiagnosticSink } from "./diagnostic-sink";
import { knowsStep, type StepIndex } from "./step-ids";

/** A step a test names, found in the workflow that declares it. */
export interface NamedTestStep {
  decl: StepDeclaration;
  /** The workflow that declares it: the test's own, or one a step calls. */
  workflow: WorkflowSymbol;
  /** The path names one of its fan-out instances (`convert[1]`). */
  instance: boolean;
  /** What follows the step (and its instance): fields of its JSON output. */
  fields: readonly Segment[];
}

/** What {@link stepIndexOf} made for a workflow, and of which steps. */
interface KnownStepIndex {
  steps: readonly (StepDeclaration | undefined)[] | undefined;
  index: StepIndex<StepDeclaration>;
}

/**
 * The step index of each workflow, made once: each step a test names looks
 * up its workflow's steps, and a map of a workflow's hundreds of steps per
 * name was a quarter of what the checks of a 10,000-line file's tests
 * allocated. Kept while the symbol lives (one check's scope); made again
 * should its workflow's steps be another array.
 */
const stepIndexes = new WeakMap<WorkflowSymbol, KnownStepIndex>();

/** The steps of a workflow by id (the first declaration of each). */
function stepIndexOf(workflow: WorkflowSymbol): StepIndex<StepDeclaration> {
  const steps = workflow.decl.steps;
  const known = stepIndexes.get(workflow);
  if (known?.steps === steps && known.index.workflow === workflow.name) return known.index;
  const ids = new Map<string, StepDeclaration>();
  for (const step of steps ?? [])
    if (step?.name?.text && !ids.has(step.name.text)) ids.set(step.name.text, step);
  const index = { workflow: workflow.name, ids };
  stepIndexes.set(workflow, { steps, index });
  return index;
}

/** The steps of `index` that call a workflow: the only ones a `/` may follow. */
function callingStepsOf(index: StepIndex<StepDeclaration>): StepIndex<StepDeclaration> {
  const ids = new Map([...index.ids].filter(([, decl]) => workflowCallOf(decl) !== undefined));
  return { workflow: index.workflow, ids };
}

/**
 * Finds the step a test names (language reference § Tests): each name a
 * step of the workflow before it (MF002 with "did you mean" among that
 * workflow's steps), each but the last a step that calls a workflow (MF002
 * otherwise), and an index only after a `for_each` step, within its list
 * when the list is known before the run (MF002): written out, or a param
 * of a called workflow that the calls on the path give written out. An index after a step with `output:
 * json` that does not fan out reads its JSON list, when `jsonIndex` allows
 * it (`expect output`). Undefined when the path names no step (reported),
 * or leads through a call of an unknown workflow (MF040 says so).
 */
export function resolveTestStep(
  path: TestStepPath,
  workflow: WorkflowSymbol,
  workflows: ReadonlyMap<string, WorkflowSymbol>,
  sink: DiagnosticSink,
  jsonIndex: boolean,
): NamedTestStep | undefined {
  let current = workflow;
  // Where each step's `for_each` reads its items, through the calls on the path.
  const scopes = testStepScopes(
    path.steps.map((s) => s.text),
    workflow,
    workflows,
  );
  let scope: ListScope = { decl: workflow.decl, known: NO_KNOWN_LISTS };
  let decl: StepDeclaration | undefined;
  for (let i = 0; i < path.steps.length; i++) {
    const name = path.steps[i]!;
    const index = stepIndexOf(current);
    if (!index.ids.has(name.text)) {
      // Before a `/` only a step that calls a workflow fits: suggesting another
      // would offer a quick fix that leaves an MF002 ("calls no workflow").
      knowsStep(name, i + 1 < path.steps.length ? callingStepsOf(index) : index, sink);
      return undefined;
    }
    decl = index.ids.get(name.text)!;
    // The same step, found the same way (the first of its id); knowing nothing is the safe side.
    scope = scopes[i]?.scope ?? { decl: current.decl, known: NO_KNOWN_LISTS };
    const next = path.steps[i + 1];
    if (next === undefined) break;
    const call = workflowCallOf(decl);
    const instance = path.instances?.[i];
    if (
      instance &&
      !knownInstance(path, i, instance, { decl, scope }, current, sink, call !== undefined)
    )
      return undefined;
    if (!call) {
      sink.report(
        "MF002",
        next.range,
        `step "${name.text}" of workflow "${current.name}" calls no workflow, so "${stepPathText({ steps: path.steps.slice(0, i + 2), rest: [] })}" names no step of the run; only a step with \`run: workflow …\` has steps of its own`,
      );
      return undefined;
    }
    const callee = workflows.get(call.callee?.text ?? "");
    if (!callee) return undefined;
    current = callee;
  }
  if (!decl) return undefined;
  const json = jsonIndex && givesJson(decl, workflows);
  const named = namedInstance(path, { decl, scope }, current, sink, json);
  return named && !reportCallAfterStep(path, named, current, sink) ? named : undefined;
}

/**
 * Whether `instance` (`[0]` of `deploy[0]/bump`), after step `decl` at
 * position `at` of the path, names an instance of it that calls a workflow:
 * MF002 on the index when the step has no `for_each` or its written-out list
 * no such item, and on the `/` after it when the step fans out but calls no
 * workflow (each instance runs the step's own `run`).
 */
function knownInstance(
  path: TestStepPath,
  at: number,
  instance: Segment,
  step: ScopedStep,
  workflow: WorkflowSymbol,
  sink: DiagnosticSink,
  calls: boolean,
): boolean {
  const upTo: TestStepPath = {
    steps: path.steps.slice(0, at + 1),
    instances: path.instances?.slice(0, at),
    rest: [],
  };
  if (!instanceInList(upTo, instance, step, sink)) return false;
  if (calls) return true;
  const before = stepPathText({ ...upTo, rest: [instance] });
  const whole = `${before}/${path.steps[at + 1]!.text}`;
  const decl = step.decl;
  sink.report(
    "MF002",
    path.steps[at + 1]!.range,
    `an instance of step "${decl.name.text}" of workflow "${workflow.name}" calls no workflow (a step with \`for_each\` runs its own \`run\`), so "${whole}" names no step of the run; write ${before} for the instance`,
  );
  return false;
}

/** A step of the path, and where its `for_each` reads its items. */
interface ScopedStep {
  decl: StepDeclaration;
  scope: ListScope;
}

/**
 * Whether `index` names an instance of `step`: MF002 when the step has no
 * `for_each`, or its list is known before the run and has no such item.
 * `path`: the path up to the step (for the message).
 */
function instanceInList(
  path: TestStepPath,
  index: Segment,
  { decl, scope }: ScopedStep,
  sink: DiagnosticSink,
): boolean {
  const forEach = decl.properties?.find((p) => p?.name?.text === "for_each");
  const id = stepPathText(path);
  if (!forEach) {
    sink.report(
      "MF002",
      index.range,
      `step "${id}" has no instances: only a step with \`for_each\` runs as ${id}[0], ${id}[1]…; write ${id}`,
    );
    return false;
  }
  const items = knownList(forEach.value, scope);
  if (items && index.index! >= items.length) {
    const count = items.length;
    const known =
      count === 0
        ? "its list is empty, so it runs no instance"
        : `it runs ${count} instance${count > 1 ? "s" : ""}, ${id}[0]${count > 1 ? ` to ${id}[${count - 1}]` : ""}`;
    sink.report("MF002", index.range, `step "${id}" has no instance ${index.text}: ${known}`);
    return false;
  }
  return true;
}

/**
 * MF002 on a `/` after a field (`stats.x/build`, `convert[1].x/build`): a
 * field calls no workflow, so the path names no step. The message keeps the
 * part that is right and says why the rest is not. (A `/` right after an
 * instance is a step of its call: see {@link knownInstance}.)
 */
function reportCallAfterStep(
  path: TestStepPath,
  named: NamedTestStep,
  workflow: WorkflowSymbol,
  sink: DiagnosticSink,
): boolean {
  const at = path.rest.findIndex((segment) => segment.called);
  if (at < 0) return false;
  const before = stepPathText({ steps: path.steps, rest: path.rest.slice(0, at) });
  const whole = stepPathText({ steps: path.steps, rest: path.rest.slice(0, at + 1) });
  const step = `step "${path.steps.at(-1)!.text}" of workflow "${workflow.name}"`;
  const call = workflowCallOf(named.decl);
  const message = call
    ? `"${before}" reads the output of ${step}, not a step, so "${whole}" names no step of the run; write ${stepPathText({ ...path, rest: [] })}/${path.rest[at]!.text} for a step of the workflow it calls`
    : `"${before}" reads the output of ${step}, which calls no workflow, so "${whole}" names no step of the run; only a step with \`run: workflow …\` has steps of its own`;
  sink.report("MF002", path.rest[at]!.range, message);
  return true;
}

/** The step found, with its index read as an instance (checked) or left to the JSON fields. */
function namedInstance(
  path: TestStepPath,
  step: ScopedStep,
  workflow: WorkflowSymbol,
  sink: DiagnosticSink,
  /** Whether an index after a step without `for_each` reads its JSON output (`expect output`, a JSON step). */
  jsonIndex: boolean,
): NamedTestStep | undefined {
  const { decl } = step;
  const index = instanceIndex(path);
  const forEach = decl.properties?.find((p) => p?.name?.text === "for_each");
  if (index === undefined) return { decl, workflow, instance: false, fields: path.rest };
  if (!forEach && jsonIndex) return { decl, workflow, instance: false, fields: path.rest };
  if (!instanceInList({ ...path, rest: [] }, index, step, sink)) return undefined;
  return { decl, workflow, instance: true, fields: path.rest.slice(1) };
}

/** Whether a step's output is JSON: `output: json`, or a call of a workflow whose output is. */
function givesJson(step: StepDeclaration, workflows: ReadonlyMap<string, WorkflowSymbol>): boolean {
  return givesJsonOutput(step, (name) => workflows.get(name)?.decl);
}
