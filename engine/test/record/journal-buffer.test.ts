import assert from "node:assert/strict";
import fc from "fast-check";
import { JournalBuffer } from "../../src/record/journal-buffer";
import type { JournalEvent } from "../../src/record/journal-event";
import { plainOutcomeEvent, type PlainOutcome } from "../../src/record/plain-outcome";
import {
  finishedWithEachOptionalField,
  handEncodedEventsWithEachOptionalField,
} from "../support/finished-events";
import { metricsArbitrary } from "../support/metrics-arbitrary";

/** Numbers of every kind a metric can hold: the engine's milliseconds, any double, whole, huge, negative, not finite. */
const anyNumber = fc.oneof(
  fc.integer({ min: 0, max: 10_000_000 }).map((k) => k / 1000),
  fc.integer({ min: -10_000_000, max: 10_000_000 }).map((k) => k / 1000),
  fc.double(),
  fc.maxSafeNat(),
  fc.constantFrom(0, -0, 1e21, 2 ** 31 - 0.001, 2 ** 31 + 0.5, 2 ** 53 + 2, 1e-7, 0.1 + 0.2),
  fc.constant(1_764_000_000_000),
  // Single digits, which have a path of their own.
  fc.integer({ min: 0, max: 12 }),
);
/** Attempts: most steps make one (their lines have a shortcut for it), some more, a skipped one none. */
const attemptCount = (min: number) => fc.oneof(fc.constant(1), fc.integer({ min, max: 100 }));
/** Any text, including quotes, backslashes, control characters, non-ASCII and lone surrogates. */
const text = fc.oneof(
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.stringMatching(/^s[0-9]{1,6}$/),
);

const metrics = metricsArbitrary(anyNumber);
const started = fc.record(
  {
    type: fc.constant("step_started" as const),
    time: anyNumber,
    step: text,
    attempt: attemptCount(1),
    undo: fc.record({ kind: fc.constant("undo" as const) }),
    afterFailure: fc.constant(true as const),
  },
  { requiredKeys: ["type", "time", "step", "attempt"] },
);
/** What every `step_finished` line holds, and its fields most steps write. */
const finishedFields = {
  type: fc.constant("step_finished" as const),
  time: anyNumber,
  step: text,
  status: fc.constantFrom("success", "failed", "skipped", "not_run"),
  attempts: attemptCount(0),
  metrics,
  error: text,
  log: text,
  fingerprint: fc.stringMatching(/^sha256:[0-9a-f]{64}$/),
};
const finishedRequired: (keyof typeof finishedFields)[] = [
  "type",
  "time",
  "step",
  "status",
  "attempts",
  "metrics",
];
const finished = fc.record(
  {
    ...finishedFields,
    output: fc.jsonValue(),
    rollbackData: fc.jsonValue(),
    reusedFrom: text,
    changedSince: text,
    upToDate: fc.constant(true as const),
    reason: text,
    worker: text,
    afterFailure: fc.constant(true as const),
  },
  { requiredKeys: finishedRequired },
);
/**
 * A step's two lines as most steps write them, which the buffer encodes by
 * hand: random events of all fields rarely lack every field that would send
 * them through JSON.stringify.
 */
const plainStarted = fc.record({
  type: fc.constant("step_started" as const),
  time: anyNumber,
  step: text,
  attempt: attemptCount(1),
});
const plainFinished = fc.record(finishedFields, { requiredKeys: finishedRequired });
const rolledBack = fc.record(
  {
    type: fc.constant("step_rolled_back" as const),
    time: anyNumber,
    step: text,
    status: fc.constantFrom("rolled_back", "rollback_failed"),
    durationMs: anyNumber,
    error: text,
    // A resumed run's undo, and one given up: rare, but a line without them would undo twice.
    earlierUndone: fc.array(text, { minLength: 1, maxLength: 2 }),
    undoneBeforeFailing: fc.record(
      { own: fc.constant(true as const), earlier: fc.array(text, { minLength: 1, maxLength: 2 }) },
      { requiredKeys: [] },
    ),
    givenUp: fc.constant(true as const),
  },
  { requiredKeys: ["type", "time", "step", "status", "durationMs"] },
);
const other = fc.record({
  type: fc.constant("run_finished" as const),
  time: anyNumber,
  status: fc.constantFrom("success", "failed"),
});

function lines(events: JournalEvent[]): string {
  return events.map((e) => JSON.stringify(e) + "\n").join("");
}

