import type { WorkflowContext } from "../runtime/context";
import type { WorkflowDefinition } from "../runtime/definition";
import { TestWorkflowStep } from "./test-workflow-step";
import { WorkflowTestFixture } from "./workflow-test-fixture";

/** Options shared by the scenario builders. */
export interface ScenarioOptions {
  /**
   * The fixture whose folder the context uses. Default: a new fixture, returned
   * in the scenario; the caller cleans it up.
   */
  fixture?: WorkflowTestFixture;
  /** Each step needs the one declared before it. Default false: independent steps. */
  chain?: boolean;
  /** The definition's concurrency. Default 1: steps run one at a time in declaration order. */
  concurrency?: number;
}

/** A ready-to-run workflow, its context and its steps. */
export interface TestScenario {
  definition: WorkflowDefinition;
  context: WorkflowContext;
  /** The steps of `definition`, in declaration order, to inspect what they recorded. */
  steps: TestWorkflowStep[];
  /** Owns the context's folder: call `fixture.cleanup()` when done (unless you passed your own). */
  fixture: WorkflowTestFixture;
}

/** A {@link TestScenario} where one step fails. */
export interface FailureTestScenario extends TestScenario {
  /** Id of the step that fails. */
  failingStepId: string;
}

/**
 * `count` steps (`perf_step_1` … `perf_step_<count>`) that each take `stepMs`
 * and succeed; independent unless `options.chain`. With the default
 * concurrency of 1 they run one after the other in declaration order.
 */
export function createPerformanceTestScenario(
  count: number,
  stepMs: number,
  options: ScenarioOptions = {},
): TestScenario {
  checkCount(count, "steps");
  const steps = Array.from(
    { length: count },
    (_, i) =>
      new TestWorkflowStep(`perf_step_${i + 1}`, {
        durationMs: stepMs,
        ...chainedTo(i, "perf_step_", options),
      }),
  );
  return scenario("performance_test", steps, options);
}

/**
 * `total` reversible steps (`step_1` … `step_<total>`), each taking
 * `options.stepMs` (default 0), of which the one at **0-based index `failAt`**
 * fails: `failAt = 2` makes `step_3` fail. Each step that succeeds writes
 * `artifact_<n>.txt` in the fixture's folder, which its rollback removes. With
 * `enableRollback` the engine undoes the completed steps when it fails (their
 * artifacts are gone); without, it leaves them (and their artifacts).
 */
export function createFailureTestScenario(
  failAt: number,
  total: number,
  enableRollback: boolean,
  options: ScenarioOptions & { stepMs?: number } = {},
): FailureTestScenario {
  checkCount(total, "total");
  if (!Number.isInteger(failAt) || failAt < 0 || failAt >= total) {
    throw new RangeError(`failAt must be a 0-based step index below ${total}, got ${failAt}`);
  }
  const steps = Array.from(
    { length: total },
    (_, i) =>
      new TestWorkflowStep(`step_${i + 1}`, {
        durationMs: options.stepMs ?? 0,
        shouldFail: i === failAt,
        artifacts: [`artifact_${i + 1}.txt`],
        ...chainedTo(i, "step_", options),
      }),
  );
  return {
    ...scenario("failure_test", steps, options, enableRollback),
    failingStepId: steps[failAt]!.id,
  };
}

function scenario(
  id: string,
  steps: TestWorkflowStep[],
  options: ScenarioOptions,
  rollbackOnFailure = true,
): TestScenario {
  const fixture = options.fixture ?? new WorkflowTestFixture();
  const definition = fixture.createWorkflow(steps, {
    id,
    concurrency: options.concurrency ?? 1,
    rollbackOnFailure,
  });
  return { definition, context: fixture.createContext(), steps, fixture };
}

function chainedTo(i: number, prefix: string, options: ScenarioOptions): { needs?: string[] } {
  return options.chain && i > 0 ? { needs: [`${prefix}${i}`] } : {};
}

function checkCount(count: number, name: string): void {
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`${name} must be a whole number of at least 1, got ${count}`);
  }
}
