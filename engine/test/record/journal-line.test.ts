import assert from "node:assert/strict";
import Ajv from "ajv";
import fc from "fast-check";
import type { JournalEvent } from "../../src/record/journal-event";
import { journalLine } from "../../src/record/journal-line";
import journalSchema from "../../../schemas/run-journal-event.schema.json";
import { finishedWithEachOptionalField } from "../support/finished-events";
import { REQUIRED_METRIC_FIELDS } from "../support/metric-fields";

const finite = fc.double({ min: 0, noNaN: true, noDefaultInfinity: true });
const count = fc.integer({ min: 0, max: 2 ** 31 });
/** Any text, including quotes, backslashes, control characters and lone surrogates. */
const text = fc.string({ unit: "binary", maxLength: 40 });
const stepStatus = fc.constantFrom("success", "failed", "skipped", "not_run");

const metrics = fc.record(
  {
    startTime: count,
    endTime: count,
    durationMs: finite,
    cpuUserMs: finite,
    cpuSystemMs: finite,
    peakMemoryBytes: count,
    memory: fc.record({ kind: fc.constantFrom("heap_growth", "child_peak"), bytes: count }),
  },
  {
    requiredKeys: [...REQUIRED_METRIC_FIELDS],
  },
);

/** The events the engine writes, with their fields in the order it builds them. */
const started = fc.record(
  {
    type: fc.constant("step_started" as const),
    time: count,
    step: text,
    attempt: fc.integer({ min: 1, max: 100 }),
    afterFailure: fc.constant(true as const),
  },
  { requiredKeys: ["type", "time", "step", "attempt"] },
);
const finished = fc.record(
  {
    type: fc.constant("step_finished" as const),
    time: count,
    step: text,
    status: stepStatus,
    attempts: fc.integer({ min: 0, max: 100 }),
    metrics,
    output: fc.jsonValue(),
    error: text,
    log: text,
    rollbackData: fc.jsonValue(),
    undo: fc.record({ kind: fc.constant("undo" as const) }),
    fingerprint: fc.stringMatching(/^sha256:[0-9a-f]{64}$/),
    reusedFrom: text,
    changedSince: text,
    upToDate: fc.constant(true),
    afterFailure: fc.constant(true as const),
    reason: text,
    worker: text,
  },
  { requiredKeys: ["type", "time", "step", "status", "attempts", "metrics"] },
);

describe("journal lines: the hand-written serialization is JSON.stringify's", () => {
  it("writes every step_started and step_finished event byte for byte as JSON.stringify does", () => {
    fc.assert(
      fc.property(fc.oneof(started, finished), (event) => {
        assert.equal(journalLine(event as JournalEvent), JSON.stringify(event));
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps each optional field of a plain step_finished event (random events rarely hold just one)", () => {
    for (const [field, event] of finishedWithEachOptionalField())
      assert.equal(journalLine(event), JSON.stringify(event), field);
  });

  it("writes a handler's intent with afterFailure, and no other step's", () => {
    const plain: JournalEvent = { type: "step_started", time: 1, step: "s", attempt: 1 };
    const handler: JournalEvent = { ...plain, afterFailure: true };
    assert.equal(journalLine(plain), JSON.stringify(plain));
    assert.equal(journalLine(handler), JSON.stringify(handler));
    assert.ok(journalLine(handler).endsWith(',"afterFailure":true}'));
  });

  it("writes what JSON cannot hold as JSON.stringify does (NaN and the infinities as null)", () => {
    const odd = fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 1e21, 5e-324);
    fc.assert(
      fc.property(odd, odd, (a, b) => {
        const event: JournalEvent = {
          type: "step_finished",
          time: 1,
          step: "s",
          status: "success",
          attempts: 1,
          metrics: {
            startTime: 1,
            endTime: 2,
            durationMs: a,
            cpuUserMs: b,
            cpuSystemMs: 0,
            peakMemoryBytes: 0,
          },
        };
        assert.equal(journalLine(event), JSON.stringify(event));
      }),
    );
  });

  it("gives lines the journal schema accepts", () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(journalSchema);
    const line = fc.oneof(
      started.map((e) => ({ ...e, step: "s1" })),
      finished.map(({ undo: _undo, ...e }) => ({
        ...e,
        step: "s1",
        error: "e",
        log: "logs/s1.log",
      })),
    );
    fc.assert(
      fc.property(line, (event) => {
        const parsed: unknown = JSON.parse(journalLine(event as JournalEvent));
        assert.ok(validate(parsed), JSON.stringify(validate.errors));
      }),
      { numRuns: 500 },
    );
  });
});
