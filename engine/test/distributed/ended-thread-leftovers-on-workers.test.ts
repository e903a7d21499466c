import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, startCli, waitFor } from "../support/cli-process";
import { said } from "../support/cli-said";
import { isAlive } from "../support/process-liveness";
import { latestResult } from "../support/run-record-files";
import { useWorkerCluster } from "../support/worker-cluster";
import type { WorkerProcess } from "../support/worker-process";

/**
 * `spin` keeps its thread busy for ever; `children` starts a child process
 * each way `child_process` has (their pids to children.txt), then spins;
 * `daemon` starts one (its pid to daemon.txt) and returns.
 */
const MODULE = `import { appendFileSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { exec, execFile, fork, spawn } from "node:child_process";
const note = (context, line) => appendFileSync(join(context.workingDirectory, "ops.log"), line + "\\n");
export function unmake(args, context) { note(context, "undo-" + args.name); }
export function spin(args, context) { note(context, "spin-" + args.name); for (;;); }
export function children(args, context) {
  const pids = [
    spawn("sleep", ["600"], { stdio: "ignore" }).pid,
    exec("exec sleep 600").pid,
    execFile("sleep", ["600"]).pid,
    fork(args.idle, [], { stdio: "ignore" }).pid,
  ];
  writeFileSync(join(context.workingDirectory, "children.txt"), pids.join("\\n"));
  note(context, "spin-" + args.name);
  for (;;);
}
export async function childrenAfterIo(args, context) {
  const pid = spawn("sleep", ["600"], { stdio: "ignore" }).pid;
  writeFileSync(join(context.workingDirectory, "children.txt"), String(pid));
  // Its continuation, and the loop below, run in a callback of the event loop's poll phase.
  await readFile(join(context.workingDirectory, "children.txt"));
  note(context, "spin-" + args.name);
  for (;;);
}
export function daemon(args, context) {
  const pid = spawn("sleep", ["600"], { stdio: "ignore" }).pid;
  writeFileSync(join(context.workingDirectory, "daemon.txt"), String(pid));
  note(context, "daemon");
}
`;

/** What the forked child runs: nothing, for ever. */
const IDLE = `setInterval(() => {}, 60_000);\n`;

const FLOWS = `
workflow stuck_step {
  step busy {
    run: js("./spin.mjs", "spin", name: "busy")
    rollback: js("./spin.mjs", "unmake", name: "busy")
    timeout: 1s
  }
}

workflow stuck_with_children {
  step busy {
    run: js("./spin.mjs", "children", name: "busy", idle: "./idle.cjs")
    rollback: js("./spin.mjs", "unmake", name: "busy")
    timeout: 1s
  }
}

workflow stuck_after_io {
  step busy {
    run: js("./spin.mjs", "childrenAfterIo", name: "busy")
    rollback: js("./spin.mjs", "unmake", name: "busy")
    timeout: 1s
  }
}

workflow daemon_stopped_by_rollback {
  step starts { run: js("./spin.mjs", "daemon") rollback: "kill $(cat daemon.txt)" }
  step busy {
    needs: starts
    run: js("./spin.mjs", "spin", name: "busy")
    rollback: js("./spin.mjs", "unmake", name: "busy")
    timeout: 1s
  }
}

workflow daemon_then_stuck {
  step starts { run: js("./spin.mjs", "daemon") rollback: none }
  step busy {
    needs: starts
    run: js("./spin.mjs", "spin", name: "busy")
    rollback: js("./spin.mjs", "unmake", name: "busy")
    timeout: 1s
  }
}
`;

/** The files of the worker's journal folder its process holds open (by `/proc/<pid>/fd`). */
function openJournalFiles(w: WorkerProcess): string[] {
  const dir = join(w.workdir, ".momoflow", "workers", w.name);
  const fds = `/proc/${w.pid}/fd`;
  const open: string[] = [];
  for (const fd of readdirSync(fds)) {
    let target: string;
    try {
      target = readlinkSync(join(fds, fd));
    } catch {
      continue; // Closed meanwhile.
    }
    if (target.startsWith(`${dir}/`)) open.push(target.slice(dir.length + 1));
  }
  return open.sort();
}

