import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { WorkflowResult } from "../runtime/result";
import { StepStatus, WorkflowStatus } from "../runtime/status";
import type { StepResult } from "../runtime/step";
import { WorkflowAssertionError } from "./workflow-assertion-error";
import type { WorkflowTestFixture } from "./workflow-test-fixture";
import { durationText, formatDuration } from "../units/quantity-text";

/** Limits for {@link WorkflowTestCase.assertPerformanceBounds}. */
export interface PerformanceBounds {
  /** The run's wall time, `result.metrics.durationMs`. */
  maxDurationMs?: number;
  /** `result.metrics.peakMemoryBytes`: the engine process's peak resident memory at the end of the run. */
  maxMemoryBytes?: number;
}

/** Statuses that mean a run failed (cancelled is not one: nothing failed). */
const FAILURE_STATUSES: readonly WorkflowStatus[] = [
  WorkflowStatus.FAILED,
  WorkflowStatus.ROLLED_BACK,
  WorkflowStatus.PARTIALLY_ROLLED_BACK,
];

/** Step statuses a successful run may hold. */
const DONE_STATUSES: readonly StepStatus[] = [StepStatus.SUCCESS, StepStatus.SKIPPED];

/**
 * Assertions on workflow results (momo-workflow's `WorkflowTestCase`). Each
 * throws a {@link WorkflowAssertionError} that names the workflow or step and
 * says what was expected and what was found, with the step's error if it has one.
 *
 * Works standalone; with a fixture, relative paths of the file assertions are
 * resolved in the fixture's folder.
 */
export class WorkflowTestCase {
  constructor(readonly fixture?: WorkflowTestFixture) {}

  /** The run succeeded and every step succeeded or was skipped. */
  assertWorkflowSuccess(result: WorkflowResult): void {
    if (result.status !== WorkflowStatus.SUCCESS) {
      throw new WorkflowAssertionError(
        `expected workflow "${result.workflowId}" to succeed, but it was ${result.status}${errorSuffix(result.error)}`,
        { expected: WorkflowStatus.SUCCESS, actual: result.status },
      );
    }
    // A continue_on_error failure leaves the run successful; the step still did not succeed.
    const bad = result.stepResults.find((r) => !DONE_STATUSES.includes(r.status));
    if (bad) {
      throw new WorkflowAssertionError(
        `expected every step of workflow "${result.workflowId}" to succeed, but step "${bad.stepId}" was ${bad.status}${errorSuffix(bad.error)}`,
        { expected: StepStatus.SUCCESS, actual: bad.status },
      );
    }
  }

  /**
   * The run failed (status `failed`, `rolled_back` or `partially_rolled_back`)
   * and, when `failedStep` is given, that step failed: its status is
   * `failed`, or it failed half-done and the rollback undid it (a command
   * that remembered its rollback data before it threw, as `MockCommand` and
   * the built-ins do, is then `rolled_back` or `rollback_failed`).
   */
  assertWorkflowFailure(result: WorkflowResult, failedStep?: string): void {
    if (!FAILURE_STATUSES.includes(result.status)) {
      throw new WorkflowAssertionError(
        `expected workflow "${result.workflowId}" to fail (${FAILURE_STATUSES.join(", ")}), but it was ${result.status}${errorSuffix(result.error)}`,
        { expected: FAILURE_STATUSES, actual: result.status, showDiff: false },
      );
    }
    if (failedStep === undefined) return;
    const step = findStep(result, failedStep);
    if (!stepFailed(result, step)) this.assertStepStatus(result, failedStep, StepStatus.FAILED);
  }

  /** Step `stepId` was undone: its status is `rolled_back`. */
  assertStepRollback(result: WorkflowResult, stepId: string): void {
    this.assertStepStatus(result, stepId, StepStatus.ROLLED_BACK);
  }

  /** Step `stepId` ended with `status`. */
  assertStepStatus(result: WorkflowResult, stepId: string, status: StepStatus): void {
    const step = findStep(result, stepId);
    if (step.status !== status) {
      throw new WorkflowAssertionError(
        `expected step "${stepId}" to be ${status}, but it was ${step.status}${errorSuffix(step.error)}`,
        { expected: status, actual: step.status },
      );
    }
  }

  /** The run stayed within the given wall time and memory. */
  assertPerformanceBounds(result: WorkflowResult, bounds: PerformanceBounds): void {
    const { durationMs, peakMemoryBytes } = result.metrics;
    if (bounds.maxDurationMs !== undefined && durationMs > bounds.maxDurationMs) {
      throw new WorkflowAssertionError(
        `expected workflow "${result.workflowId}" to take at most ${durationText(bounds.maxDurationMs)}, but it took ${formatDuration(durationMs)}`,
        { expected: bounds.maxDurationMs, actual: durationMs, showDiff: false },
      );
    }
    if (bounds.maxMemoryBytes !== undefined && peakMemoryBytes > bounds.maxMemoryBytes) {
      throw new WorkflowAssertionError(
        `expected workflow "${result.workflowId}" to peak at most at ${formatBytes(bounds.maxMemoryBytes)}, but it peaked at ${formatBytes(peakMemoryBytes)}`,
        { expected: bounds.maxMemoryBytes, actual: peakMemoryBytes, showDiff: false },
      );
    }
  }

  /** A file or folder exists (a relative path is resolved in the fixture, else the current folder). */
  assertFileExists(path: string): void {
    const full = this.resolvePath(path);
    if (!existsSync(full)) {
      throw new WorkflowAssertionError(`expected "${full}" to exist, but it does not`, {
        expected: true,
        actual: false,
        showDiff: false,
      });
    }
  }

  /** A file or folder does not exist: e.g. a rollback removed it. */
  assertFileAbsent(path: string): void {
    const full = this.resolvePath(path);
    if (existsSync(full)) {
      throw new WorkflowAssertionError(`expected "${full}" not to exist, but it does`, {
        expected: false,
        actual: true,
        showDiff: false,
      });
    }
  }

  private resolvePath(path: string): string {
    return this.fixture ? this.fixture.path(path) : resolve(path);
  }
}

function findStep(result: WorkflowResult, stepId: string): StepResult {
  const step = result.stepResults.find((r) => r.stepId === stepId);
  if (!step) {
    const ids = result.stepResults.map((r) => r.stepId).join(", ");
    throw new WorkflowAssertionError(
      `expected a step "${stepId}" in the result of workflow "${result.workflowId}", but it has none (steps: ${ids})`,
      { expected: stepId, actual: result.stepResults.map((r) => r.stepId), showDiff: false },
    );
  }
  return step;
}

/**
 * The step failed, also when its half-done work was undone since: a step
 * that completed and was undone has no error, one that failed keeps its
 * own; the run's first failure names its step even when the undo's error
 * replaced the step's.
 */
function stepFailed(result: WorkflowResult, step: StepResult): boolean {
  if (step.status === StepStatus.FAILED) return true;
  if (step.status === StepStatus.ROLLED_BACK && step.error !== undefined) return true;
  return (
    step.status === StepStatus.ROLLBACK_FAILED &&
    result.error?.startsWith(`step "${step.stepId}" failed: `) === true
  );
}

function errorSuffix(error: string | undefined): string {
  return error === undefined ? "" : ` (error: ${error})`;
}

function formatBytes(bytes: number): string {
  return `${bytes} bytes (${(bytes / 2 ** 20).toFixed(1)} MiB)`;
}
