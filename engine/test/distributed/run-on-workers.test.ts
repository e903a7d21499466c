import assert from "node:assert/strict";
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from "node:fs";
import { createServer, type AddressInfo, type Socket } from "node:net";
import { join } from "node:path";
import type { RunResultFile } from "../../src/record/result-file";
import { runCli, startCli, waitFor } from "../support/cli-process";
import { journalEvents, latestResult, runDirOf } from "../support/run-record-files";
import { freePort, startRedis, type RedisServer } from "../support/redis-server";
import { useTempDir } from "../support/temp-dir";
import { useWorkerCluster } from "../support/worker-cluster";
import { startWorker, type WorkerProcess } from "../support/worker-process";
import { listSegments } from "../../src/distributed/journal-segments";
import { Redis } from "ioredis";

/** Two steps side by side, then one that needs both: each prints the folder it ran in. */
const SPREAD = `
workflow spread {
  concurrency: 2
  param who: string = "world"
  step left {
    run: "echo left \${who} > left.txt; sleep 0.5; pwd"
    rollback: "rm -f left.txt"
  }
  step right {
    run: "echo right > right.txt; sleep 0.5; pwd"
    rollback: "rm -f right.txt"
  }
  step join {
    needs: [left, right]
    run: "echo \${steps.left.output} > join.txt; pwd"
    rollback: "rm -f join.txt"
  }
}

workflow breaks {
  concurrency: 2
  step left { run: "echo L > left.txt; sleep 0.5" rollback: "rm -f left.txt" }
  step right { run: "echo R > right.txt; sleep 0.5" rollback: "rm -f right.txt" }
  step fail { needs: [left, right] run: "exit 3" }
}

workflow pinned {
  concurrency: 2
  step gpu { runs_on: "gpu" run: "pwd" }
  step cpu { run: "pwd" }
}

workflow lossy {
  step long {
    retry_on_lost_worker: true
    run: "touch started.txt; sleep 3; pwd"
    rollback: "rm -f started.txt"
  }
}

workflow restarts {
  step first { run: "touch first.txt; sleep 1; echo first done" rollback: "rm -f first.txt" }
  step second { needs: [first] run: "pwd" rollback: "true" }
}

workflow busy {
  step spin { run: js("./spin.mjs", "spin") }
}

workflow timed {
  step long { timeout: 2s run: "echo 2 > long.txt; sleep 60" rollback: "rm -f long.txt" }
}

workflow frozen {
  step long {
    run: "sleep 60 & echo $! > long.pid; wait"
    rollback: "true"
    rollback_timeout: 1s
  }
}

workflow slow {
  step first { run: "echo 1 > first.txt; echo printed on the worker" rollback: "rm -f first.txt" }
  step long { needs: [first] run: "echo 2 > long.txt; sleep 60" rollback: "rm -f long.txt" }
}
`;

function latestResultAndDir(workdir: string): RunResultFile & { dir: string } {
  return { ...latestResult(workdir), dir: runDirOf(workdir) };
}

/** The files a worker's steps left in its folder (its run records aside). */
function filesOf(worker: WorkerProcess): string[] {
  return readdirSync(worker.workdir)
    .filter((f) => !f.startsWith("."))
    .sort();
}

/** A worker's journal folder. */
function journalDirOf(worker: WorkerProcess): string {
  return join(worker.workdir, ".momoflow", "workers", worker.name);
}

/**
 * The segments of a writer of a worker's journal: `main` (its main thread,
 * which runs its shell steps itself, and its undos) or a step thread's slot
 * (`js()` steps and file built-ins), oldest first.
 */
function segmentsOf(worker: WorkerProcess, writer: string): string[] {
  return listSegments(journalDirOf(worker))
    .filter((s) => s.writer === writer)
    .map((s) => join(journalDirOf(worker), s.file));
}

/** The text of a writer's segments, oldest first. */
function journalOf(worker: WorkerProcess, writer = "main"): string {
  return segmentsOf(worker, writer)
    .map((path) => readFileSync(path, "utf8"))
    .join("");
}

