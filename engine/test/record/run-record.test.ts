import Ajv from "ajv";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  BaseWorkflowStep,
  CommandStep,
  listRuns,
  readJournal,
  readLatestRunId,
  rollbackRun,
  runRecordPaths,
  runsDirOf,
  WorkflowContext,
  WorkflowDefinition,
  WorkflowEngine,
  type JournalEvent,
  type StepResult,
} from "../../src/index";
import { parseProcessIdentity, readProcessIdentity } from "../../src/commands/linux-proc";
import { waitFor } from "../support/cli-process";
import { expectDead, isAlive } from "../support/process-liveness";
import { FileStep } from "../support/recording-step";
import { useTempDir } from "../support/temp-dir";
import journalSchema from "../../../schemas/run-journal-event.schema.json";
import resultSchema from "../../../schemas/run-result.schema.json";

function validators() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addSchema(journalSchema);
  return { event: ajv.compile(journalSchema), result: ajv.compile(resultSchema) };
}

function definition(failAt?: string): WorkflowDefinition {
  return new WorkflowDefinition({
    id: "three",
    steps: [
      new FileStep("a"),
      new FileStep("b", false, ["a"]),
      new FileStep("c", failAt === "c", ["b"]),
    ],
  });
}

/**
 * A run record of a run that was killed while its step "work" ran the given
 * process groups (no run_finished); its run process is long gone.
 */
function killedRunRecord(dir: string, processes: { pid: number; startTicks?: number }[]): string {
  const runDir = join(dir, ".momoflow", "runs", "killed");
  mkdirSync(runDir, { recursive: true });
  const events: JournalEvent[] = [
    {
      type: "run_started",
      v: 1,
      time: 1,
      runId: "killed",
      workflow: { id: "w", name: "w", version: "1" },
      workdir: dir,
      pid: 2 ** 22 + 1, // above any pid_max: never alive
      concurrency: 1,
      rollbackOnFailure: true,
      steps: [{ id: "work", needs: [], reversible: false }],
    },
    { type: "step_started", time: 2, step: "work", attempt: 1 },
    ...processes.map((p) => ({ type: "step_process" as const, time: 3, step: "work", ...p })),
  ];
  const { event } = validators();
  for (const e of events) assert.ok(event(e), JSON.stringify(event.errors));
  writeFileSync(
    runRecordPaths(runDir).journal,
    events.map((e) => JSON.stringify(e) + "\n").join(""),
  );
  return runDir;
}

/** A detached `sleep` (its own process group, as a shell action's); killed after the test. */
function startSleeper(started: ChildProcess[]): number {
  const child = spawn("sleep", ["30"], { detached: true, stdio: "ignore" });
  started.push(child);
  return child.pid!;
}

/** Notes whether the run's reserve is there while it runs; its undo throws while `undoFails`. */
class ReserveProbe extends BaseWorkflowStep {
  sawReserve = false;
  undoFails = false;

  constructor(
    id: string,
    private readonly fail = false,
    needs: string[] = [],
  ) {
    super(id, `probe ${id}`, { reversible: true, needs });
  }

  async execute(context: WorkflowContext): Promise<StepResult> {
    this.sawReserve = existsSync(runRecordPaths(context.runDir!).reserve);
    return this.fail ? this.failure(`step ${this.id} was told to fail`) : this.success({});
  }

  override async rollback(): Promise<void> {
    if (this.undoFails) throw new Error("undo refused");
  }
}

