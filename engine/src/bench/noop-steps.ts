import { writeSync } from "node:fs";
import type { WorkflowContext } from "../runtime/context";
import { emptyMetrics, type ExecutionMetrics } from "../runtime/metrics";
import { StepStatus } from "../runtime/status";
import type { StepResult, WorkflowStep } from "../runtime/step";

/** The engine replaces a step's metrics with its own, so one frozen object serves every result. */
const NO_METRICS: ExecutionMetrics = Object.freeze(emptyMetrics(0));

/**
 * The smallest step there is: it does nothing and succeeds. What a workflow of
 * them costs is the engine's own cost per step.
 */
export class NoopStep implements WorkflowStep {
  readonly description = "";
  readonly reversible: boolean;

  constructor(
    readonly id: string,
    reversible = false,
  ) {
    this.reversible = reversible;
  }

  async execute(_context: WorkflowContext): Promise<StepResult> {
    return { stepId: this.id, status: StepStatus.SUCCESS, metrics: NO_METRICS, attempts: 1 };
  }

  async rollback(): Promise<void> {
    // Undoing nothing: the rollback phase's cost is the engine's.
  }
}

/** A no-op step that fails, to trigger the rollback of the steps before it. */
export class FailingStep extends NoopStep {
  override async execute(_context: WorkflowContext): Promise<StepResult> {
    return {
      stepId: this.id,
      status: StepStatus.FAILED,
      metrics: NO_METRICS,
      attempts: 1,
      error: "failing on purpose (benchmark)",
    };
  }
}

/** A no-op step that calls `probe` when it runs: to look at the process in the middle of a run. */
export class ProbeStep extends NoopStep {
  constructor(
    id: string,
    private readonly probe: () => void,
  ) {
    super(id);
  }

  override async execute(context: WorkflowContext): Promise<StepResult> {
    this.probe();
    return super.execute(context);
  }
}

/**
 * A no-op step that writes `bytes` to `fd` (one `writeSync`), as the run
 * record writes a recorded step's lines: what recording would cost if its
 * only work were that write, made where it is made — inside a run.
 */
export class WritingNoopStep extends NoopStep {
  constructor(
    id: string,
    private readonly fd: number,
    private readonly bytes: Buffer,
  ) {
    super(id);
  }

  override async execute(context: WorkflowContext): Promise<StepResult> {
    writeSync(this.fd, this.bytes, 0, this.bytes.length);
    return super.execute(context);
  }
}

/** `count` no-op steps with ids `s0`, `s1`, …, reversible or not. */
export function noopSteps(count: number, reversible = false): WorkflowStep[] {
  const steps: WorkflowStep[] = new Array<WorkflowStep>(count);
  for (let i = 0; i < count; i++) steps[i] = new NoopStep(`s${i}`, reversible);
  return steps;
}
