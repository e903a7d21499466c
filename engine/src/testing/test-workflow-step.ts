import { rmSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import type { WorkflowContext } from "../runtime/context";
import {
  BaseWorkflowStep,
  type StepExecution,
  type StepOptions,
  type StepResult,
} from "../runtime/step";
import { abortableWait } from "./abortable-wait";
import { makeFolders } from "../runtime/make-folders";

/** How a {@link TestWorkflowStep} behaves. */
export interface TestWorkflowStepOptions extends StepOptions {
  description?: string;
  /** How long each attempt takes (an abortable wait). Default 0. */
  durationMs?: number;
  /** Every attempt fails. */
  shouldFail?: boolean;
  /** The first `failAttempts` attempts fail, later ones succeed: for retries. Default 0. */
  failAttempts?: number;
  /** Error of a failing attempt. Default `intentional failure in test step "<id>"`. */
  failMessage?: string;
  /** Output of a successful attempt. */
  output?: unknown;
  /** Files (relative to the working directory) written by a successful attempt and removed by rollback. */
  artifacts?: readonly string[];
  /** `rollback()` throws (and leaves the artifacts in place). */
  rollbackShouldFail?: boolean;
  /**
   * Called by `rollback()` before the artifacts are removed (momo-workflow's
   * `rollback_action`); a throw fails the rollback.
   */
  rollbackAction?: (context: WorkflowContext, result: StepResult) => void | Promise<void>;
}

/** One attempt of a {@link TestWorkflowStep}, as it recorded it. Times are `performance.now()` ms. */
export interface TestStepExecution {
  attempt: number;
  start: number;
  /** `NaN` while the attempt is still running. */
  end: number;
  outcome: "running" | "success" | "failed" | "aborted";
}

/** One call of {@link TestWorkflowStep.rollback}. `at` is `performance.now()` ms when it began. */
export interface TestStepRollback {
  at: number;
  rollbackData: unknown;
  outcome: "undone" | "failed";
}

/** What a successful {@link TestWorkflowStep} did, kept as its rollback data. */
export interface TestStepRollbackData {
  stepId: string;
  attempt: number;
  /** Absolute paths of the files it wrote. */
  artifacts: string[];
}

/**
 * A step whose behaviour a test sets (momo-workflow's `TestWorkflowStep`):
 * it waits, fails or succeeds, writes artifacts, and records every attempt
 * and every rollback with timestamps, so a test can check what the engine
 * ran, in which order and how many at once. Reversible unless told otherwise.
 */
export class TestWorkflowStep extends BaseWorkflowStep {
  /** Every attempt, in the order they started. */
  readonly executions: TestStepExecution[] = [];
  /** Every rollback call, in order. */
  readonly rollbacks: TestStepRollback[] = [];
  private readonly behaviour: TestWorkflowStepOptions;

  constructor(id: string, options: TestWorkflowStepOptions = {}) {
    super(id, options.description ?? `Test step: ${id}`, {
      ...options,
      reversible: options.reversible ?? true,
    });
    this.behaviour = options;
  }

  override async execute(context: WorkflowContext, execution: StepExecution): Promise<StepResult> {
    const record: TestStepExecution = {
      attempt: execution.attempt,
      start: performance.now(),
      end: Number.NaN,
      outcome: "running",
    };
    this.executions.push(record);
    const finish = (outcome: TestStepExecution["outcome"]): void => {
      record.end = performance.now();
      record.outcome = outcome;
    };
    try {
      await abortableWait(this.behaviour.durationMs ?? 0, execution.signal);
    } catch (error) {
      finish("aborted");
      throw error;
    }
    const { shouldFail, failAttempts = 0 } = this.behaviour;
    if (shouldFail || execution.attempt <= failAttempts) {
      finish("failed");
      return this.failure(
        this.behaviour.failMessage ?? `intentional failure in test step "${this.id}"`,
      );
    }
    const artifacts = (this.behaviour.artifacts ?? []).map((a) =>
      resolve(context.workingDirectory, a),
    );
    const rollbackData: TestStepRollbackData = {
      stepId: this.id,
      attempt: execution.attempt,
      artifacts,
    };
    // Remembered before the files are written, as a real step must, so a killed run can be undone.
    if (artifacts.length > 0) execution.remember(rollbackData);
    for (const file of artifacts) {
      makeFolders(dirname(file));
      writeFileSync(file, `test artifact from ${this.id}\n`);
    }
    finish("success");
    return this.success({ output: this.behaviour.output, rollbackData });
  }

  override async rollback(context: WorkflowContext, result: StepResult): Promise<void> {
    const record: TestStepRollback = {
      at: performance.now(),
      rollbackData: result.rollbackData,
      outcome: "failed",
    };
    this.rollbacks.push(record);
    if (!this.reversible) throw new Error(`step "${this.id}" is not reversible`);
    if (this.behaviour.rollbackShouldFail) {
      throw new Error(`intentional rollback failure in test step "${this.id}"`);
    }
    await this.behaviour.rollbackAction?.(context, result);
    const data = result.rollbackData as Partial<TestStepRollbackData> | undefined;
    for (const file of data?.artifacts ?? []) rmSync(file, { force: true });
    record.outcome = "undone";
  }

  /** Whether `execute` ran at least once. */
  get executed(): boolean {
    return this.executions.length > 0;
  }

  /** Whether a rollback of this step completed. */
  get rolledBack(): boolean {
    return this.rollbacks.some((r) => r.outcome === "undone");
  }
}
