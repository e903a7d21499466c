import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { runCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { latestResult, runDirOf } from "../support/run-record-files";
import { useWorkerCluster } from "../support/worker-cluster";
import type { WorkerProcess } from "../support/worker-process";
import { jsMakeStepFlow } from "../support/js-make-step-flow";

/** Each function appends to ops.log in the folder it runs in (the worker's). */
const MODULE = `import { appendFileSync } from "node:fs";
import { basename, join } from "node:path";
export function make(args, context) { appendFileSync(join(context.workingDirectory, "ops.log"), "make-" + args.region + "\\n"); return args.region; }
export function unmake(args, context) {
  appendFileSync(join(context.workingDirectory, "ops.log"), "undo-make-" + args.region + "\\n");
  appendFileSync(join(context.workingDirectory, "undo-runs.log"), context.runId + "\\n");
}
`;

/** `make`'s undo is a js() function given the run's param; `boom` fails the run. */
const { flow: FLOW, edited: EDITED } = jsMakeStepFlow({ name: "boom", run: "exit 3" });

/**
 * A step whose rollback is a `js()` function, run on a worker: its undo
 * — live, after a later step failed, and by `momoflow rollback` once the
 * step is gone from the file — calls on the worker the function the
 * worker's journal names, with the arguments the step was resolved with,
 * as a rollback here calls the one its run record names. It used to fail
 * on the worker: "code in the workflow module (js()), which a worker does
 * not keep".
 */
describe("a js() rollback of a step run on a worker (real redis-server, workers)", function () {
  this.timeout(120_000);
  const cluster = useWorkerCluster("momoflow-dist-js-undo-", FLOW);

  const opsOf = (worker: WorkerProcess): string[] =>
    readFileSync(join(worker.workdir, "ops.log"), "utf8").trim().split("\n");

  /** A worker, and `undo.mjs` beside the scheduler's workflow (where the step's js() names it). */
  async function workerAndModule(): Promise<WorkerProcess> {
    writeFileSync(join(cluster.scheduler, "undo.mjs"), MODULE);
    return cluster.worker(`wj-${cluster.tag}`, join(cluster.tmp(), "wj"));
  }

  /** Runs `ship` on the workers without its rollback, then removes `make` from the file. */
  async function ranThenEdited(): Promise<string> {
    const run = await runCli(
      ["run", "flow.momoflow", "--workflow", "ship", "--on", cluster.redis.url, "--no-rollback"],
      cluster.scheduler,
    );
    assert.equal(run.code, 1, said(run));
    writeFileSync(join(cluster.scheduler, "flow.momoflow"), EDITED);
    return runDirOf(cluster.scheduler);
  }

  it("the run's own rollback calls the function on the worker", async () => {
    const worker = await workerAndModule();
    const run = await runCli(
      ["run", "flow.momoflow", "--workflow", "ship", "--on", cluster.redis.url],
      cluster.scheduler,
    );
    assert.equal(run.code, 1, said(run));
    assert.equal(latestResult(cluster.scheduler).status, "rolled_back", said(run));
    assert.deepEqual(opsOf(worker), ["make-eu", "undo-make-eu"], said(run));
  });

  it("momoflow rollback undoes it on the worker after the step was removed from the file", async () => {
    const worker = await workerAndModule();
    const runDir = await ranThenEdited();
    const out = await runCli(["rollback", runDir], cluster.scheduler);
    assert.equal(out.code, 0, said(out));
    assert.match(out.stdout, /rolled_back +run /, said(out));
    assert.deepEqual(opsOf(worker), ["make-eu", "undo-make-eu"], said(out));
    // Its context names the run, as the step's did.
    const undoRuns = readFileSync(join(worker.workdir, "undo-runs.log"), "utf8");
    assert.equal(undoRuns, `${basename(runDir)}\n`);
  });

  it("when its module is gone: says what to put back, and undoes the run once it is back", async () => {
    const worker = await workerAndModule();
    const runDir = await ranThenEdited();
    const module = join(cluster.scheduler, "undo.mjs");
    rmSync(module);
    const failed = await runCli(["rollback", runDir], cluster.scheduler);
    assert.equal(failed.code, 1, said(failed));
    assert.ok(
      said(failed).includes(
        `could not undo make: on worker ${worker.name}: its undo is js("./undo.mjs", "unmake"), which the run record names, and ${module} cannot be loaded: no such file; put it back, and momoflow rollback undoes the step`,
      ),
      said(failed),
    );
    assert.equal(latestResult(cluster.scheduler).status, "partially_rolled_back", said(failed));
    assert.deepEqual(opsOf(worker), ["make-eu"], said(failed));

    writeFileSync(module, MODULE);
    const again = await runCli(["rollback", runDir], cluster.scheduler);
    assert.equal(again.code, 0, said(again));
    assert.deepEqual(opsOf(worker), ["make-eu", "undo-make-eu"], said(again));
  });
});
