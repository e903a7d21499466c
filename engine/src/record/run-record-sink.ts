import type { SecretMask } from "../runtime/secret-mask";
import type { JournalEvent } from "./journal-event";
import type { JournalReplay } from "./journal-replay";
import type { EventSink, JournalWriter } from "./journal-writer";
import { plainOutcomeEvent, type PlainOutcome } from "./plain-outcome";

/**
 * Where a run's events go, in order: the journal (masked), the run's replay
 * (as they happened) and the run's listener (masked; its throw never
 * breaks the run). One sink, not a combination of a masking sink per
 * outlet: every step passes two events here, and each layer was a call or
 * two per event. A failed journal write throws before the replay or the
 * listener hears of the event, as a sink listing the journal first does.
 * A plain intent or outcome (nearly every step's two lines) of a run with
 * nothing to mask and no listener goes to the journal and the replay with
 * no event made for it.
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

  emitStarted(step: string, time: number, attempt: number): void {
    // A mask to apply or a listener to tell: they take the event.
    if (!this.mask.empty || this.listener)
      return this.emit({ type: "step_started", time, step, attempt });
    this.journal?.emitStarted(step, time, attempt);
    this.replay.applyStarted(step, time, attempt);
  }

  emitOutcome(outcome: PlainOutcome): void {
    if (!this.mask.empty || this.listener) return this.emit(plainOutcomeEvent(outcome), false);
    this.journal?.emitOutcome(outcome);
    this.replay.applyOutcome(outcome);
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
