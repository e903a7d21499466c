import assert from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { listedSteps, runStartedWith } from "../../src/record/declared-steps";
import type {
  JournalEvent,
  JournalStepInfo,
  RunStartedEvent,
} from "../../src/record/journal-event";
import { JournalReplay } from "../../src/record/journal-replay";
import { emptyMetrics } from "../../src/runtime/metrics";
import { runStartedEvent } from "../support/run-started-event";

/**
 * The replay keeps a step that only started and finished in columns and
 * makes its object when asked (see ReplayColumns). Whatever the journal
 * says, and whenever the objects are made, the replay must say the same:
 * these properties replay random journals — damaged ones too (unknown
 * statuses, odd attempt numbers, undeclared and duplicate ids) — once
 * without asking anything until the end, and once asking for every step
 * after every event, and compare all a rollback and result.json read.
 */
describe("journal replay: steps kept in columns until asked for", () => {
  const ids = ["a", "b", "c", "d", "ghost"];
  const declared: JournalStepInfo[] = [
    { id: "a", needs: [], reversible: true },
    { id: "b", needs: ["a"], reversible: false },
    { id: "c", needs: [], reversible: true, effectFree: true },
    { id: "d", needs: [], reversible: true },
  ];
  // A damaged journal's duplicate: the replay keeps both, and which one an
  // event names depends on the lookups before it (the cursor), asked or not.
  const duplicate: JournalStepInfo = { id: "a", needs: [], reversible: false };
  const step = fc.constantFrom(...ids);
  const count = fc.oneof(
    fc.integer({ min: 0, max: 3 }),
    fc.constantFrom(-1, 1.5, 2 ** 31, Number.NaN),
  );
  const status = fc.constantFrom(
    "success",
    "failed",
    "cancelled",
    "skipped",
    "not_run",
    "rolled_back",
    "no such status",
  );
  const undo = fc.constantFrom(
    { kind: "undo" as const, command: "delete_path", args: { path: "x" } },
    { kind: "after_output" as const, command: "rm", args: {} },
  );
  // What a no-op step's start and end say: what the columns keep.
  const startFields = {
    type: fc.constant("step_started" as const),
    time: fc.nat(),
    step,
    attempt: count,
  };
  const finishFields = {
    type: fc.constant("step_finished" as const),
    time: fc.nat(),
    step,
    status,
    attempts: count,
    metrics: fc.nat().map((t) => emptyMetrics(t)),
  };
  const plainStarted = fc.record(startFields);
  const plainFinished = fc.record(finishFields);
  // And with any of the fields that need the step's object.
  const started = fc.record(
    { ...startFields, undo, afterFailure: fc.constant(true as const) },
    { requiredKeys: ["type", "time", "step", "attempt"] },
  );
  const finished = fc.record(
    {
      ...finishFields,
      error: fc.string(),
      output: fc.jsonValue({ maxDepth: 1 }),
      upToDate: fc.boolean(),
      rollbackData: fc.jsonValue({ maxDepth: 1 }),
      neverStarted: fc.constant(true as const),
      afterFailure: fc.constant(true as const),
      undo,
    },
    { requiredKeys: ["type", "time", "step", "status", "attempts", "metrics"] },
  );
  const other = fc.oneof(
    fc.record({
      type: fc.constant("step_rollback_data" as const),
      time: fc.nat(),
      step,
      data: fc.jsonValue({ maxDepth: 1 }),
    }),
    fc.record({
      type: fc.constant("step_rolled_back" as const),
      time: fc.nat(),
      step,
      status: fc.constantFrom("rolled_back" as const, "rollback_failed" as const),
    }),
    // A second start (a damaged journal): its steps come after those known.
    fc.constant(runStartedEvent([{ id: "e", needs: [], reversible: true }])),
    fc.record({
      type: fc.constant("step_process" as const),
      time: fc.nat(),
      step,
      pid: fc.nat(),
    }),
  );
  // Mostly plain starts and ends, as a run writes them: the path the columns take.
  const event = fc.oneof(
    { arbitrary: plainStarted, weight: 4 },
    { arbitrary: plainFinished, weight: 4 },
    { arbitrary: started, weight: 2 },
    { arbitrary: finished, weight: 2 },
    { arbitrary: other, weight: 1 },
  ) as fc.Arbitrary<JournalEvent>;
  const journalOf = (infos: JournalStepInfo[]) =>
    fc
      .array(event, { maxLength: 24 })
      .map((events): JournalEvent[] => [runStartedEvent(infos.map((i) => ({ ...i }))), ...events]);

  /** What a rollback, a resume and result.json read of a replay. */
  function seen(replay: JournalReplay): unknown {
    // Read first: before anything else makes the steps' objects.
    const read = replay.mapSteps((s) => ({ ...s, status: replay.stepStatus(s) }));
    const infos = [...replay.stepInfos()];
    const plan = replay.undoPlan();
    const ids = (steps: readonly { index: number }[]) => steps.map((s) => s.index);
    return {
      read,
      infos,
      steps: replay.steps().map((s) => ({
        ...s,
        status: replay.stepStatus(s),
        interrupted: replay.interrupted(s),
        recordedStatus: s.status,
      })),
      toUndo: ids(plan.toUndo),
      irreversible: ids(plan.irreversible),
      undone: ids(plan.undone),
      found: ["a", "b", "c", "d", "ghost", "nowhere"].map((id) => replay.get(id)?.index),
      leftToUndo: ["a", "b", "c", "d", "ghost"].map((id) => replay.isLeftToUndo(id)),
      undoneOrder: replay.undoneOrder,
    };
  }

  it("says the same whether its steps' objects are made at once or only at the end", () => {
    fc.assert(
      fc.property(journalOf([...declared, duplicate]), (events) => {
        const lazy = JournalReplay.of(events);
        const eager = new JournalReplay();
        for (const e of events) {
          eager.apply(e);
          eager.steps();
        }
        // A boolean, not an assertion: shrinking a counterexample then costs no diff per try.
        return isDeepStrictEqual(seen(lazy), seen(eager));
      }),
      { numRuns: Number(process.env.MOMOFLOW_TEST_RUNS ?? 400) },
    );
  });

  it("says the same when the run's first line declares its steps, their infos made when read", () => {
    fc.assert(
      fc.property(journalOf([...declared, duplicate]), (events) => {
        const listed = JournalReplay.of(events);
        const [first, ...rest] = events as [RunStartedEvent, ...JournalEvent[]];
        const own = runStartedWith({ ...first, steps: [] }, listedSteps(first.steps));
        return isDeepStrictEqual(seen(JournalReplay.of([own, ...rest])), seen(listed));
      }),
      { numRuns: Number(process.env.MOMOFLOW_TEST_RUNS ?? 400) },
    );
  });

  it("says the same when asked about one step in the middle of the journal", () => {
    fc.assert(
      fc.property(journalOf(declared), fc.nat(), step, (events, at, id) => {
        const lazy = JournalReplay.of(events);
        const asked = new JournalReplay();
        events.forEach((e, i) => {
          asked.apply(e);
          if (i === at % events.length) asked.get(id);
        });
        return isDeepStrictEqual(seen(lazy), seen(asked));
      }),
      { numRuns: Number(process.env.MOMOFLOW_TEST_RUNS ?? 400) },
    );
  });

  it("keeps the data of a damaged attempt number (2^31) without an array two billion long", () => {
    const replay = JournalReplay.of([
      runStartedEvent([{ id: "a", needs: [], reversible: true }]),
      { type: "step_started", time: 1, step: "a", attempt: 2 ** 31 },
      { type: "step_rollback_data", time: 1, step: "a", data: { backup: "b1" } },
      {
        type: "step_finished",
        time: 2,
        step: "a",
        status: "failed",
        attempts: 2 ** 31,
        metrics: emptyMetrics(1),
      },
    ]);
    const a = replay.get("a")!;
    assert.deepStrictEqual(a.attemptData, [{ backup: "b1" }]);
    assert.deepStrictEqual(
      replay.undoPlan().toUndo.map((s) => s.info.id),
      ["a"],
    );
  });

  it("plans the undo of 10,000 plain steps asked for only at the end: reverse order of completion", () => {
    const infos = Array.from({ length: 10_000 }, (_, i) => ({
      id: `s${i}`,
      needs: [],
      reversible: i % 2 === 0,
    }));
    const replay = new JournalReplay();
    replay.apply(runStartedEvent(infos));
    for (let i = 0; i < infos.length; i++) {
      replay.apply({ type: "step_started", time: i, step: `s${i}`, attempt: 1 });
      replay.apply({
        type: "step_finished",
        time: i,
        step: `s${i}`,
        status: "success",
        attempts: 1,
        metrics: emptyMetrics(i),
      });
    }
    const plan = replay.undoPlan();
    assert.equal(plan.toUndo.length, 5_000);
    // Reverse order of completion: the last even step first.
    assert.equal(plan.toUndo[0]!.info.id, "s9998");
    assert.equal(plan.toUndo[0]!.finishOrder, 9998);
    assert.equal(plan.irreversible.length, 5_000);
    assert.equal(replay.get("s42")!.metrics!.startTime, 42);
  });
});
