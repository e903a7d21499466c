import type { JournalStepInfo, RunStartedEvent } from "./journal-event";
import { declaredStepsOf, listedSteps, type DeclaredSteps } from "./declared-steps";
import { ascii, type JsonBytes } from "./json-bytes";
import { writeStepIdentity } from "./step-identity-bytes";

const ROLLBACK_TIMEOUT = ascii(',"rollbackTimeoutMs":');

const OPEN = 0x7b;
const CLOSE = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;

/**
 * A run's first line, byte for byte what `JSON.stringify` gives: its step
 * list (one info per step, most of them an id and little else) encoded field
 * by field, the rest through `JSON.stringify` field by field. A large run's
 * list made a string of its own first, as long as the line, and that string
 * was then counted and copied: about a microsecond per step.
 *
 * @returns false, with nothing written, when a field cannot be written so (a
 *   BigInt, a cycle): the caller writes the line with stand-ins.
 */
export function writeRunStarted(out: JsonBytes, event: RunStartedEvent): boolean {
  const start = out.length;
  try {
    out.byte(OPEN);
    let first = true;
    for (const key of Object.keys(event) as (keyof RunStartedEvent)[]) {
      const keyStart = out.length;
      if (!first) out.byte(COMMA);
      out.string(key);
      out.byte(COLON);
      if (key === "steps") writeStepInfos(out, declaredStepsOf(event) ?? listedSteps(event.steps));
      else if (!out.value(event[key])) {
        // A field JSON leaves out (undefined): its key goes too.
        out.length = keyStart;
        continue;
      }
      first = false;
    }
    out.byte(CLOSE);
    return true;
  } catch {
    out.length = start;
    return false;
  }
}

function writeStepInfos(out: JsonBytes, steps: DeclaredSteps): void {
  out.byte(OPEN_ARRAY);
  for (let i = 0; i < steps.length; i++) {
    if (i > 0) out.byte(COMMA);
    writeStepInfo(out, steps.info(i));
  }
  out.byte(CLOSE_ARRAY);
}

/** One step's info, in the order `stepInfo` sets its fields; an instance's (with its item) through JSON.stringify. */
function writeStepInfo(out: JsonBytes, info: JournalStepInfo): void {
  if (info.instanceOf !== undefined || info.item !== undefined) {
    out.value(info);
    return;
  }
  writeStepIdentity(out, info);
  if (info.rollbackTimeoutMs !== undefined) {
    out.raw(ROLLBACK_TIMEOUT);
    out.number(info.rollbackTimeoutMs);
  }
  out.byte(CLOSE);
}
