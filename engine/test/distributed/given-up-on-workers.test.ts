import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Queue } from "bullmq";
import { stepQueueName } from "../../src/distributed/queue-names";
import { runCli, startCli, waitFor } from "../support/cli-process";
import { printedSoFar } from "../support/printed-so-far";
import { latestResult, runDirOf } from "../support/run-record-files";
import { useWorkerCluster } from "../support/worker-cluster";
import type { WorkerProcess } from "../support/worker-process";

const FLOWS = `
workflow held {
  step long {
    run: "sleep 60 & echo $! > long.pid; wait"
    rollback: "true"
  }
}

workflow queued {
  step waits {
    runs_on: "nobody-here"
    timeout: 1s
    run: "touch ran.txt"
    rollback: "rm -f ran.txt"
  }
}

workflow stopped {
  step waits {
    runs_on: "nobody-here"
    run: "touch ran.txt"
    rollback: "rm -f ran.txt"
  }
}

workflow before {
  step touches {
    runs_on: "raced-before"
    run: "touch ran.txt"
    rollback: "true"
  }
}

workflow during {
  step touches {
    runs_on: "raced-during"
    run: "touch ran.txt"
    rollback: "true"
  }
}

workflow fanned {
  concurrency: 2
  step each {
    for_each: n in ["1", "2"]
    timeout: 2s
    run: "echo \${n} > ran-\${n}.txt; echo \${n} > each-\${n}.txt; sleep 60"
    rollback: "rm -f each-\${n}.txt"
  }
}
`;

/** The pid a worker's step wrote to `file` in its folder, once it has. */
function pidIn(worker: WorkerProcess, file: string): number {
  const path = join(worker.workdir, file);
  return existsSync(path) ? Number(readFileSync(path, "utf8").trim()) : 0;
}

/**
 * A remote step given up (its timeout, the run stopped) is recorded with the
 * worker that held it, read when it was given up — not only once the
 * scheduler's next read of its job (about once a second) saw it — and one no
 * worker took yet is taken off the queue: it never starts, and its record
 * names no worker.
 */
