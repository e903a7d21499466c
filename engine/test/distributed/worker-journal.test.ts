import assert from "node:assert/strict";
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { JournalReplay } from "../../src/record/journal-replay";
import { attemptKey, readAttempts, WorkerJournal } from "../../src/distributed/worker-journal";
import {
  attemptRun,
  indexFile,
  listSegments,
  readIndex,
  sealLeftSegments,
} from "../../src/distributed/journal-segments";
import {
  finishCutShortPrune,
  pruneJournal,
  wasExpired,
} from "../../src/distributed/journal-pruning";
import { useTempDir } from "../support/temp-dir";
import {
  ATTEMPT_METRICS,
  ATTEMPT_STEP,
  ATTEMPT_WORKFLOW,
  attemptSucceeded,
} from "../support/worker-attempts";

/** One attempt that starts (with rollback data) and succeeds: something to undo. */
function ranStep(journal: WorkerJournal, key: string, time = Date.now()): void {
  const sink = journal.attempt(key, ATTEMPT_STEP, ATTEMPT_WORKFLOW);
  sink.emit({ type: "step_started", time, step: "build", attempt: 1 });
  sink.emit({ type: "step_rollback_data", time, step: "build", data: { backup: key } });
  sink.emit(attemptSucceeded(time));
}

/** Its undo, as the worker's main thread records it. */
function undone(journal: WorkerJournal, key: string): void {
  journal.emit({
    type: "step_rolled_back",
    time: Date.now(),
    step: key,
    status: "rolled_back",
    durationMs: 1,
  });
}

/** The run ids each segment's index lists, by file. */
function indexes(dir: string): Record<string, string[]> {
  return Object.fromEntries(
    listSegments(dir).map((s) => [s.file, Object.keys(readIndex(dir, s.file)?.runs ?? {})]),
  );
}

