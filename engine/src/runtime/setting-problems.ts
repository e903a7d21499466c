import type { DefinitionProblem } from "./definition";
import type { WorkflowStep } from "./step";

/**
 * The numeric settings of a workflow and its steps that no run can honour,
 * as `validate()` reports them: a deadline must be positive (zero or less
 * would end the step at once, as the language refuses a zero `timeout`),
 * `retries` a whole number of at least 0, `retryDelayMs` not below 0. Untyped
 * or computed values (`NaN`, `"3"`, `-1`, `1.5`) otherwise ran with messages
 * such as `timed out after NaNms`, or failed a step that never ran as
 * `cancelled before the retry`.
 */
export function workflowTimeoutProblem(
  workflowId: string,
  timeoutMs: unknown,
): DefinitionProblem | undefined {
  if (timeoutMs === undefined || isPositive(timeoutMs)) return undefined;
  return {
    code: "invalid_option",
    message: `workflow "${workflowId}": timeoutMs must be a positive number of milliseconds, got ${shown(timeoutMs)}`,
  };
}

/** The problems of a step's `timeoutMs`, `rollbackTimeoutMs`, `retries` and `retryDelayMs` (see {@link workflowTimeoutProblem}). */
export function stepSettingProblems(step: WorkflowStep, problems: DefinitionProblem[]): void {
  const { timeoutMs, rollbackTimeoutMs, retries, retryDelayMs, reversible } = step;
  // A step object of a JavaScript module may leave it out (not reversible), not give another value.
  if (reversible !== undefined && typeof reversible !== "boolean")
    problems.push(problem(step, "reversible", "true or false", reversible));
  if (timeoutMs !== undefined && !isPositive(timeoutMs))
    problems.push(problem(step, "timeoutMs", "a positive number of milliseconds", timeoutMs));
  if (rollbackTimeoutMs !== undefined && !isPositive(rollbackTimeoutMs))
    problems.push(
      problem(step, "rollbackTimeoutMs", "a positive number of milliseconds", rollbackTimeoutMs),
    );
  if (retries !== undefined && !(Number.isInteger(retries) && retries >= 0))
    problems.push(problem(step, "retries", "a whole number of at least 0", retries));
  if (
    retryDelayMs !== undefined &&
    !(typeof retryDelayMs === "number" && Number.isFinite(retryDelayMs) && retryDelayMs >= 0)
  )
    problems.push(
      problem(step, "retryDelayMs", "a number of milliseconds, 0 or more", retryDelayMs),
    );
}

function problem(
  step: WorkflowStep,
  name: string,
  what: string,
  given: unknown,
): DefinitionProblem {
  return {
    code: "invalid_option",
    stepId: step.id,
    message: `step "${step.id}": ${name} must be ${what}, got ${shown(given)}`,
  };
}

/** Positive and not NaN; `Infinity` is no limit, as a very long one is. */
function isPositive(value: unknown): boolean {
  return typeof value === "number" && value > 0;
}

function shown(value: unknown): string {
  return typeof value === "number" ? String(value) : (JSON.stringify(value) ?? String(value));
}
