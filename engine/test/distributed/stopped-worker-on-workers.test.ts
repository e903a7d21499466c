import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, startCli, waitFor } from "../support/cli-process";
import { said } from "../support/cli-said";
import { isAlive } from "../support/process-liveness";
import { latestResult, latestRunDir } from "../support/run-record-files";
import { useWorkerCluster } from "../support/worker-cluster";
import type { WorkerProcess } from "../support/worker-process";

/** `spin` notes that it started in ops.log (in the worker's folder), then keeps its thread busy for ever. */
const MODULE = `import { appendFileSync } from "node:fs";
import { join } from "node:path";
const note = (context, line) => appendFileSync(join(context.workingDirectory, "ops.log"), line + "\\n");
export function make(args, context) { note(context, "make-" + args.name); }
export function unmake(args, context) { note(context, "undo-" + args.name); }
export function spin(args, context) { note(context, "spin-" + args.name); for (;;); }
`;

const FLOWS = `
workflow stuck_step {
  step busy {
    run: js("./spin.mjs", "spin", name: "busy")
    rollback: js("./spin.mjs", "unmake", name: "busy")
    rollback_timeout: 30s
  }
}

workflow short_nap {
  step short {
    run: "echo nap-started >> ops.log && sleep 3 && echo nap-ended >> ops.log"
    rollback: "echo undone >> ops.log"
  }
}

workflow napping {
  step nap {
    run: "echo $$ > nap.pid && sleep 600"
    rollback: "echo undone >> ops.log"
  }
}

workflow stuck_undo {
  step held {
    run: js("./spin.mjs", "make", name: "held")
    rollback: js("./spin.mjs", "spin", name: "held")
    rollback_timeout: 60s
  }
  step boom { needs: held run: "exit 3" rollback: none }
}
`;

/**
 * A worker stopped (Ctrl+C, SIGTERM) while a `js()` step or undo of its is
 * stuck in a CPU loop: it stops taking jobs and stops what it runs; what
 * does not stop within the grace is ended with its thread, and recorded so;
 * then the worker exits — it never waits for ever on a thread that cannot
 * hear it.
 */
