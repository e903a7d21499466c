import type { JournalEvent } from "./journal-event";
import { stringifyForRecord } from "./json-stand-ins";
import { cutToRecord } from "./recorded-error";
import { OUTPUT_NOT_RECORDED } from "./recorded-output";

/** The longest output (its JSON text) a lost outcome is written again with. */
const KEPT_OUTPUT_CHARS = 256;
/** The most bytes a lost outcome's error takes. */
const KEPT_ERROR_BYTES = 512;

/**
 * A step's outcome that a full disk kept out of the journal, as it is written
 * again from the room the run keeps for its rollback's lines (see
 * `JournalReserve`): what the rollback and the run's end need — that the step
 * ended, how, its figures, its undo — with a long output replaced by
 * {@link OUTPUT_NOT_RECORDED} and a long error cut. Written whole, the
 * outcome of a step with a long output (a fan-out step's list of outputs)
 * took all that room, and the rollback then undid nothing. The run itself
 * (its summary, result.json) still has the whole outcome.
 */
export function lostOutcome(event: JournalEvent): JournalEvent {
  if (event.type !== "step_finished") return event;
  const longOutput =
    event.output !== undefined && stringifyForRecord(event.output).length > KEPT_OUTPUT_CHARS;
  const error = event.error === undefined ? undefined : cutToRecord(event.error, KEPT_ERROR_BYTES);
  if (!longOutput && error === event.error) return event;
  const slim = { ...event };
  if (longOutput) slim.output = OUTPUT_NOT_RECORDED;
  if (error !== undefined) slim.error = error;
  return slim;
}