/**
 * The pids of the worker's children that exited and were never reaped
 * (zombies, state Z in `/proc/<pid>/stat`, their parent the worker).
 */
function zombieChildren(w: WorkerProcess): number[] {
  const zombies: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "latin1");
    } catch {
      continue; // Gone meanwhile.
    }
    // After the command's closing parenthesis: state, then the parent's pid.
    const [state, parent] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (state === "Z" && Number(parent) === w.pid) zombies.push(Number(entry));
  }
  return zombies;
}

/** The first step thread's segments (slot 0): `journal-0-<n>.jsonl`. */
const firstThreadSegment = (file: string): boolean => /^journal-0-\d+\.jsonl$/.test(file);

/**
 * What a step thread the worker ended leaves in the worker's process: file
 * descriptors and child processes belong to the process, not the thread,
 * so ending the thread (`Worker#terminate`) frees neither — the worker does.
 */
describe("what a step thread ended by its worker leaves behind (real redis-server, workers)", function () {
  this.timeout(120_000);
  const cluster = useWorkerCluster("momoflow-dist-ended-thread-", FLOWS);
  /** Pids a test must not leave running, whatever it asserts. */
  const started: number[] = [];

  afterEach(() => {
    for (const pid of started.splice(0)) if (isAlive(pid)) process.kill(pid, "SIGKILL");
  });

  async function worker(): Promise<WorkerProcess> {
    writeFileSync(join(cluster.scheduler, "spin.mjs"), MODULE);
    writeFileSync(join(cluster.scheduler, "idle.cjs"), IDLE);
    return cluster.worker(`wl-${cluster.tag}`, join(cluster.tmp(), "ws"));
  }

  const ops = (worker: WorkerProcess): string[] => {
    const file = join(worker.workdir, "ops.log");
    return existsSync(file) ? readFileSync(file, "utf8").trim().split("\n") : [];
  };

  const pidsIn = (w: WorkerProcess, file: string): number[] =>
    readFileSync(join(w.workdir, file), "utf8").trim().split("\n").map(Number);

  const recorded = (id: string): { status: string; error?: string } =>
    latestResult(cluster.scheduler).steps.find((s) => s.id === id)!;

  // Node closes the files a thread opened when it exits (`trackUnmanagedFds`, its default, which the worker sets).
  it("an ended thread's journal segment is closed: the worker no longer holds it open", async () => {
    const w = await worker();
    const { child, done } = startCli(
      ["run", "flow.momoflow", "--workflow", "stuck_step", "--on", cluster.redis.url],
      cluster.scheduler,
    );
    try {
      await waitFor(() => ops(w).includes("spin-busy"), "the step to spin", 30_000);
      const during = openJournalFiles(w);
      assert.ok(during.some(firstThreadSegment), during.join(", "));
      const out = await done;
      assert.equal(out.code, 1, said(out));
      assert.match(recorded("busy").error ?? "", /its step thread was ended/, said(out));
      await waitFor(
        () => !openJournalFiles(w).some(firstThreadSegment),
        `the ended thread's segment to be closed (open: ${openJournalFiles(w).join(", ")})`,
        30_000,
      );
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
  });

  it("the child processes of an ended thread's step are ended (spawn, exec, execFile, fork)", async () => {
    const w = await worker();
    const out = await runCli(
      ["run", "flow.momoflow", "--workflow", "stuck_with_children", "--on", cluster.redis.url],
      cluster.scheduler,
    );
    assert.equal(out.code, 1, said(out));
    assert.match(recorded("busy").error ?? "", /its step thread was ended/, said(out));
    const pids = pidsIn(w, "children.txt");
    started.push(...pids);
    assert.equal(pids.length, 4);
    await waitFor(
      () => pids.every((pid) => !isAlive(pid)),
      `the children ${pids.join(", ")} to end`,
      30_000,
    );
    assert.match(w.output(), /ending the child process\(es\) its ended step thread left running/);
  });

  it("the child processes of an ended thread's step are reaped: none is left a zombie of the worker", async function () {
    if (process.platform !== "linux") this.skip();
    const w = await worker();
    const out = await runCli(
      ["run", "flow.momoflow", "--workflow", "stuck_with_children", "--on", cluster.redis.url],
      cluster.scheduler,
    );
    assert.equal(out.code, 1, said(out));
    const pids = pidsIn(w, "children.txt");
    started.push(...pids);
    await waitFor(
      () => pids.every((pid) => !isAlive(pid)),
      `the children ${pids.join(", ")} to end`,
      30_000,
    );
    // Reaped as they end: a worker that runs for months must not fill the process table.
    await waitFor(
      () => zombieChildren(w).length === 0,
      "the worker to reap its children",
      10_000,
    ).catch(() => undefined);
    assert.deepEqual(zombieChildren(w), [], "zombies of the worker");
  });

  // Stopping such a thread's code first (the inspector's Runtime.terminateExecution) made Node 20 abort the
  // whole worker (an assertion in InternalCallbackScope::Close): the thread is ended as it is, its children
  // ended; one of them may stay a zombie of the worker until it exits (docs/language.md says so).
  it("a thread ended while busy after an await of I/O: its child is ended and the worker stays up", async () => {
    const w = await worker();
    const out = await runCli(
      ["run", "flow.momoflow", "--workflow", "stuck_after_io", "--on", cluster.redis.url],
      cluster.scheduler,
    );
    assert.equal(out.code, 1, said(out));
    assert.match(recorded("busy").error ?? "", /its step thread was ended/, said(out));
    // The rollback reached the worker: it was still there to undo the step.
    assert.equal(recorded("busy").status, "rolled_back", `${said(out)}\n${w.output()}`);
    const pids = pidsIn(w, "children.txt");
    started.push(...pids);
    await waitFor(
      () => pids.every((pid) => !isAlive(pid)),
      `the child ${pids.join(", ")} to end`,
      10_000,
    );
    assert.equal(w.exited(), undefined, w.output());
  });

  it("a daemon of a step that ended on its own, stopped by its rollback after a later step's thread was ended, is reaped", async function () {
    if (process.platform !== "linux") this.skip();
    const w = await worker();
    const out = await runCli(
      [
        "run",
        "flow.momoflow",
        "--workflow",
        "daemon_stopped_by_rollback",
        "--on",
        cluster.redis.url,
      ],
      cluster.scheduler,
    );
    assert.equal(out.code, 1, said(out));
    assert.match(recorded("busy").error ?? "", /its step thread was ended/, said(out));
    assert.equal(recorded("starts").status, "rolled_back", said(out));
    const [daemon] = pidsIn(w, "daemon.txt") as [number];
    started.push(daemon);
    await waitFor(() => !isAlive(daemon), `the daemon ${daemon} to end`, 10_000);
    await waitFor(
      () => zombieChildren(w).length === 0,
      "the worker to reap its children",
      5_000,
    ).catch(() => undefined);
    assert.deepEqual(zombieChildren(w), [], "zombies of the worker");
  });

  it("a child process of a step that ended on its own runs on when a later step's thread is ended", async () => {
    const w = await worker();
    const out = await runCli(
      ["run", "flow.momoflow", "--workflow", "daemon_then_stuck", "--on", cluster.redis.url],
      cluster.scheduler,
    );
    assert.equal(out.code, 1, said(out));
    assert.equal(recorded("starts").status, "success", said(out));
    assert.match(recorded("busy").error ?? "", /its step thread was ended/, said(out));
    const [daemon] = pidsIn(w, "daemon.txt") as [number];
    started.push(daemon);
    // One step at a time: the daemon's thread keeps it (and reaps it); a new thread took the next step, and was ended.
    assert.deepEqual(ops(w), ["daemon", "spin-busy", "undo-busy"]);
    // Past the grace in which an ended thread's children are killed.
    const wait = Date.now() + 5_000;
    await waitFor(() => Date.now() > wait || !isAlive(daemon), "the grace to pass", 10_000);
    assert.equal(isAlive(daemon), true, w.output());
  });
});
