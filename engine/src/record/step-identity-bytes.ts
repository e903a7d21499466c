import { ascii, type JsonBytes } from "./json-bytes";

const ID = ascii('{"id":');
const NEEDS = ascii(',"needs":[');
const REVERSIBLE = ascii('],"reversible":');
/** What most steps have: one part instead of three. */
const NO_NEEDS_NOT_REVERSIBLE = ascii(',"needs":[],"reversible":false');
const DESCRIPTION = ascii(',"description":');
const EFFECT_FREE = ascii(',"effectFree":');
const COMMA = 0x2c;

/** The fields a step's object opens with, in the run's first line and in `result.json`. */
export interface StepIdentity {
  id: string;
  needs: readonly string[];
  reversible: boolean;
  description?: string;
  effectFree?: boolean;
}

/**
 * How a step's object opens in the run record, the same in the run's first
 * line and in `result.json`:
 * `{"id":…,"needs":[…],"reversible":…,"description":…,"effectFree":…` — the
 * order `JSON.stringify` writes these fields in (the last two when set), the
 * caller going on with the rest and the closing brace.
 */
export function writeStepIdentity(out: JsonBytes, step: StepIdentity): void {
  out.raw(ID);
  out.string(step.id);
  const needs = step.needs;
  if (needs.length === 0 && step.reversible === false) {
    out.raw(NO_NEEDS_NOT_REVERSIBLE);
  } else {
    out.raw(NEEDS);
    for (let i = 0; i < needs.length; i++) {
      if (i > 0) out.byte(COMMA);
      out.string(needs[i]!);
    }
    out.raw(REVERSIBLE);
    out.boolean(step.reversible);
  }
  if (step.description !== undefined) {
    out.raw(DESCRIPTION);
    out.string(step.description);
  }
  if (step.effectFree !== undefined) {
    out.raw(EFFECT_FREE);
    out.boolean(step.effectFree);
  }
}
