import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Queue } from "bullmq";
import type { RunResultFile } from "../../src/record/result-file";
import type { StepJobData } from "../../src/distributed/step-job";
import { runCli } from "../support/cli-process";
import { latestResult } from "../support/run-record-files";
import { startRedis, type RedisServer } from "../support/redis-server";
import { useTempDir } from "../support/temp-dir";
import { startWorker, type WorkerProcess } from "../support/worker-process";

const CHAIN_STEPS = 60;

/** A chain whose steps print 200 bytes each; its last step reads the first one's output only. */
function chain(): string {
  const lines = ["workflow chain {"];
  for (let i = 0; i < CHAIN_STEPS - 1; i++)
    lines.push(
      `  step s${i} { ${i > 0 ? `needs: [s${i - 1}] ` : ""}run: "printf '%0200d' ${i}" rollback: none }`,
    );
  lines.push(
    `  step last { needs: [s${CHAIN_STEPS - 2}] run: "echo \${steps.s0.output} | wc -c" rollback: none }`,
    "}",
  );
  return lines.join("\n") + "\n";
}

/** Every way a step reads an earlier one, each on a worker. */
const READS = `
workflow greet {
  param name: string
  step hello { run: "echo hello \${name}" rollback: none }
}

workflow reads {
  step a { run: "echo hello" rollback: none }
  step j { needs: [a] output: json run: "echo '{\\"n\\": 3, \\"list\\": [\\"x\\", \\"y\\"]}'" rollback: none }
  step fan { needs: [j] for_each: it in steps.j.output.list run: "echo item-\${it}" rollback: none }
  step b { needs: [fan] run: "echo \${steps.a.output} \${steps.j.output.n} \${steps.fan.outputs}" rollback: none }
  step c { needs: [b] when: steps.a.status == success run: "echo c-ran" rollback: none }
  step skipped { needs: [b] when: steps.j.status == failed run: "echo never" rollback: none }
  step call { needs: [c] run: workflow greet(name: steps.b.output) }
  step k { needs: [call, skipped] run: js("./k.mjs", "k", x: steps.j.output.n) rollback: none }
}
`;

/** What a js() function sees of earlier steps through its context. */
const K_MODULE = `export function k(args, context) {
  const seen = {};
  for (const id of ["a", "j", "b", "c", "call", "skipped"])
    seen[id] = context.hasStepOutput(id) ? context.getStepOutput(id) : "(none)";
  return JSON.stringify({ x: args.x, seen, skipped: context.getStepStatus("skipped") });
}
`;

