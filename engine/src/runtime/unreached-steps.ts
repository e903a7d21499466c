import type { JournalStepInfo } from "../record/journal-event";
import type { EarlierStep, ResumeSource, ReusableStep } from "./resume-run";

/** What the resuming run is now, as far as taking over what it never reached goes. */
export interface ResumingState {
  /** Whether `stepId` is a step of its own list (declared; not an instance). */
  has(stepId: string): boolean;
  /** Whether its step `stepId` runs once per item (`for_each`) now. */
  fansOut(stepId: string): boolean;
  /** Whether it reached step `stepId` (own step or instance): it started or ended. */
  reached(stepId: string): boolean;
  /** The ids of the instances it fanned step `stepId` out to; undefined when it never did. */
  instancesOf(stepId: string): readonly string[] | undefined;
  /** Whether it took over the earlier attempts of step `stepId` already (see `step_earlier_attempts`). */
  tookOverEarlier(stepId: string): boolean;
}

/** One thing a resuming run records to take over the work it never reached, in order. */
export type TakeOver =
  /** The `for_each` step's instances as the resumed run recorded them: its fan-out, made here. */
  | { kind: "fanOut"; stepId: string; instances: readonly JournalStepInfo[] }
  /** A step (a plain one, an instance, or a `for_each` step's own outcome), recorded as reused. */
  | { kind: "step"; stepId: string; step: ReusableStep }
  /**
   * What the resumed run did in a step and left to undo, recorded as the
   * step's earlier attempts: it is not reused — it did not succeed there, or
   * the resuming run has no such step (gone from the file, an instance the
   * new items do not have).
   */
  | { kind: "earlier"; stepId: string; step: EarlierStep };

/**
 * The steps that succeeded in the resumed run which the resuming run neither
 * reused nor ran again — it stopped first (a failure, a cancellation, a
 * kill), or a step they need failed or changed and failed here — in the
 * order they finished there. Their effects are still in place, and the
 * resumed run's rollback refuses (it was resumed): the resuming run takes
 * them over at its end, so that its rollback undoes them, or a later
 * `--resume` of it reuses them. Only steps of its own list.
 *
 * The instances of a `for_each` step are steps of their own: each that
 * succeeded there and was not reached here is taken over, whether or not
 * the `for_each` step as a whole succeeded. When the resuming run never
 * fanned that step out, its fan-out is first recorded as the resumed run
 * recorded it (so the instances are the same), and the step's own outcome
 * follows its instances; when it did, only the instances it has with the
 * same id and never started are taken over; when it ran the step without
 * fanning it out (no items now), none.
 */
export function unreachedSteps(source: ResumeSource, here: ResumingState): TakeOver[] {
  const reusedOnes = reusedTakeOvers(source, here);
  const reused = new Set(reusedOnes.map((t) => t.stepId));
  const earlierOnes: TakeOver[] = [];
  const orphans: TakeOver[] = [];
  for (const [stepId, step] of source.earlier) {
    if (reused.has(stepId) || here.tookOverEarlier(stepId) || here.reached(stepId)) continue;
    (isOwn(stepId, step, here) ? earlierOnes : orphans).push({ kind: "earlier", stepId, step });
  }
  // Steps it has come first, in the order they finished there; then the ones it has not: a
  // live run's replay gives the steps it has the places its own list gives them.
  return inFinishOrder(reusedOnes, earlierOnes, source.finishOrder).concat(orphans);
}

/**
 * Two lists of take-overs, each in the order their steps finished in the
 * resumed run, merged in that order: a step is undone before the steps it
 * needed. A fan-out goes with the instance after it.
 */
function inFinishOrder(
  a: readonly TakeOver[],
  b: readonly TakeOver[],
  order: ReadonlyMap<string, number>,
): TakeOver[] {
  if (b.length === 0) return a.slice();
  if (a.length === 0) return b.slice();
  const at = (list: readonly TakeOver[], i: number): number => {
    let k = i;
    while (k < list.length && list[k]!.kind === "fanOut") k++;
    return k < list.length ? (order.get(list[k]!.stepId) ?? Infinity) : Infinity;
  };
  const merged: TakeOver[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && at(a, i) <= at(b, j))) merged.push(a[i++]!);
    else merged.push(b[j++]!);
  }
  return merged;
}

/** Whether step `stepId` of the resumed run is a step of the resuming run's now: one of its own, or of a fan-out it recorded. */
function isOwn(stepId: string, step: EarlierStep, here: ResumingState): boolean {
  const group = step.info.instanceOf;
  if (group === undefined) return here.has(stepId);
  return here.instancesOf(group)?.includes(stepId) === true;
}

/** The steps that succeeded there taken over as reused, with the fan-outs they need (see {@link unreachedSteps}). */
function reusedTakeOvers(source: ResumeSource, here: ResumingState): TakeOver[] {
  const takeOvers: TakeOver[] = [];
  /** The `for_each` steps whose fan-out is taken over from the resumed run. */
  const fannedOutNow = new Set<string>();
  for (const [stepId, step] of source.steps) {
    const group = step.instanceOf ?? (step.fannedOut ? stepId : undefined);
    if (group === undefined) {
      if (here.has(stepId) && !here.reached(stepId)) takeOvers.push({ kind: "step", stepId, step });
      continue;
    }
    if (!here.has(group) || !here.fansOut(group)) continue;
    const instances = here.instancesOf(group);
    if (step.instanceOf === undefined) {
      // The `for_each` step itself: its outcome holds only when its fan-out is the resumed run's.
      if (fannedOutNow.has(group) && !here.reached(stepId))
        takeOvers.push({ kind: "step", stepId, step });
      continue;
    }
    if (instances === undefined && !fannedOutNow.has(group)) {
      // Reached without a fan-out (no items now, or they could not be read): it ran again.
      if (here.reached(group)) continue;
      const recorded = source.fanOuts.get(group);
      if (recorded === undefined) continue;
      takeOvers.push({ kind: "fanOut", stepId: group, instances: recorded });
      fannedOutNow.add(group);
    }
    if (instances !== undefined && (!instances.includes(stepId) || here.reached(stepId))) continue;
    takeOvers.push({ kind: "step", stepId, step });
  }
  return takeOvers;
}
