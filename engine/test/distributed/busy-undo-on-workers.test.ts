import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, type CliOutcome } from "../support/cli-process";
import { said } from "../support/cli-said";
import { latestResult, runDirOf } from "../support/run-record-files";
import { useWorkerCluster } from "../support/worker-cluster";
import type { WorkerProcess } from "../support/worker-process";
import { CALLED_SECRET_TOKEN as TOKEN } from "../support/called-secret-flow";

/** How long the worker's lock on a job lasts without renewal (the tests' worker is started with it). */
const LOCK_MS = 1000;

/**
 * `unmake` appends a line to ops.log (in the worker's folder), then keeps
 * its thread busy, never yielding, four times as long as the lock lasts.
 */
const MODULE = `import { appendFileSync } from "node:fs";
import { join } from "node:path";
const note = (context, line) => appendFileSync(join(context.workingDirectory, "ops.log"), line + "\\n");
export function make(args, context) { note(context, "make"); }
export function unmake(args, context) {
  note(context, args.key === undefined ? "undo-make" : "undo-make-" + args.key);
  const end = Date.now() + args.busy;
  while (Date.now() < end);
}
`;

const FLOW = `
command make_thing(busy: duration) {
  run: js("./busy.mjs", "make")
  rollback: js("./busy.mjs", "unmake", busy: busy)
}

workflow built {
  step make { run: make_thing(busy: ${4 * LOCK_MS}ms) }
  step boom { needs: make run: "exit 3" rollback: none }
}

workflow ship {
  step make {
    run: js("./busy.mjs", "make")
    rollback: js("./busy.mjs", "unmake", busy: ${4 * LOCK_MS}ms)
  }
  step boom { needs: make run: "exit 3" rollback: none }
}

workflow release {
  param key: secret
  step upload {
    run: js("./busy.mjs", "make")
    rollback: js("./busy.mjs", "unmake", busy: ${4 * LOCK_MS}ms, key: key)
  }
}

workflow handoff {
  step login { run: "echo ${TOKEN}" rollback: none }
  step release { needs: login run: workflow release(key: steps.login.output) }
  step boom { needs: release run: "exit 3" rollback: none }
}
`;

/**
 * A `js()` rollback that keeps the CPU busy, undone on a worker: the
 * worker's main thread must go on renewing the undo job's lock meanwhile,
 * or BullMQ takes the job for stalled — failed, or handed out again, a
 * second undo. It used to run on the main thread and hold it.
 */
describe("a CPU-bound js() undo on a worker (real redis-server, workers)", function () {
  this.timeout(120_000);
  const cluster = useWorkerCluster("momoflow-dist-busy-undo-", FLOW);

  async function busyWorker(): Promise<WorkerProcess> {
    writeFileSync(join(cluster.scheduler, "busy.mjs"), MODULE);
    return cluster.worker(`wb-${cluster.tag}`, join(cluster.tmp(), "wb"), [
      "--lock-duration",
      String(LOCK_MS),
    ]);
  }

  const ops = (worker: WorkerProcess): string[] =>
    readFileSync(join(worker.workdir, "ops.log"), "utf8").trim().split("\n");

  function run(workflow: string, extra: string[] = []): Promise<CliOutcome> {
    return runCli(
      ["run", "flow.momoflow", "--workflow", workflow, "--on", cluster.redis.url, ...extra],
      cluster.scheduler,
    );
  }

  it("the run's own rollback: undone once, and the run rolled back", async () => {
    const worker = await busyWorker();
    const out = await run("ship");
    assert.equal(out.code, 1, said(out));
    assert.deepEqual(ops(worker), ["make", "undo-make"], said(out) + worker.output());
    assert.equal(latestResult(cluster.scheduler).status, "rolled_back", said(out));
  });

  it("momoflow rollback: undone once, and the run rolled back", async () => {
    const worker = await busyWorker();
    const ran = await run("ship", ["--no-rollback"]);
    assert.equal(ran.code, 1, said(ran));
    const out = await runCli(["rollback", runDirOf(cluster.scheduler)], cluster.scheduler);
    assert.equal(out.code, 0, said(out) + worker.output());
    assert.deepEqual(ops(worker), ["make", "undo-make"], said(out) + worker.output());
    assert.equal(latestResult(cluster.scheduler).status, "rolled_back", said(out));
  });

  it("a declared command's js() rollback: undone once, and the run rolled back", async () => {
    const worker = await busyWorker();
    const out = await run("built");
    assert.equal(out.code, 1, said(out));
    assert.deepEqual(ops(worker), ["make", "undo-make"], said(out) + worker.output());
    assert.equal(latestResult(cluster.scheduler).status, "rolled_back", said(out));
  });

  it("a called workflow's secret fed by a step's output reaches the undo", async () => {
    const worker = await busyWorker();
    const out = await run("handoff");
    assert.equal(out.code, 1, said(out));
    assert.deepEqual(ops(worker), ["make", `undo-make-${TOKEN}`], said(out) + worker.output());
    assert.equal(latestResult(cluster.scheduler).status, "rolled_back", said(out));
  });
});
