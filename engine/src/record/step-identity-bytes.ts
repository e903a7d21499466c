import { ascii, type JsonBytes } from "./json-bytes";

const ID = ascii('{"id":');
const NEEDS = ascii(',"needs":[');
const REVERSIBLE = ascii('],"reversible":');
/** What most steps have: one part instead of three. */
const NO_NEEDS_NOT_REVERSIBLE = ascii(',"needs":[],"reversible":false');
const COMMA = 0x2c;

/**
 * How a step's object opens in the run record, the same in the run's first
 * line and in `result.json`: `{"id":…,"needs":[…],"reversible":…` — the
 * order `JSON.stringify` writes these fields in, the caller going on with the
 * rest and the closing brace.
 */
export function writeStepIdentity(
  out: JsonBytes,
  id: string,
  needs: readonly string[],
  reversible: boolean,
): void {
  out.raw(ID);
  out.string(id);
  if (needs.length === 0 && reversible === false) {
    out.raw(NO_NEEDS_NOT_REVERSIBLE);
    return;
  }
  out.raw(NEEDS);
  for (let i = 0; i < needs.length; i++) {
    if (i > 0) out.byte(COMMA);
    out.string(needs[i]!);
  }
  out.raw(REVERSIBLE);
  out.boolean(reversible);
}
