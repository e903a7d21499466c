import type { JournalStepInfo } from "../record/journal-event";
import type { ResumeSource, ReusableStep } from "./resume-run";

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
}

/** One thing a resuming run records to take over the work it never reached, in order. */
export type TakeOver =
  /** The `for_each` step's instances as the resumed run recorded them: its fan-out, made here. */
  | { kind: "fanOut"; stepId: string; instances: readonly JournalStepInfo[] }
  /** A step (a plain one, an instance, or a `for_each` step's own outcome), recorded as reused. */
  | { kind: "step"; stepId: string; step: ReusableStep };

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
