import type { ResultStep, RunResultFile } from "../../src/record/result-file";
import { emptyMetrics } from "../../src/runtime/metrics";

/**
 * A run's result.json holding `steps`, its other fields fixed (`more` added
 * after them): for the tests of the result file's hand-written encoder.
 */
export function resultFileOf(
  steps: ResultStep[],
  more: Partial<RunResultFile> = {},
): RunResultFile {
  return {
    v: 1,
    runId: "run-1",
    workflow: { id: "w", name: "w", version: "1" },
    workdir: "/tmp/w",
    status: "success",
    metrics: steps[0]?.metrics ?? emptyMetrics(0),
    successRate: 1,
    rolledBackSteps: [],
    steps,
    ...more,
  } as RunResultFile;
}
