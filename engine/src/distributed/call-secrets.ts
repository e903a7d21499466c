import type { WorkflowCallStep } from "../language/compile/workflow-call";
import { CALL_SEPARATOR } from "../language/workflow-call";
import type { WorkflowContext } from "../runtime/context";
import { StepStatus } from "../runtime/status";
import type { WorkflowStep } from "../runtime/step";

/**
 * The secrets a run on workers learns from its calls: a called workflow's
 * `secret` param given a step's output (`release(key: steps.login.output)`).
 * A run on one machine binds the call's arguments once, in its one context,
 * and masks the value from then on. On workers each job is a context of its
 * own and the scheduler runs no step, so:
 * - the scheduler binds the secret arguments of a call before it sends a
 *   step of it, or any step once one of the call's steps has started or was
 *   taken over from a resumed run (its terminal, summary, journal and
 *   `result.json` mask the value from then on);
 * - each later job names the calls bound so far, never their values (a job
 *   is in Redis in the clear), and its worker binds them again from the
 *   outputs the job carries (see {@link maskCallSecrets}).
 */
export class CallSecrets {
  /** The calls bound so far, by the calling step's run id. */
  private readonly bound = new Set<string>();

  private constructor(private readonly calls: ReadonlyMap<string, SecretCall>) {}

  /** The calls among `steps` (a compiled workflow's) that give a `secret` param an argument. */
  static of(steps: readonly WorkflowStep[]): CallSecrets {
    const calls = new Map<string, SecretCall>();
    for (const step of steps) {
      const mask = secretArgumentsOf(step);
      // A calling step needs exactly the steps it called.
      if (mask) calls.set(step.id, { mask, called: step.needs ?? [] });
    }
    return new CallSecrets(calls);
  }

  /**
   * Before step `stepId` is sent: each call around it (`ship` for
   * `ship/upload`), and each call one of whose steps started or was taken
   * over from a resumed run, makes its secret arguments secrets of the run
   * in `context`, once, as a run on one machine does when a called step
   * starts. An argument that cannot be bound is left: the called step's
   * worker fails it, saying why. Returns the calls bound so far: what the
   * job names.
   */
  bindFor(stepId: string, context: WorkflowContext): string[] {
    for (const [id, call] of this.calls) {
      if (this.bound.has(id)) continue;
      const around = stepId.startsWith(id + CALL_SEPARATOR);
      if (!around && !call.called.some((c) => context.getStepStatus(c) !== StepStatus.PENDING))
        continue;
      try {
        call.mask(context);
        this.bound.add(id);
      } catch {
        // Said by the called step's own failure.
      }
    }
    return [...this.bound];
  }
}

/** A call that gives a `secret` param an argument: how to bind it, and the steps it called. */
interface SecretCall {
  mask: (context: WorkflowContext) => void;
  called: readonly string[];
}

/**
 * On a worker: the calls a job names (see {@link CallSecrets}) make their
 * secret arguments secrets in the job's `context`, from the outputs it
 * carries. An argument reading an output the job does not carry is left:
 * the job's step cannot read that output either.
 */
export function maskCallSecrets(
  steps: readonly WorkflowStep[],
  callIds: readonly string[],
  context: WorkflowContext,
): void {
  for (const id of callIds) {
    const step = steps.find((s) => s.id === id);
    const mask = step && secretArgumentsOf(step);
    if (!mask) continue;
    try {
      mask(context);
    } catch {
      // Not carried: not readable by this step.
    }
  }
}

/**
 * A calling step's {@link WorkflowCallStep.maskSecretArguments}. Read by its
 * shape, not its class: the scheduler's workflow is compiled by the CLI's
 * bundle, this room is a bundle of its own (`dist/distributed.js`) with its
 * own copy of the class.
 */
function secretArgumentsOf(step: WorkflowStep): ((context: WorkflowContext) => void) | undefined {
  const mask = (step as Partial<Pick<WorkflowCallStep, "maskSecretArguments">>).maskSecretArguments;
  return typeof mask === "function" ? mask : undefined;
}