describe("a worker stopped (Ctrl+C, SIGTERM) while a step or undo of its runs (real redis-server, workers)", function () {
  this.timeout(180_000);
  const cluster = useWorkerCluster("momoflow-dist-stopped-worker-", FLOWS);

  /** A worker whose stop lets its steps go on for `grace` (short: what these tests stop is stuck). */
  async function worker(grace = "1s"): Promise<WorkerProcess> {
    writeFileSync(join(cluster.scheduler, "spin.mjs"), MODULE);
    return cluster.worker(`wstop-${cluster.tag}`, join(cluster.tmp(), "ws"), [
      "--stop-grace",
      grace,
    ]);
  }

  const ops = (worker: WorkerProcess): string[] => {
    const file = join(worker.workdir, "ops.log");
    return existsSync(file) ? readFileSync(file, "utf8").trim().split("\n") : [];
  };

  const recorded = (id: string): { status: string; error?: string } =>
    latestResult(cluster.scheduler).steps.find((s) => s.id === id)!;

  /** Signals the worker (unless `signal` is undefined: signalled before), and waits (up to 60 s) for it to exit on its own. */
  async function stopWorker(w: WorkerProcess, signal: NodeJS.Signals | undefined): Promise<void> {
    if (signal !== undefined) process.kill(w.pid, signal);
    await waitFor(() => w.exited() !== undefined, `worker ${w.name} to exit`, 60_000);
    const end = w.exited()!;
    assert.equal(end.code, 0, said(end));
    assert.equal(isAlive(w.pid), false);
  }

  it("Ctrl+C on the worker ends its stuck step's thread, the step fails saying the worker was stopped, the worker exits, and the step is undone once it is back", async () => {
    const w = await worker();
    const { child, done } = startCli(
      ["run", "flow.momoflow", "--workflow", "stuck_step", "--on", cluster.redis.url],
      cluster.scheduler,
    );
    try {
      await waitFor(() => ops(w).includes("spin-busy"), "the step to spin", 30_000);
      await stopWorker(w, "SIGINT");
      const out = await done;
      assert.equal(out.code, 1, said(out) + w.output());
      const busy = recorded("busy");
      assert.match(
        busy.error ?? "",
        new RegExp(
          `worker ${w.name} was stopped \\(SIGINT\\); it did not stop within 3s, so its step thread was ended`,
        ),
        said(out),
      );
      // As for a worker stopped while a normal step runs: its undo waits for it.
      assert.equal(busy.status, "rollback_failed", said(out));
      assert.match(
        out.stdout,
        /worker .* is not connected: its undo of busy waits until it is back/,
      );
      assert.equal(latestResult(cluster.scheduler).status, "partially_rolled_back", said(out));
      assert.match(
        w.output(),
        /busy .*worker .* was stopped \(SIGINT\); it did not stop within 3s/,
      );
      assert.deepEqual(ops(w), ["spin-busy"]);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
    const back = await cluster.worker(w.name, w.workdir);
    const again = await runCli(["rollback", latestRunDir(cluster.scheduler)!], cluster.scheduler);
    assert.equal(again.code, 0, said(again) + back.output());
    assert.equal(recorded("busy").status, "rolled_back", said(again));
    assert.deepEqual(ops(w), ["spin-busy", "undo-busy"]);
  });

  it("Ctrl+C on the worker lets a step that ends within --stop-grace end: the run succeeds, and the worker exits after it", async () => {
    const w = await worker("60s");
    const { child, done } = startCli(
      ["run", "flow.momoflow", "--workflow", "short_nap", "--on", cluster.redis.url],
      cluster.scheduler,
    );
    try {
      await waitFor(() => ops(w).includes("nap-started"), "the step to start", 30_000);
      process.kill(w.pid, "SIGINT");
      await waitFor(() => /takes no more steps/.test(w.output()), "the worker to say so", 30_000);
      // Not stopped: the step goes on while the worker waits for it.
      assert.equal(w.exited(), undefined, w.output());
      const out = await done;
      assert.equal(out.code, 0, said(out) + w.output());
      assert.equal(recorded("short").status, "success", said(out));
      assert.deepEqual(ops(w), ["nap-started", "nap-ended"]);
      await stopWorker(w, undefined);
      assert.match(
        w.output(),
        /takes no more steps; the steps it runs have 1m to end, then are stopped; then exits/,
      );
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
  });

  it("Ctrl+C on the worker stops its running shell step as a cancellation does (its process group gets SIGTERM), and the worker exits", async () => {
    const w = await worker();
    const { child, done } = startCli(
      ["run", "flow.momoflow", "--workflow", "napping", "--on", cluster.redis.url],
      cluster.scheduler,
    );
    const pidFile = join(w.workdir, "nap.pid");
    try {
      await waitFor(
        () => existsSync(pidFile) && readFileSync(pidFile, "utf8").endsWith("\n"),
        "the step to start",
        30_000,
      );
      const shell = Number(readFileSync(pidFile, "utf8"));
      await stopWorker(w, "SIGINT");
      await waitFor(() => !isAlive(shell), "the step's shell to be gone", 30_000);
      const out = await done;
      assert.equal(out.code, 1, said(out) + w.output());
      const nap = recorded("nap");
      assert.match(
        nap.error ?? "",
        new RegExp(`worker ${w.name} was stopped \\(SIGINT\\)`),
        said(out),
      );
      assert.equal(nap.status, "rollback_failed", said(out));
      // Its undo queue closed before the step was stopped: the rollback finds the worker gone.
      assert.match(out.stdout, /is not connected: its undo of nap waits until it is back/);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      // A worker that did not stop it (killed after the test) leaves the step's process running.
      const left = existsSync(pidFile) ? Number(readFileSync(pidFile, "utf8")) : 0;
      if (left > 0 && isAlive(left)) process.kill(left, "SIGKILL");
    }
  });

  it("SIGTERM on the worker ends its stuck undo's thread: the undo is rollback_failed saying the worker was stopped, and the worker exits", async () => {
    const w = await worker();
    const { child, done } = startCli(
      ["run", "flow.momoflow", "--workflow", "stuck_undo", "--on", cluster.redis.url],
      cluster.scheduler,
    );
    try {
      await waitFor(() => ops(w).includes("spin-held"), "the undo to spin", 30_000);
      await stopWorker(w, "SIGTERM");
      const out = await done;
      assert.equal(out.code, 1, said(out) + w.output());
      const held = recorded("held");
      assert.equal(held.status, "rollback_failed", said(out));
      assert.match(
        held.error ?? "",
        new RegExp(
          `worker ${w.name} was stopped \\(SIGTERM\\); it did not stop within 3s, so its step thread was ended`,
        ),
        said(out),
      );
      assert.deepEqual(ops(w), ["make-held", "spin-held"]);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
  });
});