describe("journal buffer: lines as bytes, as JSON.stringify writes them", () => {
  for (const byHand of [true, false]) {
    it(`appends any run of events byte for byte as JSON.stringify and a newline give (${byHand ? "by hand" : "as strings"})`, () => {
      fc.assert(
        fc.property(
          fc.array(fc.oneof(started, finished, plainStarted, plainFinished, rolledBack, other), {
            maxLength: 8,
          }),
          (events) => {
            const buffer = new JournalBuffer(byHand);
            for (const event of events) buffer.append(event as JournalEvent);
            assert.deepEqual(buffer.view(), Buffer.from(lines(events as JournalEvent[]), "utf8"));
            assert.equal(buffer.length, buffer.view().length);
          },
        ),
        { numRuns: 3000 },
      );
    });
  }

  for (const byHand of [true, false]) {
    it(`appends a plain intent and a plain outcome, given as fields and as a result, as the lines of their events (${byHand ? "by hand" : "as strings"})`, () => {
      const outcome = fc.record({
        stepId: text,
        status: fc.constantFrom("success", "failed", "skipped", "not_run"),
        attempts: attemptCount(0),
        // An end of 0 reads the clock (a result never measured): the line and the event would read it apart.
        metrics: metrics.filter((m) => m.endTime !== 0),
      });
      const intent = fc.record({ step: text, time: anyNumber, attempt: attemptCount(1) });
      fc.assert(
        fc.property(fc.array(fc.oneof(intent, outcome), { maxLength: 8 }), (items) => {
          const buffer = new JournalBuffer(byHand);
          const events: JournalEvent[] = [];
          for (const item of items) {
            if ("stepId" in item) {
              const o = item as PlainOutcome;
              buffer.appendOutcome(o);
              events.push(plainOutcomeEvent(o));
            } else {
              buffer.appendStarted(item.step, item.time, item.attempt);
              events.push({
                type: "step_started",
                time: item.time,
                step: item.step,
                attempt: item.attempt,
              });
            }
          }
          assert.deepEqual(buffer.view(), Buffer.from(lines(events), "utf8"));
        }),
        { numRuns: 2000 },
      );
    });
  }

  it("keeps each optional field of a step_finished event (random events rarely hold just one)", () => {
    for (const [field, event] of finishedWithEachOptionalField()) {
      const buffer = new JournalBuffer(true);
      buffer.append(event);
      assert.equal(buffer.view().toString("utf8"), JSON.stringify(event) + "\n", field);
    }
  });

  it("keeps each optional field of an intent and of an undo's outcome, in a warm process's encoder", () => {
    for (const [field, event] of handEncodedEventsWithEachOptionalField()) {
      const buffer = new JournalBuffer(true);
      buffer.append(event);
      assert.equal(buffer.view().toString("utf8"), JSON.stringify(event) + "\n", field);
    }
  });

  it("writes a handler's intent with afterFailure, with and without an undo", () => {
    const plain: JournalEvent = { type: "step_started", time: 1, step: "s", attempt: 2 };
    const handler: JournalEvent = { ...plain, afterFailure: true };
    const undo = { kind: "run" as const, command: "sh", args: { script: "echo undo" } };
    const undone: JournalEvent = { ...plain, undo, afterFailure: true };
    const buffer = new JournalBuffer(true);
    for (const event of [plain, handler, undone]) buffer.append(event);
    assert.equal(buffer.view().toString("utf8"), lines([plain, handler, undone]));
  });

  it("writes the engine's milliseconds to the microsecond exactly as String does", () => {
    const buffer = new JournalBuffer(true);
    for (let k = -2_000; k <= 200_000; k += 7) {
      buffer.clear();
      const event = { type: "step_started", time: k / 1000, step: "s", attempt: 1 } as JournalEvent;
      buffer.append(event);
      assert.equal(buffer.view().toString("utf8"), JSON.stringify(event) + "\n");
    }
  });

  it("grows past its first size and starts over after clear", () => {
    const buffer = new JournalBuffer(true);
    const step = "x".repeat(10_000);
    const event = { type: "step_started", time: 1, step, attempt: 1 } as JournalEvent;
    buffer.append(event);
    buffer.append(event);
    assert.equal(buffer.view().toString("utf8"), lines([event, event]));
    buffer.clear();
    assert.equal(buffer.length, 0);
    buffer.newline();
    buffer.append(event);
    assert.equal(buffer.view().toString("utf8"), "\n" + lines([event]));
  });
});
