import type { SecretMask } from "../runtime/secret-mask";
import { emitTogether, type EventSink } from "./journal-writer";

/**
 * A sink that passes each event on with the mask's values replaced by `***`
 * (every string in it, map keys too): what the journal and the progress
 * display get. Undefined in, undefined out. The mask is read at each event,
 * not when the sink is made: a run's mask grows during the run (see
 * {@link SecretMask.add}), and masking with nothing to hide is the identity.
 */
export function maskingSink(sink: EventSink | undefined, mask: SecretMask): EventSink | undefined {
  if (!sink) return sink;
  return {
    emit: (event, durable) => sink.emit(mask.value(event), durable),
    emitTogether: (events) =>
      emitTogether(
        sink,
        events.map((event) => mask.value(event)),
      ),
    close: () => sink.close(),
  };
}
