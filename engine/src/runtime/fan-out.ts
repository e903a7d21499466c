import type { JournalStepInfo } from "../record/journal-event";
import type { WorkflowContext } from "./context";
import { StepStatus } from "./status";
import type { WorkflowStep } from "./step";

/**
 * How a step runs once per item (`for_each`): each item is a step instance of
 * its own, `<step>[0]`, `<step>[1]`…, with its own retries, timeout, undo,
 * metrics, log, journal entries and fingerprint. The items are known only
 * when the step is due (they may be another step's output), so the engine
 * asks for them then (see `fan-out-run.ts`).
 */
export interface FanOut {
  /** At most this many instances run at once (and never more than the run's concurrency). */
  readonly maxParallel: number | undefined;
  /**
   * Readies what the items are read in, when the step is due: the arguments
   * of the workflow call the step is part of, bound when its first step is
   * due. Throws, saying why, when it cannot: the step fails with that reason
   * as it is (the items were never read).
   */
  prepare?(context: WorkflowContext): void;
  /**
   * The items, resolved when the step is due, in a stable order (a glob's
   * files sorted). Throws, saying why, when they cannot be: the step fails.
   */
  items(context: WorkflowContext): unknown[];
  /** What the items are, for the reason an empty list gives: `glob("data/*.csv")`. */
  readonly source: string;
  /** The instance of item `index`; its id is {@link instanceId}. */
  instance(index: number, item: unknown): WorkflowStep;
  /**
   * Set on a step that calls a workflow (`run: workflow release(...)`): the
   * steps of instance `index` in run order — the called steps, named after
   * the instance (`deploy[0]/bump`, `deploy[0]/tag`), then the instance
   * itself (`deploy[0]`, what {@link instance} gives), which joins them and
   * has the call's output. They run as a call's steps do, one instance's
   * counting once against `max_parallel`.
   * @throws CompileError when the call cannot be made for the item.
   */
  instanceSteps?(index: number, item: unknown): readonly WorkflowStep[];
}

/** The id of instance `index` of fan-out step `stepId`: `convert[0]`. */
export function instanceId(stepId: string, index: number): string {
  return `${stepId}[${index}]`;
}

/** The fan-out step and instance number an instance id names; undefined for any other id. */
export function parseInstanceId(id: string): { stepId: string; index: number } | undefined {
  const match = /^(.*)\[(\d+)\]$/.exec(id);
  return match ? { stepId: match[1]!, index: Number(match[2]) } : undefined;
}

/**
 * A step a fan-out step ran, as its status is read from them: an instance
 * (`convert[0]`), or a step of the call an instance made (`deploy[0]/bump`).
 */
export interface FanOutMember {
  readonly id: string;
  /** Its status now, after any undo of it. */
  readonly status: StepStatus;
  /** Its own run ended failed (whatever its undo did after). */
  readonly failed: boolean;
}

/**
 * A fan-out step's status once its instances may have been undone: a step
 * that succeeded is `rolled_back` when an undo of its instances ran (and
 * `rollback_failed` when one failed); any other status is its own. A member
 * of a step that succeeded that failed itself is a called step whose call
 * went on after it (`continue_on_error`): the undo of its half-done work at
 * once is no rollback of the step, as it is none of a call made once (see
 * `calledStatus`). The live run's result and the record's replay both ask here.
 */
export function fanOutStatus(own: StepStatus, members: readonly FanOutMember[]): StepStatus {
  if (own !== StepStatus.SUCCESS) return own;
  let undone = false;
  for (const member of members) {
    if (member.failed) continue;
    if (member.status === StepStatus.ROLLBACK_FAILED) return StepStatus.ROLLBACK_FAILED;
    if (member.status === StepStatus.ROLLED_BACK) undone = true;
  }
  return undone ? StepStatus.ROLLED_BACK : own;
}

/**
 * The error of fan-out step `stepId` that {@link fanOutStatus} made
 * `rollback_failed`: how many of its instances could not be undone, of how
 * many, and why (each failed undo's own error, named by the step undone: an
 * instance, or a step of the call one made) — as a failed fan-out step says
 * which instances failed. `members`: the ids of what the step ran (see
 * {@link FanOutMember}). The live run's result and the record's replay both
 * say it so.
 */