describe("momoflow run --on: steps on workers through BullMQ and a real redis-server", function () {
  this.timeout(90_000);
  const tmp = useTempDir("momoflow-dist-");
  let redis: RedisServer;
  let workers: WorkerProcess[] = [];
  let scheduler: string;

  before(async () => {
    redis = await startRedis();
  });
  after(async () => {
    await redis?.stop();
  });
  beforeEach(async () => {
    scheduler = join(tmp(), "scheduler");
    mkdirSync(scheduler);
    writeFileSync(join(scheduler, "flow.momoflow"), SPREAD);
    // Each test its own worker names: a queue's leftovers never reach another test.
    const tag = Math.random().toString(36).slice(2, 8);
    workers = await Promise.all(
      ["a", "b"].map((n) => startWorker(redis.url, `w${n}-${tag}`, join(tmp(), `w${n}`))),
    );
  });
  afterEach(async () => {
    await Promise.all(workers.map((w) => w.kill()));
  });

  it("spreads a graph over two workers: each step runs in its worker's folder, outputs flow to the next", async () => {
    const run = await runCli(
      ["run", "flow.momoflow", "--workflow", "spread", "--on", redis.url, "--param", "who=you"],
      scheduler,
    );
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const result = latestResultAndDir(scheduler);
    assert.equal(result.status, "success");
    const ranIn = Object.fromEntries(result.steps.map((s) => [s.id, String(s.output).trim()]));
    // left and right run at once, and a worker takes one step at a time: one each.
    assert.deepEqual(
      new Set([ranIn.left, ranIn.right]),
      new Set(workers.map((w) => w.workdir)),
      JSON.stringify(ranIn),
    );
    // The record names the worker that ran each step.
    for (const step of result.steps)
      assert.equal(
        workers.find((w) => w.name === step.worker)?.workdir,
        ranIn[step.id],
        `${step.id}'s worker`,
      );
    const joinWorker = workers.find((w) => w.workdir === ranIn.join)!;
    assert.equal(readFileSync(join(joinWorker.workdir, "join.txt"), "utf8").trim(), ranIn.left);
    const leftWorker = workers.find((w) => w.workdir === ranIn.left)!;
    assert.equal(readFileSync(join(leftWorker.workdir, "left.txt"), "utf8"), "left you\n");
    // The scheduler keeps the record; nothing ran in its own folder.
    assert.deepEqual(
      readdirSync(scheduler).filter((f) => !f.startsWith(".")),
      ["flow.momoflow"],
    );
    // Each worker keeps its own record of the steps it ran: in its journal, one run record folder per step no more.
    for (const w of workers) {
      const journal = journalOf(w);
      const ran = result.steps.filter((s) => s.worker === w.name).map((s) => s.id);
      for (const id of ran) {
        const key = `${result.runId}--${id}--1`;
        assert.match(
          journal,
          new RegExp(`"step_started"[^\n]*"step":"${key}"`),
          `${w.name}: ${id}`,
        );
        assert.match(
          journal,
          new RegExp(`"step_finished"[^\n]*"step":"${key}"`),
          `${w.name}: ${id}`,
        );
      }
      assert.equal(existsSync(join(w.workdir, ".momoflow", "runs")), false);
    }
  });

  it("a called step that fails with continue_on_error on a worker does not hold the call: the run succeeds, as the called workflow would", async () => {
    writeFileSync(
      join(scheduler, "call.momoflow"),
      `workflow checks {
  step risky { run: "exit 3" continue_on_error: true }
  step fine { run: "echo fine" }
}
workflow ship {
  step checked { run: workflow checks() }
  step after { needs: [checked] run: "echo after \${steps.checked.output}" }
}
`,
    );
    const run = await runCli(
      ["run", "call.momoflow", "--workflow", "ship", "--on", redis.url],
      scheduler,
    );
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const result = latestResultAndDir(scheduler);
    assert.deepEqual(
      result.steps.map((s) => `${s.id} ${s.status}`),
      ["checked/risky failed", "checked/fine success", "checked success", "after success"],
    );
    assert.equal(String(result.steps.at(-1)!.output).trim(), "after fine");
  });

  it("a step its when skips says why, as on one machine: the scheduler asks the condition", async () => {
    writeFileSync(
      join(scheduler, "when.momoflow"),
      `workflow ship {
  param go: bool = false
  step deploy { when: go run: "echo deployed" }
  step after { needs: [deploy] run: "echo after" }
}
`,
    );
    const run = await runCli(["run", "when.momoflow", "--on", redis.url], scheduler);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^ {2}○ deploy skipped {2}when: go is false$/m, run.stdout);
    const deploy = latestResultAndDir(scheduler).steps.find((s) => s.id === "deploy");
    assert.equal(deploy?.reason, "when: go is false");
  });

  it("undoes a failed run on both workers, each undo on the worker that did the step", async () => {
    const run = await runCli(
      ["run", "flow.momoflow", "--workflow", "breaks", "--on", redis.url],
      scheduler,
    );
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const result = latestResultAndDir(scheduler);
    assert.equal(result.status, "rolled_back");
    assert.deepEqual(new Set(result.rolledBackSteps), new Set(["left", "right"]));
    assert.match(
      result.steps.find((s) => s.id === "fail")!.error ?? "",
      /on worker w[ab]-.*exited with code 3/,
    );
    for (const w of workers) assert.deepEqual(filesOf(w), [], `${w.name} is undone`);
    assert.ok(
      workers.every((w) => /undo (left|right)/.test(w.output())),
      "each worker undid its own step",
    );
  });

  it("a scheduler killed mid-step: momoflow rollback stops the step on its worker and undoes both steps there", async () => {
    const { child, done } = startCli(
      ["run", "flow.momoflow", "--workflow", "slow", "--on", redis.url],
      scheduler,
    );
    await waitFor(
      () => workers.some((w) => existsSync(join(w.workdir, "long.txt"))),
      "the long step to start on a worker",
      30_000,
    );
    child.kill("SIGKILL");
    await done;
    const runDir = runDirOf(scheduler);
    const rollback = await runCli(["rollback", runDir], scheduler);
    assert.equal(rollback.code, 0, rollback.stdout + rollback.stderr);
    assert.match(rollback.stdout, /↶ long rolled_back[\s\S]*↶ first rolled_back/);
    for (const w of workers) assert.deepEqual(filesOf(w), [], `${w.name} is undone`);
    const result = JSON.parse(readFileSync(join(runDir, "result.json"), "utf8")) as RunResultFile;
    assert.equal(result.status, "rolled_back");
  });
});