describe("run record", () => {
  const tmp = useTempDir();

  it("keeps journal.reserve while the run runs, and after it only while steps it meant to undo are left", async () => {
    const engine = new WorkflowEngine();
    const ok = new ReserveProbe("ok");
    const done = await engine.executeWorkflow(
      new WorkflowDefinition({ id: "fine", steps: [ok] }),
      new WorkflowContext({ workingDirectory: tmp() }),
    );
    assert.equal(done.status, "success");
    assert.ok(ok.sawReserve, "the reserve is there while the steps run");
    assert.ok(!existsSync(runRecordPaths(done.runDir!).reserve), "a run that succeeded removes it");

    const first = new ReserveProbe("first");
    first.undoFails = true;
    const def = new WorkflowDefinition({
      id: "stuck",
      steps: [first, new ReserveProbe("second", true, ["first"])],
    });
    const failed = await engine.executeWorkflow(
      def,
      new WorkflowContext({ workingDirectory: tmp() }),
    );
    assert.equal(failed.status, "partially_rolled_back");
    const reserve = runRecordPaths(failed.runDir!).reserve;
    assert.ok(existsSync(reserve), "kept for the momoflow rollback that finishes the job");
    first.undoFails = false;
    const report = await rollbackRun(failed.runDir!, { definition: def });
    assert.deepEqual(report.rolledBack, ["first"]);
    assert.ok(!existsSync(reserve), "nothing left to undo: removed");
  });

  it("journals the intent before the outcome, validates against the schema, and names the latest run", async () => {
    const result = await new WorkflowEngine().executeWorkflow(
      definition(),
      new WorkflowContext({ workingDirectory: tmp() }),
    );
    assert.equal(result.status, "success");
    assert.ok(result.runDir);
    const lines = readFileSync(runRecordPaths(result.runDir).journal, "utf8").trim().split("\n");
    const { event, result: resultValidator } = validators();
    for (const line of lines) assert.ok(event(JSON.parse(line)), JSON.stringify(event.errors));
    const types = lines.map((l) => {
      const e = JSON.parse(l) as JournalEvent;
      return e.type === "run_started" || e.type === "run_finished"
        ? e.type
        : `${e.type}:${(e as { step: string }).step}`;
    });
    assert.deepEqual(types, [
      "run_started",
      "step_started:a",
      "step_finished:a",
      "step_started:b",
      "step_finished:b",
      "step_started:c",
      "step_finished:c",
      "run_finished",
    ]);
    const file = JSON.parse(readFileSync(runRecordPaths(result.runDir).result, "utf8"));
    assert.ok(resultValidator(file), JSON.stringify(resultValidator.errors));
    assert.equal(file.status, "success");
    assert.equal(readLatestRunId(runsDirOf(tmp())), result.runId);
  });

  it("rolls back a finished run from its record, in reverse order, and never twice", async () => {
    const def = definition();
    const result = await new WorkflowEngine().executeWorkflow(
      def,
      new WorkflowContext({ workingDirectory: tmp() }),
    );
    const first = await rollbackRun(result.runDir!, { definition: def });
    assert.deepEqual(first.rolledBack, ["c", "b", "a"]);
    assert.equal(first.status, "rolled_back");
    assert.equal(readFileSync(join(tmp(), "undo.log"), "utf8"), "c\nb\na\n");
    for (const id of ["a", "b", "c"]) assert.equal(existsSync(join(tmp(), `${id}.txt`)), false);

    const second = await rollbackRun(result.runDir!, { definition: def });
    assert.deepEqual(second.rolledBack, []);
    assert.deepEqual(second.alreadyUndone.sort(), ["a", "b", "c"]);
    assert.equal(readFileSync(join(tmp(), "undo.log"), "utf8"), "c\nb\na\n");
    const file = JSON.parse(readFileSync(runRecordPaths(result.runDir!).result, "utf8"));
    assert.equal(file.status, "rolled_back");
    assert.deepEqual(
      file.steps.map((s: { status: string }) => s.status),
      ["rolled_back", "rolled_back", "rolled_back"],
    );
  });

  it("says clearly that a step's undo needs its module when the record cannot hold it", async () => {
    const result = await new WorkflowEngine().executeWorkflow(
      definition(),
      new WorkflowContext({ workingDirectory: tmp() }),
    );
    const report = await rollbackRun(result.runDir!);
    assert.deepEqual(report.rolledBack, []);
    assert.equal(report.failed.length, 3);
    assert.match(report.failed[0]!.error, /code in the workflow module/);
    assert.match(report.failed[0]!.error, /rollbackRun\(runDir, \{ definition \}\) from code$/);
    assert.equal(report.status, "partially_rolled_back");
  });

  it("says when the workflow given for a code undo has no such step", async () => {
    const result = await new WorkflowEngine().executeWorkflow(
      definition(),
      new WorkflowContext({ workingDirectory: tmp() }),
    );
    const other = new WorkflowDefinition({ id: "three", steps: [new FileStep("a")] });
    const report = await rollbackRun(result.runDir!, { definition: other });
    assert.deepEqual(report.rolledBack, ["a"]);
    assert.deepEqual(
      report.failed.map((f) => f.error),
      ["c", "b"].map(
        (id) =>
          `the undo of step "${id}" is code, and the workflow given has no reversible step "${id}" with a rollback(); ` +
          "roll back with the workflow: momoflow rollback <file>, or rollbackRun(runDir, { definition }) from code",
      ),
    );
  });

  /**
   * A run of three steps that each overwrite their file (old a → new a…),
   * succeeded: its journal's path and lines, to damage before a rollback.
   */
  async function filesRun(): Promise<{ runDir: string; journal: string; lines: string[] }> {
    for (const id of ["a", "b", "c"]) writeFileSync(join(tmp(), `${id}.txt`), `old ${id}`);
    const def = new WorkflowDefinition({
      id: "files",
      steps: ["a", "b", "c"].map(
        (id) => new CommandStep(id, "create_file", { path: `${id}.txt`, content: `new ${id}` }),
      ),
    });
    const result = await new WorkflowEngine().executeWorkflow(
      def,
      new WorkflowContext({ workingDirectory: tmp() }),
    );
    assert.equal(result.status, "success");
    const journal = runRecordPaths(result.runDir!).journal;
    const lines = readFileSync(journal, "utf8").trim().split("\n");
    return { runDir: result.runDir!, journal, lines };
  }

  it("reports a line that is valid JSON but says nonsense (no step, attempts not a number) and still undoes the rest", async () => {
    const { runDir, journal, lines } = await filesRun();
    const bFinished = lines.findIndex(
      (l) => l.includes('"step_finished"') && l.includes('"step":"b"'),
    );
    lines[bFinished] = lines[bFinished]!.replace('"attempts":1', '"attempts":"one"');
    lines.push('{"type":"step_started","time":1}');
    writeFileSync(journal, lines.join("\n") + "\n");

    const report = await rollbackRun(runDir);
    assert.deepEqual(
      report.problems.map((p) => p.message),
      [
        `line ${bFinished + 1} is a step_finished line that cannot be read: its attempts is not a whole number`,
        `line ${lines.length} is a step_started line that cannot be read: it names no step`,
      ],
    );
    assert.deepEqual(report.failed, []);
    assert.deepEqual(report.rolledBack, ["b", "c", "a"]);
    for (const id of ["a", "b", "c"])
      assert.equal(readFileSync(join(tmp(), `${id}.txt`), "utf8"), `old ${id}`);
  });

  it("reports broken and truncated journal lines and still undoes what the intact lines record", async () => {
    const { runDir, journal, lines } = await filesRun();
    // Damage the middle (step b's outcome) and cut a last line short, as a crash would.
    const bFinished = lines.findIndex(
      (l) => l.includes('"step_finished"') && l.includes('"step":"b"'),
    );
    lines[bFinished] = "{not json";
    writeFileSync(journal, lines.join("\n") + "\n");
    appendFileSync(journal, '{"type":"step_rolled_back","time":1,"st');

    const contents = readJournal(journal);
    assert.deepEqual(
      contents.problems.map((p) => p.line),
      [bFinished + 1, lines.length + 1],
    );
    assert.match(
      contents.problems[0]!.message,
      new RegExp(`line ${bFinished + 1} is not valid JSON`),
    );
    assert.match(contents.problems[1]!.message, /is truncated/);

    const report = await rollbackRun(runDir);
    assert.equal(report.problems.length, 2);
    assert.deepEqual(report.failed, []);
    // b's outcome is lost, but its intent and the rollback data it recorded before writing are
    // intact: it is undone as an interrupted step, first.
    assert.deepEqual(report.rolledBack, ["b", "c", "a"]);
    for (const id of ["a", "b", "c"])
      assert.equal(readFileSync(join(tmp(), `${id}.txt`), "utf8"), `old ${id}`);
  });

  it("refuses a journal without its first line, saying which file", () => {
    const path = join(tmp(), "journal.jsonl");
    writeFileSync(path, '{"type":"step_started","time":1,"step":"a","attempt":1}\n');
    assert.throws(
      () => readJournal(path),
      new RegExp(
        `run journal ${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} has no run_started event`,
      ),
    );
  });
  it("journals a shell action's process group with its start time, valid against the schema", async () => {
    const def = new WorkflowDefinition({
      id: "shell",
      steps: [new CommandStep("pid", "sh", { script: "echo $$" })],
    });
    const result = await new WorkflowEngine().executeWorkflow(
      def,
      new WorkflowContext({ workingDirectory: tmp() }),
    );
    assert.equal(result.status, "success", result.error);
    const lines = readFileSync(runRecordPaths(result.runDir!).journal, "utf8").trim().split("\n");
    const { event } = validators();
    for (const line of lines) assert.ok(event(JSON.parse(line)), JSON.stringify(event.errors));
    const events = lines.map((l) => JSON.parse(l) as JournalEvent);
    const types = events.map((e) => e.type);
    assert.deepEqual(types, [
      "run_started",
      "step_started",
      "step_process",
      "step_finished",
      "run_finished",
    ]);
    const recorded = events[2] as Extract<JournalEvent, { type: "step_process" }>;
    assert.equal(recorded.step, "pid");
    assert.ok(Number.isInteger(recorded.pid) && recorded.pid > 1);
    if (process.platform === "linux") assert.ok(Number.isInteger(recorded.startTicks));
    else assert.equal(recorded.startTicks, undefined);
    // The schema refuses what a rollback must never act on.
    for (const bad of [
      { type: "step_process", time: 1, step: "pid" },
      { type: "step_process", time: 1, step: "pid", pid: 1 },
      { type: "step_process", time: 1, step: "pid", pid: 4.5 },
      { type: "step_process", time: 1, step: "pid", pid: 42, startTicks: "7" },
      { type: "step_process", time: 1, step: "pid", pid: 42, extra: true },
    ])
      assert.equal(event(bad), false, JSON.stringify(bad));
  });

  describe("stopping what a killed run left running", function () {
    this.timeout(15_000);
    const started: ChildProcess[] = [];
    beforeEach(function () {
      if (process.platform !== "linux") this.skip(); // matching a group safely needs /proc
    });
    afterEach(() => {
      for (const child of started.splice(0)) child.kill("SIGKILL");
    });

    it("reads pid, state, group and start time from a stat line whose name holds parentheses", () => {
      const line =
        "4242 (a (b) c) S 1 4240 4240 0 -1 4194560 100 0 0 0 1 2 3 4 20 0 1 0 987654 1000 10";
      assert.deepEqual(parseProcessIdentity(line), {
        pid: 4242,
        state: "S",
        pgrp: 4240,
        startTicks: 987654,
      });
      assert.equal(parseProcessIdentity("garbage"), undefined);
    });

    it("kills nothing whose start time does not match the record, not even itself", async () => {
      const sleeper = startSleeper(started);
      const own = readProcessIdentity(process.pid)!;
      const sleeperTicks = readProcessIdentity(sleeper)!.startTicks;
      const runDir = killedRunRecord(tmp(), [
        { pid: process.pid, startTicks: own.startTicks + 1 },
        { pid: sleeper, startTicks: sleeperTicks + 1 },
        { pid: sleeper, startTicks: sleeperTicks - 1 },
        { pid: sleeper }, // no start time: cannot be told from a recycled pid
      ]);
      const report = await rollbackRun(runDir, { killGraceMs: 100 });
      assert.deepEqual(report.stoppedProcesses, []);
      assert.equal(report.interrupted, true);
      assert.equal(isAlive(sleeper), true);
    });

    it("stops a recorded group that is still running: SIGTERM, then SIGKILL if it holds on", async () => {
      const sleeper = startSleeper(started);
      // Ignores SIGTERM: only the SIGKILL after the grace ends it.
      const trapSet = join(tmp(), "trap-set");
      const stubborn = spawn(
        "sh",
        ["-c", `trap '' TERM; : > '${trapSet}'; while :; do sleep 1; done`],
        { detached: true, stdio: "ignore" },
      );
      started.push(stubborn);
      await waitFor(() => existsSync(trapSet), "the stubborn group to set its trap");
      const runDir = killedRunRecord(tmp(), [
        { pid: sleeper, startTicks: readProcessIdentity(sleeper)!.startTicks },
        { pid: stubborn.pid!, startTicks: readProcessIdentity(stubborn.pid!)!.startTicks },
      ]);
      const began = Date.now();
      const report = await rollbackRun(runDir, { killGraceMs: 300 });
      assert.deepEqual(report.stoppedProcesses, [sleeper, stubborn.pid]);
      assert.ok(Date.now() - began >= 300, "the stubborn group should get its grace");
      await expectDead([sleeper, stubborn.pid!]);
    });

    it("stops the rest of a group whose leader is already gone", async () => {
      // The leader starts a background sleep in its group, says its pid, and exits when told.
      const leader = spawn("sh", ["-c", "sleep 30 & echo $!; read line"], {
        detached: true,
        stdio: ["pipe", "pipe", "ignore"],
      });
      started.push(leader);
      const leaderTicks = readProcessIdentity(leader.pid!)!.startTicks;
      const member = await new Promise<number>((resolve) =>
        leader.stdout!.once("data", (d: Buffer) => resolve(Number(d.toString().trim()))),
      );
      leader.stdin!.end();
      await expectDead([leader.pid!]);
      assert.equal(readProcessIdentity(member)?.pgrp, leader.pid);
      try {
        const runDir = killedRunRecord(tmp(), [{ pid: leader.pid!, startTicks: leaderTicks }]);
        const report = await rollbackRun(runDir, { killGraceMs: 100 });
        assert.deepEqual(report.stoppedProcesses, [leader.pid]);
        await expectDead([member]);
      } finally {
        try {
          process.kill(member, "SIGKILL");
        } catch {
          // Already gone, as it should be.
        }
      }
    });

    it("leaves the processes of a run that finished alone", async () => {
      const sleeper = startSleeper(started);
      const runDir = killedRunRecord(tmp(), [
        { pid: sleeper, startTicks: readProcessIdentity(sleeper)!.startTicks },
      ]);
      appendFileSync(
        runRecordPaths(runDir).journal,
        JSON.stringify({
          type: "run_finished",
          time: 4,
          status: "failed",
          metrics: emptyRunMetrics(),
        }) + "\n",
      );
      const report = await rollbackRun(runDir);
      assert.deepEqual(report.stoppedProcesses, []);
      assert.equal(isAlive(sleeper), true);
    });
  });
});

function emptyRunMetrics() {
  return {
    startTime: 1,
    endTime: 4,
    durationMs: 3,
    cpuUserMs: 0,
    cpuSystemMs: 0,
    peakMemoryBytes: 0,
  };
}

describe("run index", () => {
  const tmp = useTempDir();

  it("lists runs even when a result.json is damaged (that run counts as unfinished)", async () => {
    const result = await new WorkflowEngine().executeWorkflow(
      definition(),
      new WorkflowContext({ workingDirectory: tmp() }),
    );
    writeFileSync(runRecordPaths(result.runDir!).result, "{ damaged");
    const runs = listRuns(runsDirOf(tmp()));
    assert.equal(runs.length, 1);
    assert.equal(runs[0]!.runId, result.runId);
    assert.equal(runs[0]!.status, undefined);
  });
});
