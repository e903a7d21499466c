import type { WorkflowDefinition } from "../runtime/definition";
import type { StepExecution, WorkflowStep } from "../runtime/step";
import { callOwningStrayErrors, strayErrorText } from "../runtime/stray-errors";

/**
 * Makes the steps of a workflow module (`momoflow run flow.mjs`) own the
 * errors their code throws outside its call, as a `js()` step's do
 * (stray-errors.ts): a promise a `FunctionCommand` or a step's `execute` or
 * `rollback` never awaits that rejects, or a timer's callback that throws,
 * fails that step while it runs (the run then rolls back and keeps its
 * record) and is logged as a warning once it has returned — rather than
 * ending the CLI with a stack trace and a run record left unfinished.
 * Only the CLI does this: a program embedding the library keeps its own
 * process's handling of such errors.
 */
export function ownStrayErrorsOfSteps(definition: WorkflowDefinition): void {
  for (const step of definition.steps) ownStrayErrorsOf(step);
}

function ownStrayErrorsOf(step: WorkflowStep): void {
  // An object the module froze or an odd value: left as written (validate() reports the odd ones).
  if (typeof step !== "object" || step === null || Object.isFrozen(step)) return;
  const what = `step "${step.id}"`;
  const execute = step.execute;
  if (typeof execute === "function") {
    replace(step, "execute", (context, execution) =>
      owned(what, execution, () => execute.call(step, context, execution)),
    );
  }
  const rollback = step.rollback;
  if (typeof rollback === "function") {
    replace(step, "rollback", (context, result, execution) =>
      owned(what, execution, () => rollback.call(step, context, result, execution)),
    );
  }
}

/** Sets the step's own method; one the module made read-only stays as written. */
function replace<K extends "execute" | "rollback">(
  step: WorkflowStep,
  name: K,
  method: NonNullable<WorkflowStep[K]>,
): void {
  Reflect.set(step, name, method);
}

function owned<T>(what: string, execution: StepExecution, call: () => Promise<T>): Promise<T> {
  return callOwningStrayErrors(what, call, (error) =>
    execution.logger.warn(strayErrorText(what, error, true)),
  ) as Promise<T>;
}