describe("momoflow run --on: a lost worker, a cancelled run", function () {
  this.timeout(120_000);
  const cluster = useWorkerCluster("momoflow-dist-faults-", SPREAD);
  const tmp = cluster.tmp;

  function worker(name: string, extra: string[] = []): Promise<WorkerProcess> {
    return cluster.worker(`${name}-${cluster.tag}`, join(tmp(), name), extra);
  }

  it("a worker killed mid-step fails the run, naming it; its step is undone from its own record once it is back", async () => {
    // A short lock (a duration, as the other options take): the worker's death is noticed in about two seconds.
    const w = await worker("solo", ["--lock-duration", "2s"]);
    const { child, done } = startCli(
      ["run", "flow.momoflow", "--workflow", "slow", "--on", cluster.redis.url],
      cluster.scheduler,
    );
    await waitFor(() => existsSync(join(w.workdir, "long.txt")), "the long step to start", 30_000);
    await w.kill();
    const run = await done;
    assert.equal(child.exitCode, 1, run.stdout + run.stderr);
    const result = latestResultAndDir(cluster.scheduler);
    const long = result.steps.find((s) => s.id === "long")!;
    // It failed (its worker was lost), and its undo could not be done: the worker is away.
    assert.equal(long.status, "rollback_failed", JSON.stringify(long));
    assert.match(run.stdout, new RegExp(`worker ${w.name} was lost while it ran the step`));
    assert.match(long.error ?? "", new RegExp(`worker ${w.name} is not connected`));
    // first was undone on its worker... which is gone too: nothing can be undone there now.
    assert.equal(result.status, "partially_rolled_back", run.stdout);
    assert.ok(existsSync(join(w.workdir, "long.txt")), "left as it is while its worker is away");

    // The worker comes back under its name: a rollback now undoes what it did, from its own record.
    const back = await cluster.worker(w.name, w.workdir);
    const rollback = await runCli(["rollback", result.dir], cluster.scheduler);
    assert.equal(rollback.code, 0, rollback.stdout + rollback.stderr);
    assert.deepEqual(filesOf(back), []);
    const after = JSON.parse(
      readFileSync(join(result.dir, "result.json"), "utf8"),
    ) as RunResultFile;
    assert.equal(after.status, "rolled_back");
  });

  it("a worker killed mid-step and started again finds its journal: a line torn by the kill is passed over, and the step is undone from it", async () => {
    const w = await worker("torn", ["--lock-duration", "2000"]);
    const { done } = startCli(
      ["run", "flow.momoflow", "--workflow", "slow", "--on", cluster.redis.url],
      cluster.scheduler,
    );
    await waitFor(() => existsSync(join(w.workdir, "long.txt")), "the long step to start", 30_000);
    await w.kill();
    await done;
    const result = latestResultAndDir(cluster.scheduler);
    assert.equal(result.steps.find((s) => s.id === "long")!.status, "rollback_failed");
    // As if the kill had cut a write short: half a line at the end of its last segment.
    const journal = segmentsOf(w, "main").at(-1)!;
    const before = readFileSync(journal, "utf8");
    assert.match(before, /"step_started"[^\n]*--long--1"/, "the intent is in the journal");
    assert.doesNotMatch(before, /"step_finished"[^\n]*--long--1"/, "no outcome: killed mid-step");
    appendFileSync(
      journal,
      `{"type":"step_finished","time":1,"step":"${result.runId}--long--1","status":"succ`,
    );

    // Back under its name, in the same folder: a new step, then the rollback of the killed run.
    const back = await cluster.worker(w.name, w.workdir);
    const again = await runCli(
      ["run", "flow.momoflow", "--workflow", "spread", "--on", cluster.redis.url],
      cluster.scheduler,
    );
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.ok(
      readFileSync(journal, "utf8").endsWith(`--long--1","status":"succ`),
      "the torn line stays as it was, at the end of its segment",
    );
    // The worker started again writes a new segment, which starts on a line of its own.
    const next = segmentsOf(back, "main").at(-1)!;
    assert.notEqual(next, journal);
    assert.match(readFileSync(next, "utf8"), /^\{"type":"run_started"/);
    const rollback = await runCli(["rollback", result.dir], cluster.scheduler);
    assert.equal(rollback.code, 0, rollback.stdout + rollback.stderr);
    assert.match(rollback.stdout, /↶ long rolled_back[\s\S]*↶ first rolled_back/);
    assert.deepEqual(
      filesOf(back),
      ["join.txt", "left.txt", "right.txt"],
      "the killed run undone; the later run's files stay",
    );
    assert.match(
      journalOf(back),
      /"step_rolled_back"[^\n]*--long--1","status":"rolled_back"/,
      "its undo is in the journal",
    );
    // Undone once: a second rollback finds it done.
    const twice = await runCli(["rollback", result.dir], cluster.scheduler);
    assert.equal(twice.code, 0, twice.stdout + twice.stderr);
  });

  it("refuses a second worker of the same name in the same folder: its journal has one writer", async () => {
    const w = await worker("single");
    const second = await runCli(
      ["worker", "--on", cluster.redis.url, "--name", w.name, "--workdir", w.workdir],
      cluster.scheduler,
    );
    assert.notEqual(second.code, 0);
    assert.match(
      second.stderr,
      new RegExp(`worker ${w.name} already runs in this working directory \\(pid ${w.pid}\\)`),
    );
  });

  it("refuses a second worker of a name connected to the same Redis from another folder; once the first is killed, the name is free again", async () => {
    const first = await worker("twin");
    const elsewhere = join(cluster.tmp(), "elsewhere");
    mkdirSync(elsewhere);
    const second = await runCli(
      ["worker", "--on", cluster.redis.url, "--name", first.name, "--workdir", elsewhere],
      cluster.scheduler,
    );
    // Its undos would go to either: the one that did not run a step would report it undone.
    assert.equal(second.code, 1, second.stdout + second.stderr);
    assert.match(
      second.stderr,
      new RegExp(
        `a worker named ${first.name} is already connected to this Redis \\(from 127\\.0\\.0\\.1:\\d+\\)`,
      ),
    );
    assert.doesNotMatch(second.stdout, /ready/);
    await first.kill();
    // Killed, its connections are closed: started again (here, elsewhere) under its name, it is taken.
    const again = await cluster.worker(first.name, elsewhere);
    assert.match(again.output(), new RegExp(`worker ${first.name} ready`));
  });

  it("of workers of one name started at the same instant, one takes the name, the others are refused", async () => {
    const name = `same-${cluster.tag}`;
    // Redis holds every command for a while: the workers' first commands wait, then come at once.
    const pauser = new Redis(cluster.redis.url);
    await pauser.call("CLIENT", "PAUSE", "3000", "ALL");
    await pauser.quit();
    const started = ["1", "2", "3", "4"].map((folder) => {
      const workdir = join(cluster.tmp(), `same-${folder}`);
      mkdirSync(workdir);
      const { child, done } = startCli(
        ["worker", "--on", cluster.redis.url, "--name", name, "--workdir", workdir],
        cluster.scheduler,
        // Each waits between its name checks and its registration: all four check before any registers.
        { MOMOFLOW_TEST_PAUSE_AFTER_NAME_CHECK_MS: "2000" },
      );
      let out = "";
      child.stdout!.on("data", (d) => (out += d));
      const state = {
        child,
        done,
        ended: false,
        ready: () => out.includes(`worker ${name} ready`),
      };
      void done.then(() => (state.ended = true));
      return state;
    });
    try {
      await waitFor(
        () => started.every((w) => w.ended || w.ready()),
        "each worker to be ready or refused",
        30_000,
      );
      const ready = started.filter((w) => w.ready() && !w.ended);
      const refused = started.filter((w) => w.ended);
      assert.equal(ready.length, 1, "one worker took the name");
      assert.equal(refused.length, started.length - 1, "the others were refused");
      for (const w of refused) {
        const outcome = await w.done;
        assert.equal(outcome.code, 1, outcome.stdout + outcome.stderr);
        assert.match(outcome.stderr, new RegExp(`a worker named ${name} is already connected`));
      }
    } finally {
      for (const w of started) if (!w.ended) w.child.kill("SIGTERM");
      await Promise.all(started.map((w) => w.done));
    }
  });

  it("a js() step that keeps its thread busy longer than the lock does not lose its worker", async () => {
    writeFileSync(
      join(cluster.scheduler, "spin.mjs"),
      "export function spin() { const end = Date.now() + 3000; while (Date.now() < end); return 'spun'; }\n",
    );
    const w = await worker("busy", ["--lock-duration", "1000"]);
    // The worker runs steps where it is: js() modules must be there at the same relative path.
    writeFileSync(join(w.workdir, "spin.mjs"), readFileSync(join(cluster.scheduler, "spin.mjs")));
    const run = await runCli(
      ["run", "flow.momoflow", "--workflow", "busy", "--on", cluster.redis.url],
      cluster.scheduler,
    );
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const spin = latestResultAndDir(cluster.scheduler).steps[0]!;
    assert.equal(spin.status, "success");
    assert.equal(spin.output, "spun");
    assert.equal(spin.worker, w.name);
    // It ran in a step thread, which keeps a journal file of its own.
    assert.match(journalOf(w, "0"), /"step_finished"[^\n]*--spin--1","status":"success"/);
  });

  it("runs_on sends a step to the workers of its queue, the others to the default queue", async () => {
    const plain = await worker("plain");
    const gpu = await worker("gpu", ["--queue", "gpu"]);
    const run = await runCli(
      ["run", "flow.momoflow", "--workflow", "pinned", "--on", cluster.redis.url],
      cluster.scheduler,
    );
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const ranIn = Object.fromEntries(
      latestResultAndDir(cluster.scheduler).steps.map((s) => [s.id, String(s.output).trim()]),
    );
    assert.deepEqual(ranIn, { gpu: gpu.workdir, cpu: plain.workdir });
  });

  it("retry_on_lost_worker: a step whose worker is lost runs again on another worker", async () => {
    const first = await worker("first", ["--lock-duration", "2000"]);
    const { done } = startCli(
      ["run", "flow.momoflow", "--workflow", "lossy", "--on", cluster.redis.url],
      cluster.scheduler,
    );
    await waitFor(
      () => existsSync(join(first.workdir, "started.txt")),
      "the step to start on the first worker",
      30_000,
    );
    const second = await worker("second", ["--lock-duration", "2000"]);
    await first.kill();
    const run = await done;
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, new RegExp(`worker ${first.name} was lost[^\\n]*sending it again`));
    const long = latestResultAndDir(cluster.scheduler).steps.find((s) => s.id === "long")!;
    assert.equal(String(long.output).trim(), second.workdir, "it ran again, on the second worker");
  });

  it("a step that timed out on its worker: the record names that worker, and it is undone there", async () => {
    const w = await worker("timed");
    const run = await runCli(
      ["run", "flow.momoflow", "--workflow", "timed", "--on", cluster.redis.url],
      cluster.scheduler,
    );
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const long = latestResultAndDir(cluster.scheduler).steps.find((s) => s.id === "long")!;
    assert.match(long.error ?? "", /timed out after 2s/);
    assert.equal(long.worker, w.name, "the record names the worker that held the step");
    assert.deepEqual(filesOf(w), [], "undone on the worker");
  });

  it("a cancelled step whose worker does not answer within the grace: given up, its undo given up at its rollback_timeout, the record names that worker", async () => {
    const w = await worker("frozen");
    const { child, done } = startCli(
      ["run", "flow.momoflow", "--workflow", "frozen", "--on", cluster.redis.url],
      cluster.scheduler,
    );
    const pidFile = join(w.workdir, "long.pid");
    try {
      await waitFor(() => existsSync(pidFile), "the long step to start", 30_000);
      // The scheduler reads who holds a job once a second: it records the worker once it saw it.
      await waitFor(
        () =>
          journalEvents(runDirOf(cluster.scheduler)).some(
            (e) =>
              e.type === "step_rollback_data" &&
              e.step === "long" &&
              (e.data as { heldBy?: string[] }).heldBy?.includes(w.name) === true,
          ),
        "the scheduler to record the worker holding the long step",
        30_000,
      );
      // A frozen worker hears no cancellation: the scheduler gives the step up after the grace.
      process.kill(w.pid, "SIGSTOP");
      child.kill("SIGINT");
      const run = await done;
      assert.equal(run.code, 130, run.stdout + run.stderr);
      const long = latestResultAndDir(cluster.scheduler).steps.find((s) => s.id === "long")!;
      assert.match(
        run.stdout,
        /long cancelled[\s\S]*did not stop within 5s of the run being stopped/,
      );
      // Its undo waits for the frozen worker until the step's rollback_timeout.
      assert.equal(long.status, "rollback_failed", run.stdout);
      assert.match(long.error ?? "", /given up after 1s \(its rollback_timeout\)/);
      assert.equal(long.worker, w.name, "the record names the worker that held the step");
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      // Killed here, while still frozen: woken, it would write into the folder being removed.
      await w.kill();
      const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, "utf8").trim()) : 0;
      if (pid > 0) process.kill(pid, "SIGKILL");
    }
  });

  it("Ctrl+C on the scheduler stops the step on its worker and rolls back there; the step's log comes home", async () => {
    const w = await worker("one");
    const { child, done } = startCli(
      ["run", "flow.momoflow", "--workflow", "slow", "--on", cluster.redis.url],
      cluster.scheduler,
    );
    await waitFor(() => existsSync(join(w.workdir, "long.txt")), "the long step to start", 30_000);
    child.kill("SIGINT");
    const run = await done;
    assert.equal(run.code, 130, run.stdout + run.stderr);
    const result = latestResultAndDir(cluster.scheduler);
    assert.equal(result.status, "cancelled", run.stdout);
    assert.deepEqual(filesOf(w), [], "both steps undone on the worker");
    assert.match(w.output(), /undo long/);
    const long = result.steps.find((s) => s.id === "long")!;
    assert.equal(long.worker, w.name, "the record names the worker that held the cancelled step");
    // What the worker's step printed is in the scheduler's log of the step.
    const first = result.steps.find((s) => s.id === "first")!;
    assert.ok(first.log, "first has a log");
    assert.match(
      readFileSync(join(result.dir, first.log), "utf8"),
      new RegExp(`ran on worker ${w.name}[\\s\\S]*printed on the worker`),
    );
  });
});

describe("momoflow run --on: Redis restarted mid-run", function () {
  this.timeout(90_000);
  const tmp = useTempDir("momoflow-dist-restart-");
  let redis: RedisServer;
  let worker: WorkerProcess | undefined;

  before(async () => {
    redis = await startRedis({ persistent: true });
  });
  after(async () => {
    await worker?.kill();
    await redis?.stop();
  });

  it("the run goes on once Redis is back: a step that ended while it was away is reported, and the next one runs", async () => {
    const scheduler = join(tmp(), "scheduler");
    mkdirSync(scheduler);
    writeFileSync(join(scheduler, "flow.momoflow"), SPREAD);
    worker = await startWorker(redis.url, "restarted", join(tmp(), "w"));
    const { done } = startCli(
      ["run", "flow.momoflow", "--workflow", "restarts", "--on", redis.url],
      scheduler,
    );
    await waitFor(
      () => existsSync(join(worker!.workdir, "first.txt")),
      "the first step to start",
      30_000,
    );
    // Down for longer than the step runs: it ends while Redis is away, and
    // its worker reports it (and the scheduler learns of it) only once it is back.
    await redis.restart(3000);
    const run = await done;
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const result = latestResultAndDir(scheduler);
    assert.deepEqual(
      result.steps.map((s) => [s.id, s.status]),
      [
        ["first", "success"],
        ["second", "success"],
      ],
    );
    assert.equal(String(result.steps[1]!.output).trim(), worker.workdir);
    assert.match(worker.output(), /Redis is not reachable[\s\S]*Redis is back/);
  });
});

describe("momoflow worker and run --on: bad input", () => {
  const tmp = useTempDir("momoflow-dist-usage-");

  it("refuses a worker without --on or --name, or with a bad name, saying which (exit 2)", async () => {
    const noOn = await runCli(["worker", "--name", "w1"], tmp());
    assert.equal(noOn.code, 2);
    assert.match(noOn.stderr, /worker needs --on <redis-url>/);
    const noName = await runCli(["worker", "--on", "redis://127.0.0.1:1"], tmp());
    assert.equal(noName.code, 2);
    assert.match(noName.stderr, /worker needs --name <name>/);
    const badName = await runCli(["worker", "--on", "redis://127.0.0.1:1", "--name", "a b"], tmp());
    assert.equal(badName.code, 2);
    assert.match(badName.stderr, /--name a b: use letters, digits/);
  });

  it("refuses a segment size or a retention it cannot read, saying which (exit 2)", async () => {
    const retain = await runCli(["worker", "--prune", "--name", "w1", "--retain", "5days"], tmp());
    assert.equal(retain.code, 2, retain.stdout + retain.stderr);
    assert.match(retain.stderr, /--retain 5days: expected a duration \(30s, 5m, 720h\)/);
    const size = await runCli(
      ["worker", "--on", "redis://127.0.0.1:1", "--name", "w1", "--segment-size", "0KB"],
      tmp(),
    );
    assert.equal(size.code, 2, size.stdout + size.stderr);
    assert.match(size.stderr, /--segment-size 0KB: expected a size \(512KB, 64MB\)/);
    const lock = await runCli(
      ["worker", "--on", "redis://127.0.0.1:1", "--name", "w1", "--lock-duration", "5x"],
      tmp(),
    );
    assert.equal(lock.code, 2, lock.stdout + lock.stderr);
    assert.match(
      lock.stderr,
      /--lock-duration 5x: expected a duration \(30s, 2m\) or a whole number of milliseconds \(30000\)/,
    );
    assert.equal(existsSync(join(tmp(), ".momoflow")), false, "nothing was pruned or started");
  });

  it("refuses a URL that is not Redis's, before anything runs (exit 2)", async () => {
    writeFileSync(join(tmp(), "f.momoflow"), 'workflow w { step a { run: "touch ran" } }\n');
    const run = await runCli(["run", "f.momoflow", "--on", "http://127.0.0.1:6379"], tmp());
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(run.stderr, /--on http:\/\/127\.0\.0\.1:6379: expected redis:\/\/ or rediss:\/\//);
    assert.equal(existsSync(join(tmp(), "ran")), false);
  });

  it("a refused connection (nothing listens at the address) is said at once, naming it and how to start Redis and a worker; nothing runs (exit 2)", async () => {
    writeFileSync(join(tmp(), "f.momoflow"), 'workflow w { step a { run: "touch ran" } }\n');
    // Bound, then closed: nothing listens there, every connection is refused.
    const port = await freePort();
    const started = Date.now();
    const run = await runCli(["run", "f.momoflow", "--on", `redis://127.0.0.1:${port}`], tmp());
    const took = Date.now() - started;
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(
      run.stderr,
      new RegExp(
        `--on: nothing listens at redis://127\\.0\\.0\\.1:${port} \\(connection refused\\): start Redis there \\(redis-server --port ${port}\\) and a worker \\(momoflow worker --on redis://127\\.0\\.0\\.1:${port} --name NAME\\), or give --on the address where Redis listens; nothing was run\\n`,
      ),
    );
    assert.doesNotMatch(run.stderr, /did not answer within/);
    // Refused is refused: not waited for as a Redis that is slow to answer (10 s). The bound holds a
    // CLI start on a loaded machine; the wait it replaces was 10 s.
    assert.ok(took < 6_000, `it took ${took} ms`);
    assert.equal(existsSync(join(tmp(), "ran")), false);
    assert.equal(existsSync(join(tmp(), ".momoflow", "runs")), false, "no run was recorded");
  });

  it("a worker whose Redis refuses the connection says so at once, naming the address, and exits (exit 2): no endless stack traces", async () => {
    const port = await freePort();
    const { child, done } = startCli(
      ["worker", "--on", `redis://127.0.0.1:${port}`, "--name", "w1", "--workdir", tmp()],
      tmp(),
    );
    try {
      let ended = false;
      void done.then(() => (ended = true));
      await waitFor(() => ended, "the worker to exit", 30_000);
      const end = await done;
      assert.equal(end.code, 2, end.stdout + end.stderr);
      assert.match(
        end.stderr,
        new RegExp(
          `--on: nothing listens at redis://127\\.0\\.0\\.1:${port} \\(connection refused\\): start Redis there .*; the worker did not start\\n`,
        ),
      );
      assert.doesNotMatch(end.stderr, /Unhandled error event/);
      assert.equal(existsSync(join(tmp(), ".momoflow")), false, "nothing was made");
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await done;
    }
  });

  it("a Redis that takes the connection and never answers is waited for up to its deadline, then said; nothing runs (exit 2, no hang)", async () => {
    writeFileSync(join(tmp(), "f.momoflow"), 'workflow w { step a { run: "touch ran" } }\n');
    // Listens and accepts, says nothing: a Redis that hangs, or something else at its port.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as AddressInfo).port;
    try {
      const run = await runCli(["run", "f.momoflow", "--on", `redis://127.0.0.1:${port}`], tmp());
      assert.equal(run.code, 2, run.stdout + run.stderr);
      assert.match(
        run.stderr,
        new RegExp(`--on: Redis at redis://127\\.0\\.0\\.1:${port} did not answer within 10s`),
      );
      assert.doesNotMatch(run.stderr, /the run waits for it/);
      assert.equal(existsSync(join(tmp(), "ran")), false);
      assert.equal(existsSync(join(tmp(), ".momoflow", "runs")), false, "no run was recorded");
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