describe("momoflow run --on: a remote step given up names who held it, or that none did", function () {
  this.timeout(120_000);
  const cluster = useWorkerCluster("momoflow-dist-given-up-", FLOWS);

  it("a step given up at once (two Ctrl+C) just after its worker took it, before the scheduler read its job: the record names that worker", async () => {
    const w = await cluster.worker(`held-${cluster.tag}`, join(cluster.tmp(), "w"));
    const { child, done } = startCli(
      ["run", "flow.momoflow", "--workflow", "held", "--on", cluster.redis.url],
      cluster.scheduler,
    );
    const printed = printedSoFar(child, "stdout");
    try {
      await waitFor(() => pidIn(w, "long.pid") > 0, "the long step to start", 30_000);
      // A frozen worker answers no cancellation: only what the scheduler read can name it.
      process.kill(w.pid, "SIGSTOP");
      child.kill("SIGINT");
      // Sent before the first is taken, a second SIGINT merges into it (one pending signal).
      await waitFor(() => /Ctrl\+C: cancelling/.test(printed()), "the first Ctrl+C to be taken");
      child.kill("SIGINT");
      const run = await done;
      assert.equal(run.code, 130, run.stdout + run.stderr);
      const long = latestResult(cluster.scheduler).steps.find((s) => s.id === "long")!;
      assert.match(long.error ?? "", /the run was stopped at once/, run.stdout);
      assert.equal(long.worker, w.name, "the record names the worker that held the step");
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await w.kill();
      const pid = pidIn(w, "long.pid");
      if (pid > 0) process.kill(pid, "SIGKILL");
    }
  });

  it("a step given up (its timeout) before any worker took it: no worker in its record, its log says it never started, its job is off the queue, and its rollback has nothing to undo", async () => {
    // A worker known to this Redis but gone: an undo sent to every known worker would wait for it.
    await (await cluster.worker(`gone-${cluster.tag}`, join(cluster.tmp(), "gone"))).kill();
    const run = await runCli(
      ["run", "flow.momoflow", "--workflow", "queued", "--no-rollback", "--on", cluster.redis.url],
      cluster.scheduler,
    );
    assert.equal(run.code, 1, run.stdout + run.stderr);
    // Left waiting, the first worker of that queue to start would run it.
    const queue = new Queue(stepQueueName("nobody-here"), {
      connection: { host: "127.0.0.1", port: cluster.redis.port },
    });
    try {
      const counts = await queue.getJobCounts("waiting", "active", "delayed", "prioritized");
      assert.deepEqual(
        Object.values(counts).reduce((a, b) => a + b, 0),
        0,
        JSON.stringify(counts),
      );
    } finally {
      await queue.close();
    }
    const waits = latestResult(cluster.scheduler).steps.find((s) => s.id === "waits")!;
    assert.match(waits.error ?? "", /timed out after 1/);
    assert.equal(waits.worker, undefined, "no worker held it");
    assert.ok(waits.log, "it has a log");
    assert.match(
      readFileSync(join(runDirOf(cluster.scheduler), waits.log), "utf8"),
      /given up before any worker took it: it never started/,
    );
    const rollback = await runCli(["rollback", runDirOf(cluster.scheduler)], cluster.scheduler);
    assert.equal(rollback.code, 0, rollback.stdout + rollback.stderr);
  });

  it("a step given up at once (two Ctrl+C) before any worker took it: recorded as never started, cancelled, not undone — live and by momoflow rollback", async () => {
    const { child, done } = startCli(
      ["run", "flow.momoflow", "--workflow", "stopped", "--on", cluster.redis.url],
      cluster.scheduler,
    );
    let out = "";
    child.stdout!.on("data", (d) => (out += d));
    const queue = new Queue(stepQueueName("nobody-here"), {
      connection: { host: "127.0.0.1", port: cluster.redis.port },
    });
    try {
      while ((await queue.getWaitingCount()) === 0) {
        assert.equal(child.exitCode, null, out);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      child.kill("SIGINT");
      // Taken off the queue: the scheduler knows it never started, before it next reads the job.
      await waitFor(() => /it never started/.test(out), "the job taken off the queue", 30_000);
      child.kill("SIGINT");
      const run = await done;
      assert.equal(run.code, 130, run.stdout + run.stderr);
      const waits = latestResult(cluster.scheduler).steps.find((s) => s.id === "waits")!;
      assert.doesNotMatch(waits.error ?? "", /its work may go on/, run.stdout);
      assert.match(waits.error ?? "", /never started/, run.stdout);
      // Not half-done: nothing of it was undone, and it is no rolled-back step.
      assert.equal(waits.status, "cancelled", run.stdout);
      assert.equal(waits.worker, undefined);
      // Nothing is left to undo: the run asks for no rollback.
      assert.doesNotMatch(run.stdout, /undo what is left/, run.stdout);
      const again = await runCli(["rollback", runDirOf(cluster.scheduler)], cluster.scheduler);
      assert.equal(again.code, 0, again.stdout + again.stderr);
      assert.doesNotMatch(again.stdout, /waits.*rolled back|undoing waits/i, again.stdout);
      const after = latestResult(cluster.scheduler).steps.find((s) => s.id === "waits")!;
      assert.equal(after.status, "cancelled", again.stdout);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await queue.close();
    }
  });

  /**
   * Stops the run by `signal` while its scheduler is paused by the test hook
   * `hook` at the add of the step's job: the step never starts, its job is
   * never left on the queue, and nothing of it is undone. `withWorker`: a
   * worker of its queue waits for it meanwhile (it would take a job added at
   * once); otherwise one is started only once the run ended.
   */
  async function stopAtQueueAdd(
    workflow: "before" | "during",
    hook: string,
    signal: NodeJS.Signals,
    withWorker: boolean,
  ): Promise<void> {
    const queueName = `raced-${workflow}`;
    const startWorker = (): Promise<WorkerProcess> =>
      cluster.worker(`${queueName}-${cluster.tag}`, join(cluster.tmp(), queueName), [
        "--queue",
        queueName,
      ]);
    let w = withWorker ? await startWorker() : undefined;
    const { child, done } = startCli(
      ["run", "flow.momoflow", "--workflow", workflow, "--on", cluster.redis.url],
      cluster.scheduler,
      // Long: the hook ends its pause when the step is given up, so the test never waits it out.
      { [hook]: "60000" },
    );
    let err = "";
    child.stderr!.on("data", (d) => (err += d));
    const queue = new Queue(stepQueueName(queueName), {
      connection: { host: "127.0.0.1", port: cluster.redis.port },
    });
    try {
      await waitFor(
        () => new RegExp(`paused ${workflow} the queue add`).test(err),
        "the scheduler paused at the queue add",
        30_000,
      );
      child.kill(signal);
      const run = await done;
      assert.equal(run.code, 130, run.stdout + run.stderr);
      const touches = latestResult(cluster.scheduler).steps.find((s) => s.id === "touches")!;
      assert.equal(touches.status, "cancelled", run.stdout);
      assert.match(touches.error ?? "", /never started/, run.stdout);
      assert.doesNotMatch(touches.error ?? "", /its work may go on/, run.stdout);
      assert.equal(touches.worker, undefined, "no worker held it");
      assert.doesNotMatch(run.stdout, /undo what is left/, run.stdout);
      // No job of it anywhere on its queue: a worker can never pick it up.
      const counts = await queue.getJobCounts(
        "waiting",
        "active",
        "delayed",
        "prioritized",
        "completed",
        "failed",
      );
      assert.equal(
        Object.values(counts).reduce((a, b) => a + b, 0),
        0,
        JSON.stringify(counts),
      );
      const again = await runCli(["rollback", runDirOf(cluster.scheduler)], cluster.scheduler);
      assert.equal(again.code, 0, again.stdout + again.stderr);
      assert.doesNotMatch(again.stdout, /touches.*rolled back|undoing touches/i, again.stdout);
      w ??= await startWorker();
      assert.equal(existsSync(join(w.workdir, "ran.txt")), false, "no worker ran it");
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await queue.close();
      await w?.kill();
    }
  }

  it("a step given up (Ctrl+C) before its job was added (the workflow's source still on its way to Redis, say): the job is never added, and the step is recorded as never started", async () => {
    await stopAtQueueAdd("before", "MOMOFLOW_TEST_PAUSE_BEFORE_QUEUE_ADD_MS", "SIGINT", true);
  });

  it("a step given up (SIGTERM) while its job was being added: the job is taken off the queue at once (not left for the grace or a second Ctrl+C), and the step is recorded as never started", async () => {
    // No worker waits: an idle one takes a job the moment it is added, before it could be taken off.
    await stopAtQueueAdd("during", "MOMOFLOW_TEST_PAUSE_DURING_QUEUE_ADD_MS", "SIGTERM", false);
  });

  it("for_each instances on workers, timed out: each one's record names the worker that held it, and each is undone there", async () => {
    const workers = [
      await cluster.worker(`fa-${cluster.tag}`, join(cluster.tmp(), "fa")),
      await cluster.worker(`fb-${cluster.tag}`, join(cluster.tmp(), "fb")),
    ];
    const run = await runCli(
      ["run", "flow.momoflow", "--workflow", "fanned", "--on", cluster.redis.url],
      cluster.scheduler,
    );
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const instances = latestResult(cluster.scheduler).steps.filter((s) => s.id.startsWith("each["));
    assert.equal(instances.length, 2, run.stdout);
    for (const [i, instance] of instances.entries()) {
      const n = String(i + 1);
      assert.match(instance.error ?? "", /timed out after 2/, instance.id);
      const holder = workers.find((w) => w.name === instance.worker);
      assert.ok(holder, `${instance.id} names a worker of the run: ${instance.worker}`);
      assert.ok(
        existsSync(join(holder.workdir, `ran-${n}.txt`)),
        `${instance.id} ran on the worker its record names`,
      );
      assert.equal(instance.status, "rolled_back", instance.error);
      for (const w of workers)
        assert.equal(existsSync(join(w.workdir, `each-${n}.txt`)), false, `undone on ${w.name}`);
    }
  });
});
