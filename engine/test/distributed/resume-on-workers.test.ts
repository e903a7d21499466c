import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { said } from "../support/cli-said";
import { useWorkerCluster } from "../support/worker-cluster";
import { TAGGED_WORK } from "../support/resumable-run";
import type { WorkerProcess } from "../support/worker-process";

/** TAGGED_WORK's `work` runs on a worker: "ok" and "done" are looked for in the worker's folder. */
const TAGGED = TAGGED_WORK;

/**
 * `momoflow run --on … --resume`: what the resumed run did on a worker in a
 * step it runs again is taken over, and undone on that worker through
 * Redis — by the resuming run's own rollback and by `momoflow rollback`.
 */
describe("momoflow run --on --resume: earlier attempts on a worker (real redis-server and workers)", function () {
  this.timeout(120_000);
  const cluster = useWorkerCluster("momoflow-dist-resume-", TAGGED);

  const inWorker = (w: WorkerProcess, name: string): string => join(w.workdir, name);
  const lines = (w: WorkerProcess, name: string): string[] =>
    existsSync(inWorker(w, name)) ? readFileSync(inWorker(w, name), "utf8").trim().split("\n") : [];

  async function run(code: number, ...args: string[]): Promise<string> {
    const out = await runCli(args, cluster.scheduler);
    assert.equal(out.code, code, said(out));
    return out.stdout + out.stderr;
  }

  /** The first run on one worker, kept with --no-rollback: `work` fails half-way there. */
  async function firstRun(): Promise<WorkerProcess> {
    const worker = await cluster.worker(`w-${cluster.tag}`, join(cluster.tmp(), "w"));
    await run(1, "run", "flow.momoflow", "--on", cluster.redis.url, "--no-rollback");
    assert.deepEqual(lines(worker, "effects.log"), ["did-one"]);
    writeFileSync(inWorker(worker, "ok"), "");
    return worker;
  }

  it("the resuming run fails and rolls back: both attempts of the step are undone on the worker, the new one first", async () => {
    const worker = await firstRun();
    await run(
      1,
      "run",
      "flow.momoflow",
      "--on",
      cluster.redis.url,
      "--resume",
      "--param",
      "tag=two",
    );
    assert.deepEqual(lines(worker, "effects.log"), ["did-one", "did-two"]);
    assert.deepEqual(lines(worker, "undo.log"), ["undo-two", "undo-one"]);
  });

  it("resumed here, without --on: momoflow rollback undoes the new attempt here and the old one on its worker, once", async () => {
    const worker = await firstRun();
    const here = (name: string): string[] => {
      const path = join(cluster.scheduler, name);
      return existsSync(path) ? readFileSync(path, "utf8").trim().split("\n") : [];
    };
    writeFileSync(join(cluster.scheduler, "ok"), "");
    writeFileSync(join(cluster.scheduler, "done"), "");
    await run(0, "run", "flow.momoflow", "--resume", "--param", "tag=two");
    assert.deepEqual(here("effects.log"), ["did-two"]);
    await run(0, "rollback", "flow.momoflow", "--param", "tag=two");
    assert.deepEqual(here("undo.log"), ["undo-two"]);
    assert.deepEqual(lines(worker, "undo.log"), ["undo-one"]);
    await run(0, "rollback", "flow.momoflow", "--param", "tag=two");
    assert.deepEqual(lines(worker, "undo.log"), ["undo-one"]);
  });
});
