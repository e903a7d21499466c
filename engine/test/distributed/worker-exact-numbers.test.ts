import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { latestResult } from "../support/run-record-files";
import { startRedis, type RedisServer } from "../support/redis-server";
import { useTempDir } from "../support/temp-dir";
import { startWorker, type WorkerProcess } from "../support/worker-process";

const BIG = "12345678901234567891";

const FLOW = (id: string): string => `workflow ids {
  step create { output: json run: "echo '{\\"id\\": ${id}}'" rollback: none }
  step use { needs: [create] run: "echo use \${steps.create.output.id}" rollback: none }
}
`;

/**
 * A step on a worker: a number a double cannot hold (a 64-bit id) in its
 * output keeps its digits across the job queue, as a string id does.
 */
describe("momoflow run --on: JSON numbers a number cannot hold exactly", function () {
  this.timeout(120_000);
  const tmp = useTempDir("momoflow-dist-exact-");
  let redis: RedisServer;
  let worker: WorkerProcess | undefined;

  before(async () => {
    redis = await startRedis();
  });
  after(async () => {
    await redis?.stop();
  });
  afterEach(async () => {
    await worker?.kill();
    worker = undefined;
  });

  async function runOnWorker(id: string): Promise<ReturnType<typeof latestResult>> {
    const scheduler = join(tmp(), "scheduler");
    mkdirSync(scheduler, { recursive: true });
    writeFileSync(join(scheduler, "flow.momoflow"), FLOW(id));
    worker = await startWorker(redis.url, "ids", join(tmp(), "worker"));
    await runCli(["run", "flow.momoflow", "--on", redis.url], scheduler);
    return latestResult(scheduler);
  }

  it("a 64-bit id in a worker's output: json reaches the next step on the worker with every digit", async () => {
    const result = await runOnWorker(BIG);
    assert.equal(result.status, "success", JSON.stringify(result.steps));
    const create = result.steps.find((s) => s.id === "create")!;
    assert.equal(create.worker, worker!.name, "it ran on the worker");
    const use = result.steps.find((s) => s.id === "use")!;
    assert.equal(use.worker, worker!.name);
    assert.equal(String(use.output).trim(), `use ${BIG}`);
    // Across the job queue it is its digits (as a string), never a rounded number.
    assert.equal(String((create.output as { id: unknown }).id), BIG);
  });

  it("the id as a string reaches the next step on the worker with every digit", async () => {
    const result = await runOnWorker(`\\"${BIG}\\"`);
    assert.equal(result.status, "success", JSON.stringify(result.steps));
    assert.equal(String(result.steps.find((s) => s.id === "use")!.output).trim(), `use ${BIG}`);
    assert.equal(result.steps.find((s) => s.id === "use")!.worker, worker!.name);
  });
});
