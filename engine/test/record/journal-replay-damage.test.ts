import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { JOURNAL_EVENT_TYPES } from "../../src/record/journal-event";
import { readJournal } from "../../src/record/journal-reader";
import { earlierUndoCalls, JournalReplay } from "../../src/record/journal-replay";
import { earlierAttemptsOf } from "../../src/runtime/earlier-attempts";
import { buildResultFile } from "../../src/record/result-builder";
import { emptyMetrics } from "../../src/runtime/metrics";
import { runStartedEvent } from "../support/run-started-event";

/**
 * A journal line that is valid JSON of a known type may still say anything
 * (a disk error, a hand edit). `momoflow rollback` reads the journal, replays
 * it, plans what to undo and writes result.json: none of it may throw on such
 * a line, and a line it cannot read is reported, not silently used.
 */
describe("journal: damaged lines of known types", () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), "momoflow-damaged-journal-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const ids = ["a", "b", "c"];
  const start = runStartedEvent(ids.map((id) => ({ id, needs: [], reversible: true })));

  /** The journal of `lines` (objects, written as JSON) after a sound start: what the reader makes of it. */
  function read(lines: unknown[]) {
    const path = join(dir, "journal.jsonl");
    writeFileSync(path, [start, ...lines].map((l) => JSON.stringify(l) + "\n").join(""));
    return readJournal(path);
  }

  const anyValue = fc.oneof(
    fc.constantFrom(undefined, null, true, -1, 0, 1, 2 ** 31, 1.5, "", "a", "x", "success"),
    fc.array(fc.constantFrom("a", "b", 1, null, {}), { maxLength: 3 }),
    fc.dictionary(
      fc.constantFrom("id", "kind", "command", "args", "startTime", "needs", "reversible"),
      fc.constantFrom("a", 1, null, {}, [], true, "undo"),
      { maxKeys: 4 },
    ),
  );
  const damaged = fc.record(
    {
      // Any type but the first line's (a sound one is written before them).
      type: fc.constantFrom(...JOURNAL_EVENT_TYPES.filter((t) => t !== "run_started")),
      time: anyValue,
      step: fc.oneof(fc.constantFrom(...ids), anyValue),
      attempt: anyValue,
      attempts: fc.oneof(
        anyValue,
        fc.array(fc.oneof(fc.constant({}), fc.record({ data: anyValue }), anyValue), {
          maxLength: 3,
        }),
      ),
      status: fc.oneof(fc.constantFrom("success", "failed", "rolled_back"), anyValue),
      metrics: fc.oneof(fc.constant(emptyMetrics(1)), anyValue),
      undo: anyValue,
      data: anyValue,
      pid: anyValue,
      instances: anyValue,
      steps: anyValue,
      by: anyValue,
      from: fc.oneof(fc.constant("run-0"), anyValue),
      info: fc.oneof(
        fc.record({
          id: fc.constantFrom("a", "gone"),
          needs: fc.constant([]),
          reversible: fc.boolean(),
        }),
        anyValue,
      ),
      error: anyValue,
      output: anyValue,
      notRunAfterTimeout: fc.oneof(fc.constant(["a", "gone"]), anyValue),
      undoneBeforeFailing: fc.oneof(
        anyValue,
        fc.record(
          { own: anyValue, earlier: fc.oneof(fc.constant(["run-0"]), anyValue) },
          { requiredKeys: [] },
        ),
      ),
    },
    { requiredKeys: ["type"] },
  );

  it("reads, replays, plans a rollback and builds result.json from any of them without throwing", () => {
    fc.assert(
      fc.property(fc.array(damaged, { maxLength: 12 }), (lines) => {
        const journal = read(lines);
        // Every line is read or reported.
        assert.equal(journal.events.length - 1 + journal.problems.length, lines.length);
        const replay = JournalReplay.of(journal.events);
        replay.undoPlan();
        for (const s of replay.steps()) {
          replay.stepStatus(s);
          replay.interrupted(s);
          // What a resuming run would take over of it, and the undo calls of its earlier attempts.
          for (const e of earlierAttemptsOf(s, "run-0")) earlierUndoCalls(e);
        }
        // As a rollback rewrites it: the run's end as the journal has it, with the steps its timeout left.
        const left = replay.finished?.notRunAfterTimeout;
        buildResultFile(replay, {
          status: "failed",
          metrics: emptyMetrics(2),
          ...(left ? { notRunAfterTimeout: left } : {}),
        });
        buildResultFile(replay, {
          status: "failed",
          metrics: emptyMetrics(2),
          error: 'workflow "w" timed out after 1s',
        });
      }),
      { numRuns: Number(process.env.MOMOFLOW_TEST_RUNS ?? 1000) },
    );
  });

  it("builds result.json of a step whose recorded error is not text (a run's timeout is looked for in errors)", () => {
    const journal = read([
      { type: "step_started", time: 1, step: "a", attempt: 1 },
      {
        type: "step_finished",
        time: 2,
        step: "a",
        status: "failed",
        attempts: 1,
        metrics: emptyMetrics(1),
        error: {},
      },
    ]);
    const replay = JournalReplay.of(journal.events);
    const file = buildResultFile(replay, { status: "failed", metrics: emptyMetrics(2) });
    assert.equal(file.steps.find((s) => s.id === "b")?.reason, undefined);
  });

  it("takes a step's earlier attempts (a step the run never declared too), and reports such a line it cannot read", () => {
    const undo = { kind: "run", command: "sh", args: { script: "rm -rf out" } };
    const journal = read([
      {
        type: "step_earlier_attempts",
        time: 1,
        step: "gone",
        from: "run-0",
        undo,
        attempts: [{}],
        info: { id: "gone", needs: [], reversible: true },
      },
      { type: "step_earlier_attempts", time: 2, step: "b", from: "run-0", undo, attempts: "x" },
    ]);
    assert.deepStrictEqual(journal.problems, [
      {
        line: 3,
        message:
          "line 3 is a step_earlier_attempts line that cannot be read: its attempts is not a list",
      },
    ]);
    const replay = JournalReplay.of(journal.events);
    const plan = replay.undoPlan();
    assert.deepStrictEqual(
      plan.toUndo.map((s) => [s.info.id, s.earlier?.map((e) => e.from)]),
      [["gone", ["run-0"]]],
    );
    // Never started in this run: nothing of its own to undo, its earlier attempt once (an explicit undo).
    assert.deepStrictEqual(earlierUndoCalls(plan.toUndo[0]!.earlier![0]!), [undefined]);
    assert.equal(replay.stepStatus(plan.toUndo[0]!), "not_run");
  });

  it("reports a rollback_failed line whose undoneBeforeFailing it cannot read, and replays the rest", () => {
    const undo = { kind: "run", command: "sh", args: { script: "rm -rf out" } };
    const journal = read([
      {
        type: "step_earlier_attempts",
        time: 1,
        step: "a",
        from: "run-0",
        undo,
        attempts: [{}],
        info: { id: "a", needs: [], reversible: true },
      },
      { type: "step_started", time: 2, step: "a", attempt: 1, undo },
      {
        type: "step_finished",
        time: 3,
        step: "a",
        status: "success",
        attempts: 1,
        metrics: emptyMetrics(2),
      },
      {
        type: "step_rolled_back",
        time: 4,
        step: "a",
        status: "rollback_failed",
        durationMs: 1,
        undoneBeforeFailing: { own: true, earlier: 5 },
      },
    ]);
    assert.deepStrictEqual(journal.problems, [
      {
        line: 5,
        message:
          "line 5 is a step_rolled_back line that cannot be read: its undoneBeforeFailing.earlier is not a list",
      },
    ]);
    const plan = JournalReplay.of(journal.events).undoPlan();
    assert.deepStrictEqual(
      plan.toUndo.map((s) => [s.info.id, s.earlier?.map((e) => e.from)]),
      [["a", ["run-0"]]],
    );
  });

  it("undoes a step whose outcome line is lost after the steps that needed it (they ran after it ended)", () => {
    const chain = runStartedEvent([
      { id: "a", needs: [], reversible: true },
      { id: "b", needs: ["a"], reversible: true },
      { id: "c", needs: ["b"], reversible: true },
      { id: "d", needs: [], reversible: true },
    ]);
    const undo = { kind: "run" as const, command: "sh", args: {} };
    const started = (step: string) => ({
      type: "step_started" as const,
      time: 1,
      step,
      attempt: 1,
      undo,
    });
    const finished = (step: string) => ({
      type: "step_finished" as const,
      time: 2,
      step,
      status: "success" as const,
      attempts: 1,
      metrics: emptyMetrics(1),
    });
    // a's and c's outcomes are lost (a damaged line each); d was still running (killed).
    const replay = JournalReplay.of([
      chain,
      started("a"),
      started("b"),
      finished("b"),
      started("c"),
      started("d"),
    ]);
    const order = replay.undoPlan().toUndo.map((s) => s.info.id);
    assert.ok(order.indexOf("c") < order.indexOf("b"), order.join(", "));
    assert.ok(order.indexOf("b") < order.indexOf("a"), order.join(", "));
    assert.equal(order.length, 4);
  });

  it("reports a line that names no step, and what is wrong with it, instead of replaying it", () => {
    const journal = read([
      { type: "step_started", time: 1 },
      {
        type: "step_started",
        time: 1,
        step: "a",
        attempt: 1,
        undo: { kind: "run", command: "rm", args: { path: "out" } },
      },
      {
        type: "step_finished",
        time: 2,
        step: "a",
        status: "success",
        attempts: 1,
        metrics: "fast",
      },
    ]);
    assert.deepStrictEqual(journal.problems, [
      { line: 2, message: "line 2 is a step_started line that cannot be read: it names no step" },
      {
        line: 4,
        message: "line 4 is a step_finished line that cannot be read: it has no metrics",
      },
    ]);
    // What could be read is kept: a's intent with its rollback, so a rollback still undoes it.
    const plan = JournalReplay.of(journal.events).undoPlan();
    assert.deepStrictEqual(
      plan.toUndo.map((s) => s.info.id),
      ["a"],
    );
  });
});
