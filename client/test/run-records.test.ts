import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type RunResultFile, listRuns, readResultFile, runRecordPaths } from "@momoflow/record";
import { readJournalStart, rollbackAvailability } from "../src/run-records/rollback-availability";
import { runsDirsOfFile } from "../src/run-records/file-runs-dirs";
import {
  RunHistory,
  runsDirFor,
  runsDirOfRecordFile,
  runsDirOfRecordPath,
  samePath,
  type RunSummary,
} from "../src/run-records/run-history";
import { spawnSync } from "node:child_process";
import { cliInvocation, type MomoflowTaskDefinition } from "../src/run/task-definition";
import { runOfTask, taskOutcome, type EndedRunTask } from "../src/run/task-outcome";
import { CLI, runCli, startCli, waitFor } from "../../engine/test/support/cli-process";
import { useTempDir } from "../../engine/test/support/temp-dir";

/** A file with three workflows: reversible steps, a failing one, and an irreversible one. */
const WORKFLOWS = [
  "workflow deploy {",
  "  param target: string",
  '  step prepare { run: create_directory(path: "out") }',
  '  step build { needs: prepare  run: create_file(path: "out/app.txt", content: target) }',
  '  step say { needs: build  run: "echo deployed" }',
  "}",
  "",
  "workflow broken {",
  '  step first { run: create_file(path: "first.txt", content: "1") }',
  '  step boom { needs: first  run: "exit 3" }',
  "}",
  "",
  "workflow echo_only {",
  '  step say { run: "echo hi" }',
  "}",
  "",
  "workflow slow {",
  '  step write { run: create_file(path: "slow.txt", content: "new") }',
  "  step wait { needs: write  run: sleep(duration: 30s) }",
  "}",
  "",
].join("\n");