export function instancesUndoError(
  stepId: string,
  members: readonly string[],
  failed: readonly { id: string; error: string }[],
): string {
  const count = members.filter((id) => parseInstanceId(id)?.stepId === stepId).length;
  const instances = new Set(failed.map(({ id }) => memberInstance(stepId, id)));
  const parts = failed.map(({ id, error }) => `"${id}" (${error})`);
  return `rollback failed: ${instances.size} of ${count} instances could not be undone: ${parts.join(", ")}`;
}

/** The instance of fan-out step `stepId` a member is, or made the call of: `deploy[2]` for `deploy[2]/bump`. */
function memberInstance(stepId: string, id: string): string {
  const index = calledInstanceIndex(id, stepId);
  return index === undefined ? id : instanceId(stepId, index);
}

/**
 * The instance a run record names (`convert[2]`, its item recorded), made
 * again from its fan-out step of `steps`: what undoes it when its undo is
 * code (a `js()` rollback) rather than a recipe. So is a step of the call an
 * instance makes, when the fan-out step calls a workflow (`deploy[2]/bump`,
 * recorded with the instance's item). Undefined for any other step.
 */
export function recordedInstance(
  info: JournalStepInfo,
  steps: ReadonlyMap<string, WorkflowStep> | undefined,
): WorkflowStep | undefined {
  if (info.instanceOf === undefined) return undefined;
  const fanOut = steps?.get(info.instanceOf)?.fanOut;
  if (!fanOut) return undefined;
  const parsed = parseInstanceId(info.id);
  if (parsed?.stepId === info.instanceOf) return fanOut.instance(parsed.index, info.item);
  const index = calledInstanceIndex(info.id, info.instanceOf);
  if (index === undefined || !fanOut.instanceSteps) return undefined;
  return fanOut.instanceSteps(index, info.item).find((step) => step.id === info.id);
}

/** The instance a step of a call made per item belongs to: 2 for `deploy[2]/bump` of `deploy`. */
function calledInstanceIndex(id: string, stepId: string): number | undefined {
  if (!id.startsWith(`${stepId}[`)) return undefined;
  const match = /^\[(\d+)\]\//.exec(id.slice(stepId.length));
  return match ? Number(match[1]) : undefined;
}

/**
 * The steps a run record names as instances of fan-out step `stepId` (its
 * `step_fanned_out` line), made again from its `fanOut` in the same order,
 * each from its recorded item: an instance (`convert[2]`), or, for a step
 * that calls a workflow, a step of an instance's call (`deploy[2]/bump`) or
 * the instance joining it (`deploy[2]`). A step the called workflow has no
 * longer stands in as the record describes it: it is undone by its recorded
 * undo, as the run that made it would have.
 */
export function recordedInstances(
  stepId: string,
  infos: readonly JournalStepInfo[],
  fanOut: FanOut,
): WorkflowStep[] {
  if (!fanOut.instanceSteps) return infos.map((info, k) => fanOut.instance(k, info.item));
  const calls = new Map<number, readonly WorkflowStep[]>();
  const made: WorkflowStep[] = [];
  for (const info of infos) {
    const parsed = parseInstanceId(info.id);
    const index = parsed?.stepId === stepId ? parsed.index : calledInstanceIndex(info.id, stepId);
    let call = index === undefined ? undefined : calls.get(index);
    if (index !== undefined && !call)
      calls.set(index, (call = fanOut.instanceSteps(index, info.item)));
    made.push(call?.find((s) => s.id === info.id) ?? recordedStandIn(info));
  }
  return made;
}

/** A step of a run record that the workflow no longer has, as the record describes it: it runs no more. */
function recordedStandIn(info: JournalStepInfo): WorkflowStep {
  return {
    id: info.id,
    description: info.description ?? "",
    reversible: info.reversible,
    needs: info.needs,
    ...(info.effectFree && { effectFree: true }),
    execute: () =>
      Promise.reject(new Error(`step "${info.id}" is in the run record, not in the workflow now`)),
  };
}
