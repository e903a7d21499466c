import type { SecretMask } from "../runtime/secret-mask";
import type { JournalEvent } from "./journal-event";
import type { JournalReplay } from "./journal-replay";
import type { EventSink, JournalWriter } from "./journal-writer";

/**
 * Where a run's events go, in order: the journal (masked), the run's replay
 * (as they happened) and the run's listener (masked; its throw never
 * breaks the run). One sink, not a combination of a masking sink per
 * outlet: every step passes two events here, and each layer was a call or
 * two per event. A failed journal write throws before the replay or the
 * listener hears of the event, as a sink listing the journal first does.
 */
export class RunRecordSink implements EventSink {
  constructor(
    private readonly journal: JournalWriter | undefined,
    private readonly replay: JournalReplay,
    private readonly listener: ((event: JournalEvent) => void) | undefined,
    /** Read at each event: a run's mask grows as the run goes (see `SecretMask.add`). */
    private readonly mask: SecretMask,
  ) {}

  emit(event: JournalEvent, durable = true): void {
    if (this.journal) this.journal.emit(this.masked(event), durable);
    this.replay.apply(event);
    if (this.listener) this.tell(event);
  }

  emitTogether(events: readonly JournalEvent[]): void {
    if (this.journal) this.journal.emitTogether(events.map((event) => this.masked(event)));
    for (const event of events) this.replay.apply(event);
    if (this.listener) for (const event of events) this.tell(event);
  }

  close(): void {
    this.journal?.close();
  }

  private masked(event: JournalEvent): JournalEvent {
    return this.mask.empty ? event : this.mask.value(event);
  }

  private tell(event: JournalEvent): void {
    try {
      this.listener!(this.masked(event));
    } catch {
      // Progress display must not be able to fail a run.
    }
  }
}