describe("client run records (real runs of the CLI)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-client-records-");

  function setup(): { file: string; workdir: string; runsDir: string } {
    const workdir = join(tmp(), "workspace");
    mkdirSync(workdir);
    const file = join(workdir, "deploy.momoflow");
    writeFileSync(file, WORKFLOWS);
    return { file, workdir, runsDir: runsDirFor(workdir) };
  }

  /** The run_started line of run `runId` with `steps`, by process 424242. */
  const runStarted = (runId: string, steps: object[]): object => ({
    type: "run_started",
    v: 1,
    time: 1,
    runId,
    workflow: { id: "w", name: "w", version: "1" },
    workdir: "/ws",
    pid: 424242,
    concurrency: 1,
    rollbackOnFailure: true,
    steps,
  });

  /** Writes `lines` as the journal of run folder `dir`, one JSON line each. */
  function writeJournal(dir: string, lines: object[]): void {
    writeFileSync(
      join(dir, "journal.jsonl"),
      lines.map((l) => JSON.stringify(l)).join("\n") + "\n",
    );
  }

  async function run(file: string, workdir: string, ...args: string[]): Promise<void> {
    const out = await runCli(["run", file, "--workdir", workdir, ...args], workdir);
    assert.ok(out.code === 0 || out.code === 1, out.stdout + out.stderr);
  }

  it("finds the latest run of each workflow of a file, and offers its rollback until it is done", async () => {
    const { file, workdir, runsDir } = setup();
    const history = new RunHistory();
    assert.equal(history.latest(runsDir, { workflowId: "deploy", source: file }), undefined);
    assert.deepEqual(rollbackAvailability(undefined), { state: "no-run" });

    await run(file, workdir, "--workflow", "deploy", "--param", "target=staging");
    await run(file, workdir, "--workflow", "deploy", "--param", "target=production");
    await run(file, workdir, "--workflow", "echo_only");
    // No watcher told it: the runs folder's mtime says the records changed.

    const runs = history.runs(runsDir);
    assert.equal(runs.length, 3);
    const deploy = history.latest(runsDir, { workflowId: "deploy", source: file })!;
    assert.equal(deploy.runId, runs[1]!.runId, "the newer of the two deploy runs");
    assert.equal(deploy.status, "success");
    const result = JSON.parse(
      readFileSync(join(deploy.dir, "result.json"), "utf8"),
    ) as RunResultFile;
    assert.equal(readFileSync(join(workdir, "out", "app.txt"), "utf8"), "production");
    assert.equal(result.source, file);

    const available = rollbackAvailability(deploy);
    assert.deepEqual(available, { state: "available", run: deploy, why: "finished" });
    // Another file with the same workflow name is another workflow.
    assert.equal(
      history.latest(runsDir, { workflowId: "deploy", source: join(workdir, "other.momoflow") }),
      undefined,
    );

    // Nothing it did can be undone: no Rollback.
    const echo = history.latest(runsDir, { workflowId: "echo_only", source: file })!;
    assert.deepEqual(rollbackAvailability(echo), {
      state: "nothing-to-undo",
      run: echo,
      status: "success",
    });

    const rollback = await runCli(["rollback", file, "--workflow", "deploy"], workdir);
    assert.equal(rollback.code, 0, rollback.stdout + rollback.stderr);
    history.invalidate();
    const after = history.latest(runsDir, { workflowId: "deploy", source: file })!;
    // `say` (a shell action without rollback) is left as it is: partially rolled back,
    // and nothing is left that a second rollback could undo.
    assert.equal(after.status, "partially_rolled_back");
    assert.equal(rollbackAvailability(after).state, "nothing-to-undo");
  });

  it("finds a sub-folder file's newest run in its own folder or at the workspace root (where older versions recorded it), once each", async () => {
    const { workdir: root } = setup();
    const folder = join(root, "jobs");
    mkdirSync(folder);
    const file = join(folder, "deploy.momoflow");
    writeFileSync(file, WORKFLOWS);
    assert.deepEqual(runsDirsOfFile(file, root), [runsDirFor(folder), runsDirFor(root)]);
    assert.deepEqual(runsDirsOfFile(join(root, "x.momoflow"), root), [runsDirFor(root)]);
    assert.deepEqual(runsDirsOfFile(file, undefined), [runsDirFor(folder)]);
    const history = new RunHistory();
    const filter = { workflowId: "echo_only", source: file };
    await run(file, root, "--workflow", "echo_only");
    const old = history.latestIn(runsDirsOfFile(file, root), filter);
    assert.equal(old?.dir.startsWith(runsDirFor(root)), true, "the root's run");
    await run(file, folder, "--workflow", "echo_only");
    const newer = history.latestIn(runsDirsOfFile(file, root), filter)!;
    assert.equal(newer.dir.startsWith(runsDirFor(folder)), true, "its own folder's, newer");
    assert.ok(newer.startTime >= old!.startTime);
    await run(file, root, "--workflow", "echo_only");
    const newest = history.latestIn(
      [runsDirFor(folder), runsDirFor(root), runsDirFor(root)],
      filter,
    )!;
    assert.equal(newest.dir.startsWith(runsDirFor(root)), true, "the root's again, newest");
  });

  it("takes a run folder without a journal, or with an empty one (left by earlier versions), for no run: not listed, never the latest", async () => {
    const { file, workdir, runsDir } = setup();
    await run(file, workdir, "--workflow", "broken", "--no-rollback");
    // Newer than the real run by name: a listing by folder name would take them first.
    mkdirSync(join(runsDir, "20991231-000000-000-broken-nojour"));
    mkdirSync(join(runsDir, "20991231-000000-001-broken-emptyj"));
    writeFileSync(join(runsDir, "20991231-000000-001-broken-emptyj", "journal.jsonl"), "");
    const history = new RunHistory();
    const runs = history.runs(runsDir);
    assert.equal(runs.length, 1, JSON.stringify(runs));
    const latest = history.latest(runsDir, { workflowId: "broken", source: file })!;
    assert.equal(latest.runId, runs[0]!.runId);
    assert.equal(rollbackAvailability(latest).state, "available");
  });

  it("reads a runs folder once while it is unchanged, and again once a run adds to it", async () => {
    const { file, workdir, runsDir } = setup();
    await run(file, workdir, "--workflow", "echo_only");
    let reads = 0;
    const history = new RunHistory((dir) => {
      reads++;
      return listRuns(dir);
    });
    assert.equal(history.runs(runsDir).length, 1);
    assert.equal(history.runs(runsDir).length, 1);
    assert.equal(reads, 1, "the second ask is answered from the cache");
    await run(file, workdir, "--workflow", "deploy", "--param", "target=staging");
    assert.equal(
      history.latest(runsDir, { workflowId: "deploy", source: file })?.status,
      "success",
    );
    assert.equal(reads, 2, "the new run's folder changed the runs folder: read again");
  });

  it("offers no rollback of a failed run that rolled itself back, and one of a run that did not", async () => {
    const { file, workdir, runsDir } = setup();
    await run(file, workdir, "--workflow", "broken");
    const history = new RunHistory();
    const rolledBack = history.latest(runsDir, { workflowId: "broken", source: file })!;
    assert.equal(rolledBack.status, "rolled_back");
    assert.equal(rollbackAvailability(rolledBack).state, "nothing-to-undo");

    await run(file, workdir, "--workflow", "broken", "--no-rollback");
    history.invalidate(runsDir);
    const leftAsIs = history.latest(runsDir, { workflowId: "broken", source: file })!;
    assert.equal(leftAsIs.status, "failed");
    assert.equal(rollbackAvailability(leftAsIs).state, "available");
  });

  it("tells a killed run (rollback available) from one still running (refused)", async () => {
    const { file, workdir, runsDir } = setup();
    const { child, done } = startCli(["run", file, "--workflow", "slow"], workdir);
    const history = new RunHistory();
    let latest: RunSummary | undefined;
    await waitFor(() => {
      history.invalidate();
      latest = history.latest(runsDir, { workflowId: "slow", source: file });
      return (
        latest !== undefined &&
        readFileSync(join(latest.dir, "journal.jsonl"), "utf8").includes('"step":"wait"')
      );
    }, "the second step to start");
    assert.equal(latest!.status, undefined, "no result.json while it runs");
    assert.deepEqual(rollbackAvailability(latest), { state: "running", run: latest });

    child.kill("SIGKILL");
    await done;
    assert.deepEqual(rollbackAvailability(latest), {
      state: "available",
      run: latest,
      why: "killed",
    });
    // The liveness probe decides between the two.
    assert.equal(rollbackAvailability(latest, () => true).state, "running");

    const rollback = await runCli(["rollback", file, "--workflow", "slow"], workdir);
    assert.equal(rollback.code, 0, rollback.stdout + rollback.stderr);
    history.invalidate();
    const after = history.latest(runsDir, { workflowId: "slow", source: file })!;
    // The rollback of a killed run writes result.json; `wait` (a sleep) has nothing to
    // undo, so it does not make the rollback partial.
    assert.equal(after.status, "rolled_back");
    assert.equal(rollbackAvailability(after).state, "nothing-to-undo");
  });

  it("starts the exact process a task runs, and reads the task's outcome from the record it left", () => {
    const { file, workdir, runsDir } = setup();
    // This Node stands in for VS Code's runtime (which ELECTRON_RUN_AS_NODE=1 turns into Node).
    const location = { cliPath: CLI, execPath: process.execPath };
    const start = (definition: MomoflowTaskDefinition) => {
      const startedAt = Date.now();
      const invocation = cliInvocation(definition, workdir, location, { concurrency: 2 });
      const out = spawnSync(invocation.command, invocation.args, {
        cwd: invocation.cwd,
        env: { ...process.env, NO_COLOR: undefined, ...invocation.env },
        encoding: "utf8",
      });
      const task: EndedRunTask = {
        action: definition.action as "run" | "rollback",
        source: file,
        workflow: definition.workflow,
        startedAt,
        exitCode: out.status ?? undefined,
      };
      const run = runOfTask(new RunHistory().runs(runsDir), task);
      const result = run ? readResultFile(runRecordPaths(run.dir).result) : undefined;
      return { out, outcome: taskOutcome(task, run, result) };
    };

    const run = start({
      type: "momoflow",
      action: "run",
      file,
      workflow: "deploy",
      params: { target: "it's production; rm -rf $(x)" },
    });
    assert.equal(run.out.status, 0, run.out.stdout + run.out.stderr);
    assert.ok(run.out.stdout.includes("\u001b["), "FORCE_COLOR: the task terminal is coloured");
    assert.equal(run.outcome.status, "success");
    assert.ok(run.outcome.durationMs! > 0);
    assert.equal(
      readFileSync(join(workdir, "out", "app.txt"), "utf8"),
      "it's production; rm -rf $(x)",
      "a param reaches the workflow as one argument",
    );

    // The CLI refuses a run without its required param: exit 2, no record, nothing ran.
    const refused = start({ type: "momoflow", action: "run", file, workflow: "deploy" });
    assert.equal(refused.out.status, 2);
    assert.match(refused.out.stderr, /target/);
    assert.equal(refused.outcome.run, undefined);
    assert.equal(refused.outcome.status, "not_run");
    assert.equal(refused.outcome.reason, "the command refused its input (its terminal says why)");

    // The rollback task finds the run in the folder it runs in.
    const rollback = start({ type: "momoflow", action: "rollback", file, workflow: "deploy" });
    assert.equal(rollback.out.status, 0, rollback.out.stdout + rollback.out.stderr);
    assert.equal(rollback.outcome.status, "partially_rolled_back");
    assert.equal(rollback.outcome.run?.runId, run.outcome.run?.runId);
  });

  it("offers a retry when an undo failed (rollback_failed), from the journal's replay", () => {
    const { runsDir } = setup();
    const dir = join(runsDir, "r1");
    mkdirSync(dir, { recursive: true });
    const info = (id: string, reversible = true): object => ({ id, needs: [], reversible });
    const undo = { kind: "run", command: "sh", args: { script: "true" } };
    const metrics = {
      startTime: 1,
      endTime: 1,
      durationMs: 0,
      cpuUserMs: 0,
      cpuSystemMs: 0,
      peakMemoryBytes: 0,
    };
    const completed = (id: string, withUndo = true): object[] => [
      { type: "step_started", time: 2, step: id, attempt: 1, ...(withUndo ? { undo } : {}) },
      { type: "step_finished", time: 3, step: id, status: "success", attempts: 1, metrics },
    ];
    const undone = (id: string, status: string): object => ({
      type: "step_rolled_back",
      time: 4,
      step: id,
      status,
      durationMs: 1,
      ...(status === "rollback_failed" ? { error: "no" } : {}),
    });
    const write = (steps: object[], events: object[]): void => {
      const finished = { type: "run_finished", time: 5, status: "success", metrics };
      writeJournal(dir, [runStarted("r1", steps), ...events, finished]);
    };
    const summary: RunSummary = { runId: "r1", dir, workflowId: "w", startTime: 0 };
    const dead = (): boolean => false;
    write(
      [info("a"), info("b")],
      [
        ...completed("a"),
        ...completed("b"),
        undone("b", "rollback_failed"),
        undone("a", "rolled_back"),
      ],
    );
    assert.equal(rollbackAvailability(summary, dead).state, "available", "b's undo is retried");
    write(
      [info("a"), info("b", false)],
      [...completed("a"), ...completed("b", false), undone("a", "rolled_back")],
    );
    assert.equal(rollbackAvailability(summary, dead).state, "nothing-to-undo", "b is irreversible");
    write([info("a")], [...completed("a")]);
    assert.equal(rollbackAvailability(summary, dead).state, "available");
    write([info("a")], [...completed("a"), undone("a", "rolled_back")]);
    assert.equal(rollbackAvailability(summary, dead).state, "nothing-to-undo");
  });

  it("tells a running run from a killed one from the journal alone, also when its first line is long", () => {
    const { runsDir } = setup();
    const dir = join(runsDir, "big");
    mkdirSync(dir, { recursive: true });
    const steps = Array.from({ length: 2000 }, (_, i) => ({
      id: `step_${i}`,
      needs: [],
      reversible: true,
    }));
    const start = runStarted("big", steps);
    // A half-done step with a rollback action as written: a rollback runs it.
    const undo = { kind: "run", command: "delete_path", args: { path: "x" } };
    const lines = [start, { type: "step_started", time: 2, step: "step_0", attempt: 1, undo }];
    writeJournal(dir, lines);
    assert.ok(JSON.stringify(start).length > 16384, "a first line longer than one read");
    assert.equal(readJournalStart(join(dir, "journal.jsonl")), undefined);
    const summary: RunSummary = { runId: "big", dir, workflowId: "w", startTime: 1 };
    assert.equal(rollbackAvailability(summary, (pid) => pid === 424242).state, "running");
    assert.deepEqual(
      rollbackAvailability(summary, () => false),
      {
        state: "available",
        run: summary,
        why: "killed",
      },
    );

    // Without a rollback action or recorded rollback data, the half-done step had no effect yet.
    const noEffect = [start, { type: "step_started", time: 2, step: "step_0", attempt: 1 }];
    writeJournal(dir, noEffect);
    assert.equal(rollbackAvailability(summary, () => false).state, "nothing-to-undo");

    // A short first line is read alone.
    const small = { ...start, steps: steps.slice(0, 1) };
    writeJournal(dir, [small, lines[1]!]);
    assert.equal(readJournalStart(join(dir, "journal.jsonl"))?.pid, 424242);
    assert.equal(rollbackAvailability(summary, (pid) => pid === 424242).state, "running");
  });

  it("names the runs folder of a record file, and compares paths per platform", () => {
    assert.equal(
      runsDirOfRecordFile("/w/.momoflow/runs/20261125-x/result.json"),
      "/w/.momoflow/runs",
    );
    assert.equal(runsDirOfRecordFile("/w/runs/20261125-x/result.json"), undefined);
    assert.equal(runsDirOfRecordFile("/w/.momoflow/runs/x/backups/result.json"), undefined);
    // Any path of a record names its runs folder (the watcher sees folders created and deleted).
    for (const path of ["/w/.momoflow", "/w/.momoflow/runs", "/w/.momoflow/runs/x/journal.jsonl"])
      assert.equal(runsDirOfRecordPath(path), "/w/.momoflow/runs", path);
    assert.equal(runsDirOfRecordPath("/w/src/a.momoflow"), undefined);
    assert.equal(samePath("/a/B.momoflow", "/a/b.momoflow", "linux"), false);
    assert.equal(samePath("/a/B.momoflow", "/a/b.momoflow", "win32"), true);
    assert.equal(samePath("/a/./b.momoflow", "/a/b.momoflow", "linux"), true);
  });
});
