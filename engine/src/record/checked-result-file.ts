/**
 * A run's `result.json`, checked before it is drawn or listed (the editor,
 * `momoflow runs`).
 *
 * `readResultFile` only parses the JSON: a hand-edited, half-copied or
 * foreign file may be JSON of any shape, and the inline metrics, the metrics
 * panel and the status bar read its fields without asking. Such a record
 * made them throw (a document lost all its figures; the panel showed nothing
 * at all); now it is a damaged record, said as such, and the rest is shown.
 */
import { readResultFile, type RunResultFile } from "./result-file";

/** What reading a result file gave: the result, nothing (no file yet), or why it is damaged. */
export type CheckedResult =
  | { result: RunResultFile; problem?: undefined }
  | { result?: undefined; problem?: undefined }
  | { result?: undefined; problem: string };

/** Reads `result.json` at `path` and checks the fields the editor reads. */
export function readCheckedResultFile(path: string): CheckedResult {
  let value: unknown;
  try {
    value = readResultFile(path);
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
  if (value === undefined) return {};
  const problem = resultFileProblem(value);
  return problem === undefined ? { result: value as RunResultFile } : { problem };
}

/** What is wrong with `value` as a `result.json`, or undefined when the editor can draw it. */
export function resultFileProblem(value: unknown): string | undefined {
  if (!isObject(value)) return "it is not an object";
  for (const key of ["runId", "status"] as const)
    if (typeof value[key] !== "string") return `its ${key} is not text`;
  if (!isObject(value.workflow) || typeof value.workflow.id !== "string")
    return "its workflow has no id";
  const metrics = metricsProblem(value.metrics);
  if (metrics) return `its metrics ${metrics}`;
  if (!Array.isArray(value.steps)) return "its steps are not a list";
  if (value.rolledBackSteps !== undefined && !Array.isArray(value.rolledBackSteps))
    return "its rolledBackSteps are not a list";
  for (const [index, step] of value.steps.entries()) {
    const problem = stepProblem(step);
    if (problem) return `its step ${index + 1} ${problem}`;
  }
  return undefined;
}

function stepProblem(step: unknown): string | undefined {
  if (!isObject(step)) return "is not an object";
  if (typeof step.id !== "string") return "has no id";
  if (typeof step.status !== "string") return "has no status";
  if (typeof step.attempts !== "number") return "has no attempts";
  if (step.needs !== undefined && !Array.isArray(step.needs))
    return "has needs that are not a list";
  for (const key of ["error", "reason", "description"] as const)
    if (step[key] !== undefined && typeof step[key] !== "string")
      return `has a ${key} that is not text`;
  const metrics = metricsProblem(step.metrics);
  return metrics ? `has metrics that ${metrics}` : undefined;
}

function metricsProblem(metrics: unknown): string | undefined {
  if (!isObject(metrics)) return "are missing";
  for (const key of ["startTime", "durationMs"] as const)
    if (typeof metrics[key] !== "number" || !Number.isFinite(metrics[key])) return `have no ${key}`;
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