describe("a worker's journal: segments per writer, each attempt a run of one step", () => {
  const tmp = useTempDir("momoflow-worker-journal-");

  it("keeps the attempts of several runs apart by key, across writers, and a replay of one finds what to undo", () => {
    const main = new WorkerJournal(tmp(), "main");
    const thread = new WorkerJournal(tmp(), "0");
    const first = attemptKey("run-a", "build", 1);
    // Attempt 11 of another step: its key begins as attempt 1's would, were it a prefix.
    const other = attemptKey("run-a", "build", 11);
    const a = thread.attempt(first, ATTEMPT_STEP, ATTEMPT_WORKFLOW);
    const b = main.attempt(other, ATTEMPT_STEP, ATTEMPT_WORKFLOW);
    a.emit({ type: "step_started", time: 1, step: "build", attempt: 1 });
    b.emit({ type: "step_started", time: 1, step: "build", attempt: 1 });
    a.emit({ type: "step_rollback_data", time: 1, step: "build", data: { backup: "x" } });
    a.emit({
      type: "step_finished",
      time: 2,
      step: "build",
      status: "success",
      attempts: 1,
      metrics: ATTEMPT_METRICS,
    });
    undone(main, other);
    main.close();
    thread.close();

    const found = readAttempts(tmp(), "run-a", [first, other, attemptKey("run-b", "build", 1)]);
    assert.deepEqual(
      found.get(first)!.map((e) => e.type),
      ["run_started", "step_started", "step_rollback_data", "step_finished"],
    );
    assert.deepEqual(
      found.get(other)!.map((e) => e.type),
      ["run_started", "step_started", "step_rolled_back"],
    );
    assert.equal(found.has(attemptKey("run-b", "build", 1)), false, "nothing of another run");
    const plan = JournalReplay.of(found.get(first)!).undoPlan();
    assert.deepEqual(
      plan.toUndo.map((s) => [s.info.id, s.attemptData]),
      [[first, [{ backup: "x" }]]],
    );
    assert.equal(JournalReplay.of(found.get(other)!).undoPlan().undone.length, 1);
  });

  it("passes over a line that is JSON but says what no worker writes (no step, no metrics), as a torn one", () => {
    const thread = new WorkerJournal(tmp(), "0");
    const key = attemptKey("run-a", "build", 1);
    const a = thread.attempt(key, ATTEMPT_STEP, ATTEMPT_WORKFLOW);
    a.emit({ type: "step_started", time: 1, step: "build", attempt: 1 });
    a.emit({ type: "step_rollback_data", time: 1, step: "build", data: { backup: "x" } });
    thread.close();
    const segment = readdirSync(tmp()).find(
      (f) => f.startsWith("journal-0-") && f.endsWith(".jsonl"),
    )!;
    appendFileSync(
      join(tmp(), segment),
      `{"type":"step_finished","time":2,"step":${JSON.stringify(key)},"status":"success","attempts":1}\n` +
        '{"type":"step_started","time":2}\n',
    );

    const found = readAttempts(tmp(), "run-a", [key]);
    assert.deepEqual(
      found.get(key)!.map((e) => e.type),
      ["run_started", "step_started", "step_rollback_data"],
    );
    // Half-done with its backup recorded: undone.
    assert.deepEqual(
      JournalReplay.of(found.get(key)!)
        .undoPlan()
        .toUndo.map((s) => s.info.id),
      [key],
    );
  });

  it("a run's id is what comes before an attempt key's last two separators", () => {
    assert.equal(
      attemptRun(attemptKey("20261203-1-flow-abc", "release/bump", 2)),
      "20261203-1-flow-abc",
    );
    assert.equal(attemptRun(attemptKey("odd--run", "fan[3]", 1)), "odd--run");
    assert.equal(attemptRun("no-key"), undefined);
  });

  it("rolls over to a new segment past the segment size, each sealed with the runs it holds; a lookup reads only the segments of its run", () => {
    // 1 KB: a few attempts a segment.
    const journal = new WorkerJournal(tmp(), "0", 1024);
    const runs = ["run-a", "run-b", "run-c", "run-d"];
    for (const run of runs)
      for (let i = 1; i <= 3; i++) ranStep(journal, attemptKey(run, "build", i));
    journal.close();
    const segments = listSegments(tmp());
    assert.ok(segments.length >= 3, `${segments.length} segments`);
    for (const s of segments) {
      assert.equal(s.writer, "0");
      assert.ok(readIndex(tmp(), s.file), `${s.file} is sealed`);
    }
    // Each run is in the index of the segments that hold its lines, and only those.
    for (const s of segments) {
      const text = readFileSync(join(tmp(), s.file), "utf8");
      for (const run of runs)
        assert.equal(
          Object.hasOwn(readIndex(tmp(), s.file)!.runs, run),
          text.includes(`"${run}--build--`),
          `${s.file}: ${run}`,
        );
    }
    // A line of run-a slipped into a segment whose index does not list it is never read.
    const notA = segments.find((s) => !Object.hasOwn(readIndex(tmp(), s.file)!.runs, "run-a"))!;
    const stray = attemptKey("run-a", "build", 9);
    appendFileSync(
      join(tmp(), notA.file),
      JSON.stringify({ type: "step_started", time: 1, step: stray, attempt: 1 }) + "\n",
    );
    const found = readAttempts(
      tmp(),
      "run-a",
      [1, 2, 3, 9].map((i) => attemptKey("run-a", "build", i)),
    );
    assert.deepEqual(
      [...found.keys()].sort(),
      [1, 2, 3].map((i) => attemptKey("run-a", "build", i)),
    );
    assert.equal(found.has(stray), false);
  });

  it("an attempt under way when another starts a new segment goes on in the new one, which its index then lists", () => {
    const journal = new WorkerJournal(tmp(), "main", 1);
    const first = attemptKey("run-a", "build", 1);
    const a = journal.attempt(first, ATTEMPT_STEP, ATTEMPT_WORKFLOW);
    a.emit({ type: "step_started", time: 1, step: "build", attempt: 1 });
    // Another step starts on the same thread meanwhile: the full segment is sealed.
    ranStep(journal, attemptKey("run-b", "build", 1));
    a.emit({ type: "step_rollback_data", time: 2, step: "build", data: { backup: "a" } });
    a.emit({
      type: "step_finished",
      time: 3,
      step: "build",
      status: "success",
      attempts: 1,
      metrics: ATTEMPT_METRICS,
    });
    journal.close();
    assert.deepEqual(indexes(tmp()), {
      "journal-main-1.jsonl": ["run-a"],
      "journal-main-2.jsonl": ["run-b", "run-a"],
    });
    assert.deepEqual(
      readAttempts(tmp(), "run-a", [first])
        .get(first)!
        .map((e) => e.type),
      ["run_started", "step_started", "step_rollback_data", "step_finished"],
    );
  });

  it("a writer killed mid-segment or mid-sealing: its unsealed segment is read by every lookup and sealed at the next start; a torn line is passed over", () => {
    const key = attemptKey("run-a", "deploy", 1);
    const killed = new WorkerJournal(tmp(), "0", 1 << 20);
    ranStep(killed, attemptKey("run-b", "deploy", 1));
    const sink = killed.attempt(key, ATTEMPT_STEP, ATTEMPT_WORKFLOW);
    sink.emit({ type: "step_started", time: 1, step: "deploy", attempt: 1 });
    // Killed: never closed (no index), its last write torn, and a sealing cut short beside it.
    const [segment] = listSegments(tmp());
    appendFileSync(
      join(tmp(), segment!.file),
      `{"type":"step_finished","time":2,"step":"${key}","status":"succ`,
    );
    writeFileSync(join(tmp(), `${indexFile(segment!.file)}.tmp`), '{"v":1,"runs":{');
    assert.equal(readIndex(tmp(), segment!.file), undefined, "not sealed");

    // A lookup before the restart reads it whole; no outcome: the torn line is not read as one.
    assert.deepEqual(
      readAttempts(tmp(), "run-a", [key])
        .get(key)!
        .map((e) => e.type),
      ["run_started", "step_started"],
    );
    // The restart seals it and takes a new segment: the torn line stays as it was.
    assert.equal(sealLeftSegments(tmp()), 1);
    assert.deepEqual(Object.keys(readIndex(tmp(), segment!.file)!.runs).sort(), ["run-a", "run-b"]);
    assert.ok(!readdirSync(tmp()).some((f) => f.endsWith(".tmp")), "the cut-short index is gone");
    const again = new WorkerJournal(tmp(), "0", 1 << 20);
    ranStep(again, attemptKey("run-c", "deploy", 1));
    again.close();
    assert.deepEqual(
      listSegments(tmp()).map((s) => s.file),
      ["journal-0-1.jsonl", "journal-0-2.jsonl"],
    );
    assert.match(readFileSync(join(tmp(), segment!.file), "utf8"), /"status":"succ$/);
    assert.deepEqual(
      readAttempts(tmp(), "run-a", [key])
        .get(key)!
        .map((e) => e.type),
      ["run_started", "step_started"],
    );
  });

  it("reads a journal written before segments (journal.jsonl, journal.<slot>.jsonl) as its writers' first segments", () => {
    const key = attemptKey("run-old", "build", 1);
    const scratch = join(tmp(), "scratch");
    const thread = new WorkerJournal(scratch, "0");
    ranStep(thread, key);
    thread.close();
    const main = new WorkerJournal(scratch, "main");
    undone(main, key);
    main.close();
    // As an earlier version named them, without indexes.
    const dir = join(tmp(), "old");
    mkdirSync(dir);
    copyFileSync(join(scratch, "journal-0-1.jsonl"), join(dir, "journal.0.jsonl"));
    copyFileSync(join(scratch, "journal-main-1.jsonl"), join(dir, "journal.jsonl"));

    assert.deepEqual(
      readAttempts(dir, "run-old", [key])
        .get(key)!
        .map((e) => e.type),
      ["run_started", "step_started", "step_rollback_data", "step_finished", "step_rolled_back"],
    );
    const next = new WorkerJournal(dir, "0");
    ranStep(next, attemptKey("run-new", "build", 1));
    next.close();
    assert.deepEqual(
      listSegments(dir).map((s) => [s.file, s.writer, s.seq]),
      [
        ["journal.0.jsonl", "0", 0],
        ["journal-0-1.jsonl", "0", 1],
        ["journal.jsonl", "main", 0],
      ],
    );
  });
});

describe("pruning a worker's journal", () => {
  const tmp = useTempDir("momoflow-worker-prune-");

  /** Three runs on a thread, each in segments of its own: a rolled back, b still to undo, c undone and old. */
  function threeRuns(): void {
    const thread = new WorkerJournal(tmp(), "0", 1);
    const main = new WorkerJournal(tmp(), "main", 1);
    ranStep(thread, attemptKey("run-a", "build", 1));
    ranStep(thread, attemptKey("run-a", "build", 2));
    ranStep(thread, attemptKey("run-b", "build", 1));
    ranStep(thread, attemptKey("run-c", "build", 1), 1000);
    undone(main, attemptKey("run-a", "build", 2));
    undone(main, attemptKey("run-a", "build", 1));
    thread.close();
    main.close();
  }

  it("removes the segments of runs with nothing left to undo, keeps those whose undo a later rollback needs", () => {
    threeRuns();
    const outcome = pruneJournal(tmp());
    assert.deepEqual(outcome.done, ["run-a"]);
    assert.deepEqual(outcome.expired, []);
    const left = Object.values(indexes(tmp())).flat();
    assert.ok(!left.includes("run-a"), "run-a's segments are gone, its undos' too");
    assert.deepEqual([...new Set(left)].sort(), ["run-b", "run-c"]);
    // What undo needs is all there.
    const b = readAttempts(tmp(), "run-b", [attemptKey("run-b", "build", 1)]);
    assert.equal(
      JournalReplay.of(b.get(attemptKey("run-b", "build", 1))!).undoPlan().toUndo.length,
      1,
    );
  });

  it("never splits a run: a run that shares a segment with one that stays is kept whole", () => {
    // One big segment per writer: a and b share the thread's.
    const thread = new WorkerJournal(tmp(), "0");
    const main = new WorkerJournal(tmp(), "main", 1);
    ranStep(thread, attemptKey("run-a", "build", 1));
    ranStep(thread, attemptKey("run-b", "build", 1));
    thread.close();
    undone(main, attemptKey("run-a", "build", 1));
    main.close();
    const before = listSegments(tmp()).map((s) => s.file);
    const outcome = pruneJournal(tmp());
    assert.deepEqual(outcome.segments, []);
    assert.deepEqual(outcome.held, ["run-a"]);
    assert.deepEqual(
      listSegments(tmp()).map((s) => s.file),
      before,
      "its undo stays with its steps",
    );
  });

  it("with a retention, removes runs older than it and says so when their undo is asked for", () => {
    threeRuns();
    const outcome = pruneJournal(tmp(), { retainMs: 60_000 });
    assert.deepEqual(outcome.expired, ["run-c"]);
    assert.equal(wasExpired(tmp(), "run-c"), true);
    assert.equal(wasExpired(tmp(), "run-b"), false);
    assert.deepEqual([...new Set(Object.values(indexes(tmp())).flat())], ["run-b"]);
  });

  it("a prune cut short by a kill is finished before anything reads the journal", () => {
    threeRuns();
    // Killed after it wrote what it would remove, before it removed it.
    writeFileSync(
      join(tmp(), "prune.json"),
      JSON.stringify({ done: ["run-a"], expired: ["run-c"] }),
    );
    finishCutShortPrune(tmp());
    assert.equal(existsSync(join(tmp(), "prune.json")), false);
    assert.deepEqual([...new Set(Object.values(indexes(tmp())).flat())], ["run-b"]);
    assert.equal(wasExpired(tmp(), "run-c"), true);
  });
});
