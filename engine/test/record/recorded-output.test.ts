import assert from "node:assert/strict";
import { lostOutcome } from "../../src/record/lost-outcome";
import { isCutOutput, OUTPUT_NOT_RECORDED, recordedOutput } from "../../src/record/recorded-output";
import type { StepFinishedEvent } from "../../src/record/journal-event";
import { emptyMetrics } from "../../src/runtime/metrics";

const long = (c: string): string => c.repeat(20_000);
const cutOf = (s: string): string => recordedOutput(s) as string;

describe("what the run record keeps of a step's output", () => {
  it("cuts a long string, with how much was left out, and keeps a short one as it is", () => {
    assert.equal(recordedOutput("short"), "short");
    assert.match(cutOf(long("x")), /^x{8192}… \(11808 more characters\)$/);
    assert.equal(isCutOutput(cutOf(long("x"))), true);
    assert.equal(isCutOutput("short"), false);
  });

  it("cuts each long string inside a list or an object (a fan-out step's outputs, a JSON output), leaving the value given unchanged", () => {
    const outputs = ["a", long("b"), { name: "c", text: long("c") }];
    const kept = recordedOutput(outputs) as [string, string, { name: string; text: string }];
    assert.equal(kept[0], "a");
    assert.equal(kept[1], cutOf(long("b")));
    assert.deepEqual(kept[2], { name: "c", text: cutOf(long("c")) });
    assert.equal(outputs[1], long("b"), "the run's own value is not changed");
    assert.equal(isCutOutput(kept), true);
    assert.equal(isCutOutput(["a", { b: [1, "two"] }]), false);
  });

  it("gives back the very value when nothing in it is long (no copy)", () => {
    const value = { files: ["a.csv", "b.csv"], n: 2 };
    assert.equal(recordedOutput(value), value);
  });

  it("walks a value that refers to itself, or shares a part, without end", () => {
    const shared = { text: long("s") };
    const cyclic: Record<string, unknown> = { shared, again: shared };
    cyclic.self = cyclic;
    const kept = recordedOutput(cyclic) as Record<string, { text: string }>;
    assert.equal(kept.shared!.text, cutOf(long("s")));
    assert.equal(kept.again, kept.shared, "a shared part is cut once, and shared");
    assert.equal(isCutOutput(kept), true);
    assert.equal(isCutOutput(cyclic), true);
  });

  it("takes the stand-in of an output a full disk kept out of the record for one that was cut", () => {
    assert.equal(isCutOutput(OUTPUT_NOT_RECORDED), true);
  });
});

describe("a lost outcome, as it is written again from the rollback's room", () => {
  const outcome = (fields: Partial<StepFinishedEvent>): StepFinishedEvent => ({
    type: "step_finished",
    time: 1,
    step: "s",
    status: "success",
    attempts: 1,
    metrics: emptyMetrics(1),
    ...fields,
  });

  it("leaves out a long output and cuts a long error; keeps the rest", () => {
    const event = outcome({
      output: ["x".repeat(300)],
      error: "e".repeat(5000),
      log: "logs/s.log",
    });
    const slim = lostOutcome(event) as StepFinishedEvent;
    assert.equal(slim.output, OUTPUT_NOT_RECORDED);
    assert.ok(slim.error!.length < 600, `an error of ${slim.error!.length} characters`);
    assert.match(slim.error!, /more characters not recorded\)$/);
    assert.equal(slim.log, "logs/s.log");
    assert.equal(slim.metrics, event.metrics);
    assert.equal((event.output as string[])[0]!.length, 300, "the event itself is not changed");
  });

  it("keeps a short outcome as it is, and any other event", () => {
    const event = outcome({ output: "ok" });
    assert.equal(lostOutcome(event), event);
    const started = { type: "step_started", time: 1, step: "s", attempt: 1 } as const;
    assert.equal(lostOutcome(started), started);
  });
});