describe("momoflow run --on: a job carries only what its step reads", function () {
  this.timeout(120_000);
  const tmp = useTempDir("momoflow-dist-reads-");
  let redis: RedisServer;
  let worker: WorkerProcess | undefined;
  let queue: Queue | undefined;

  before(async () => {
    redis = await startRedis();
    queue = new Queue("momoflow-steps-default", {
      connection: { host: "127.0.0.1", port: redis.port },
    });
  });
  after(async () => {
    await queue?.close();
    await redis?.stop();
  });
  // Each test its own folders (and so its own worker).
  afterEach(async () => {
    await worker?.kill();
    worker = undefined;
  });

  /** The data of the job of the first attempt of a step, as BullMQ holds it in Redis. */
  async function jobOf(runId: string, stepId: string): Promise<StepJobData> {
    const id = `${runId}-${stepId}-1`.replace(/[^A-Za-z0-9_.-]/g, "_");
    const job = await queue!.getJob(id);
    assert.ok(job, `the job of ${stepId} is in Redis`);
    return job.data as StepJobData;
  }

  async function runOnWorker(file: string, workflow: string): Promise<RunResultFile> {
    const scheduler = join(tmp(), "scheduler");
    mkdirSync(scheduler, { recursive: true });
    writeFileSync(join(scheduler, "flow.momoflow"), file);
    worker = await startWorker(redis.url, "reader", join(tmp(), "worker"));
    // The module is found where the workflow's file names it (one machine here).
    writeFileSync(join(scheduler, "k.mjs"), K_MODULE);
    const run = await runCli(
      ["run", "flow.momoflow", "--workflow", workflow, "--on", redis.url],
      scheduler,
    );
    assert.equal(run.code, 0, run.stdout + run.stderr);
    return latestResult(scheduler);
  }

  it("the job of a late step in a long chain holds the one output it reads: its size does not grow with the run", async () => {
    const result = await runOnWorker(chain(), "chain");
    assert.equal(result.status, "success");
    // 200 digits and the newline echo adds.
    assert.equal(String(result.steps.find((s) => s.id === "last")!.output).trim(), "201");
    const last = await jobOf(result.runId, "last");
    assert.deepEqual(Object.keys(last.earlier), ["s0"]);
    assert.equal(last.earlier.s0!.output, "0".repeat(199) + "0");
    // A step that reads nothing carries nothing, early or late in the run.
    const early = await jobOf(result.runId, "s5");
    const late = await jobOf(result.runId, `s${CHAIN_STEPS - 2}`);
    assert.deepEqual(early.earlier, {});
    assert.deepEqual(late.earlier, {});
    const size = (data: StepJobData): number => JSON.stringify(data).length;
    // The same job but for its step's name (s5 against s58: one character).
    assert.equal(size(late) - size(early), 1, `${size(early)} then ${size(late)} bytes`);
    // Every earlier output would have been 58 × 200 bytes and more.
    assert.ok(size(last) < 1000, `the last step's job is ${size(last)} bytes`);
  });

  it("every reading form works on a worker, each job holding only what its step reads", async () => {
    const result = await runOnWorker(READS, "reads");
    assert.equal(result.status, "success", JSON.stringify(result.steps));
    const out = Object.fromEntries(result.steps.map((s) => [s.id, s.output]));
    const status = Object.fromEntries(result.steps.map((s) => [s.id, s.status]));
    // An output, a JSON field, the outputs of a fan-out (whose instances ran on the worker).
    assert.equal(String(out.b).trim(), "hello 3 item-x item-y");
    assert.deepEqual(out.fan, ["item-x", "item-y"]);
    assert.equal(result.steps.find((s) => s.id === "fan[1]")?.worker, worker!.name);
    // A when: on an earlier step's status, true then false.
    assert.equal(String(out.c).trim(), "c-ran");
    assert.equal(status.skipped, "skipped");
    // A called workflow's param read from an earlier step's output.
    assert.equal(String(out["call/hello"]).trim(), "hello hello 3 item-x item-y");
    // A js() step: its argument, and the steps it needs directly through its context.
    const k = JSON.parse(String(out.k)) as {
      x: number;
      seen: Record<string, unknown>;
      skipped: string;
    };
    assert.equal(k.x, 3);
    assert.equal(String(k.seen.call).trim(), "hello hello 3 item-x item-y");
    assert.equal(k.skipped, "skipped");
    assert.equal(k.seen.a, "(none)", "a step it does not need is not in its context on a worker");
    assert.equal(k.seen.c, "(none)");

    const earlier = async (id: string): Promise<string[]> =>
      Object.keys((await jobOf(result.runId, id)).earlier).sort();
    assert.deepEqual(await earlier("a"), []);
    assert.deepEqual(await earlier("b"), ["a", "fan", "j"]);
    // Its when is the scheduler's to evaluate: the worker reads nothing of a.
    assert.deepEqual(await earlier("c"), []);
    // The scheduler read the items: each instance's job carries its own.
    const instance = await jobOf(result.runId, "fan[1]");
    assert.deepEqual(instance.instance, { of: "fan", index: 1, item: "y" });
    assert.deepEqual(Object.keys(instance.earlier), []);
    assert.deepEqual(await earlier("call/hello"), ["b"]);
    assert.deepEqual(await earlier("call"), ["call/hello"]);
    assert.deepEqual(await earlier("k"), ["call", "j", "skipped"]);
  });
});
