import assert from "node:assert/strict";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startCli, waitFor } from "../support/cli-process";
import { said } from "../support/cli-said";
import { startRedis, type RedisServer } from "../support/redis-server";
import { latestResult } from "../support/run-record-files";
import { useTempDir } from "../support/temp-dir";
import { startWorker, type WorkerProcess } from "../support/worker-process";

const FLOWS = `
workflow outage {
  step long { run: "touch long.txt; sleep 60; touch ended.txt" rollback: "rm -f long.txt" }
}
`;

/**
 * Redis down for longer than a live worker's `--lock-duration`, and back
 * with its data (`appendonly`): the lock of the worker's job expired
 * meanwhile, so the step is taken for lost. The worker says that — not that
 * Redis was restarted without its data — and the step is stopped and undone
 * there.
 */
describe("momoflow run --on: Redis away longer than a worker's lock (real redis-server, workers)", function () {
  this.timeout(120_000);
  const tmp = useTempDir("momoflow-dist-lock-expired-");
  let redis: RedisServer;
  let worker: WorkerProcess | undefined;

  before(async () => {
    redis = await startRedis({ persistent: true });
  });
  afterEach(async () => {
    await worker?.kill();
    worker = undefined;
  });
  after(async () => {
    await redis?.stop();
  });

  it("the worker says its job's lock expired while Redis was unreachable; the step is stopped and undone there", async () => {
    const scheduler = join(tmp(), "scheduler");
    mkdirSync(scheduler);
    writeFileSync(join(scheduler, "flow.momoflow"), FLOWS);
    const w = await startWorker(redis.url, "outage", join(tmp(), "w"), ["--lock-duration", "1s"]);
    worker = w;
    const { done } = startCli(
      ["run", "flow.momoflow", "--workflow", "outage", "--on", redis.url],
      scheduler,
    );
    await waitFor(() => existsSync(join(w.workdir, "long.txt")), "the step to start", 30_000);
    await redis.restart(4000);
    const run = await done;
    const out = said(run);
    assert.equal(run.code, 1, out);
    const long = latestResult(scheduler).steps.find((s) => s.id === "long")!;
    assert.equal(long.status, "rolled_back", out);
    assert.ok(!existsSync(join(w.workdir, "long.txt")), "undone on the worker");
    assert.ok(!existsSync(join(w.workdir, "ended.txt")), "stopped on the worker");
    await waitFor(() => /lock of job/.test(w.output()), "the worker to say why", 30_000).catch(
      () => undefined,
    );
    assert.doesNotMatch(
      w.output(),
      /restarted without its data|not reachable \(could not renew/,
      w.output(),
    );
    assert.match(
      w.output(),
      /the lock of job \S+ expired while Redis was unreachable \(longer than --lock-duration\), so its scheduler took the step as lost/,
      w.output(),
    );
  });
});
