import type { CallExpression, StepDeclaration, WorkflowDeclaration } from "../ast";
import type { WorkflowSymbol } from "../scope";
import { statusReads } from "../step-status-read";
import { WORKFLOW_CALL_PROPERTIES, workflowCalls } from "../workflow-call";
import { checkNamedArguments } from "./action-check";
import { declaredParameters } from "./command-parameters";
import type { DiagnosticSink } from "./diagnostic-sink";
import { suggestName } from "./did-you-mean";
import { checkValue } from "./expression-check";
import { checkGivenValueReads, givenValue, type GivenValue } from "./given-value-reads";
import type { ReferenceScope } from "./reference-scope";

/** Where a workflow call is checked. */
export interface WorkflowCallContext {
  /** The workflows in scope: the file's own and its imports' (transitively). */
  workflows: ReadonlyMap<string, WorkflowSymbol>;
  scope: ReferenceScope;
  sink: DiagnosticSink;
}

/**
 * Checks `run: workflow name(param: value, ...)`: MF040 for an unknown
 * workflow (with did-you-mean), the arguments against the callee's params as
 * a command call's are (MF006, MF007), and MF041 for each property of the
 * calling step other than `description`, `needs`, `run`, `when`, `for_each` and
 * `max_parallel` — the
 * called workflow's steps carry their own undo, retries and settings — and
 * for a `when` that reads how a step ended (a call does not run after a failure).
 */
export function checkWorkflowCall(
  step: StepDeclaration,
  call: CallExpression,
  context: WorkflowCallContext,
): void {
  const name = call.callee.text;
  const callee = context.workflows.get(name);
  reportCallingStepProperties(step, call, callee !== undefined, context.sink);
  if (!callee) {
    const suggestion = suggestName(name, call.callee.range, context.workflows.keys());
    context.sink.report(
      "MF040",
      call.callee.range,
      `unknown workflow "${name}"${suggestion.hint}`,
      {
        data: { ...suggestion.data, unknownDeclaration: { kind: "workflow", name } },
      },
    );
    for (const arg of call.args ?? []) checkValue(arg.value, context.scope, context.sink);
    return;
  }
  // `workflow release` without its `(`: the MF001 there says what comes next.
  if (call.unopened) return;
  const params = declaredParameters(callee.decl.params, `of workflow "${name}"`);
  checkNamedArguments(call, name, params, context);
  // A call a `when` guards, or one per item, may never be made.
  const guarded = step.properties?.some(
    (p) => p?.name?.text === "when" || p?.name?.text === "for_each",
  );
  if (guarded) return;
  const given = new Map<string, GivenValue>();
  for (const arg of call.args ?? []) {
    const param = arg?.name?.text;
    if (!param || !arg.value || !params.has(param) || given.has(param)) continue;
    given.set(param, givenValue(arg.value, arg.value.range, context.scope.writtenValue));
  }
  checkGivenValueReads(callee, given, context.sink);
}

/** MF041 on each property a calling step cannot have; `known`: the called workflow is in scope. */
function reportCallingStepProperties(
  step: StepDeclaration,
  call: CallExpression,
  known: boolean,
  sink: DiagnosticSink,
): void {
  for (const property of step.properties ?? []) {
    const key = property?.name?.text;
    if (key === "when" && statusReads(property.value).length > 0) {
      sink.report(
        "MF041",
        property.name.range,
        `a step that calls a workflow does not run after a failure: its "when" cannot read steps.<id>.status`,
      );
      continue;
    }
    if (!key || WORKFLOW_CALL_PROPERTIES.has(key)) continue;
    const why =
      key === "rollback"
        ? `the steps of "${call.callee.text}" carry their own undo, and a rollback undoes them as one unit`
        : known
          ? `set it on the steps of workflow "${call.callee.text}"`
          : // Naming a workflow that is not there (MF040) would send the reader looking for it.
            "set it on the steps of the called workflow";
    sink.report(
      "MF041",
      property.name.range,
      `a step that calls a workflow has no "${key}": ${why}`,
    );
  }
}

/**
 * MF042 on each call of `workflow` that leads back to a workflow already
 * being called: `ship → release → ship`. The calls are followed through every
 * workflow in scope, imported ones included, so a cycle across files is found
 * from the file that starts it. `calls` are the workflow's calls, in
 * declaration order, when the caller has them already.
 */
export function reportCallCycles(
  workflow: WorkflowDeclaration,
  workflows: ReadonlyMap<string, WorkflowSymbol>,
  sink: DiagnosticSink,
  calls: readonly CallExpression[] = workflowCalls(workflow).map(({ call }) => call),
): void {
  const own = workflow.name?.text;
  if (!own) return;
  for (const call of calls) {
    const cycle = findCycle([own], call.callee.text, workflows);
    if (!cycle) continue;
    sink.report(
      "MF042",
      call.callee.range,
      `workflow call cycle: ${cycle.join(" → ")} (a workflow cannot call itself, directly or through others)`,
    );
  }
}

/** The first call path from `name` back to a workflow on `path`, as names ending with the repeated one. */
function findCycle(
  path: string[],
  name: string,
  workflows: ReadonlyMap<string, WorkflowSymbol>,
  seen = new Set<string>(),
): string[] | undefined {
  const at = path.indexOf(name);
  if (at >= 0) return [...path.slice(at), name];
  if (seen.has(name)) return undefined;
  seen.add(name);
  const callee = workflows.get(name);
  if (!callee) return undefined;
  for (const { call } of workflowCalls(callee.decl)) {
    const cycle = findCycle([...path, name], call.callee.text, workflows, seen);
    if (cycle) return cycle;
  }
  return undefined;
}
