import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Queue, QueueEvents, Worker } from "bullmq";
import { compileWorkflow } from "../language/compile/compile-workflow";
import { LanguageWorkspace } from "../language/workspace";
import { WorkflowContext } from "../runtime/context";
import { WorkflowDefinition } from "../runtime/definition";
import { WorkflowEngine } from "../runtime/engine";
import { createStreamLogger } from "../runtime/logger";
import { connectionOptions, parseRedisAddress, type RedisAddress } from "./redis-address";
import { prepareRemoteRun } from "./remote-run";
import { startRedis } from "./redis-server-process";
import { makeFolders } from "../runtime/make-folders";
import { makeBenchFolder } from "../bench/bench-temp-folder";

/** What `momoflow bench --distributed` measured, all in the same run. */
export interface DistributedFigures {
  redis: string;
  /** A bare BullMQ job round trip (add, a no-op worker, wait until finished), one at a time: the median. */
  bareRoundTripUs: number;
  /** The same, the mean: all the round trips' time over their number. */
  bareRoundTripMeanUs: number;
  /** A chain of no-op steps run in this process, per step (the run record on): the whole run over its steps. */
  localChainStepUs: number;
  /** The same chain through one worker: the median time from one step's end to the next one's. */
  chainStepUs: number;
  /** The same, the mean: the whole run over its steps (its start and end included). */
  chainStepMeanUs: number;
  chainSteps: number;
  /** `chainStepUs / bareRoundTripUs` (median to median); the goal is at most 2. */
  ratioToBareRoundTrip: number;
  /** `chainStepMeanUs / bareRoundTripMeanUs` (mean to mean). */
  meanRatioToBareRoundTrip: number;
  goalMet: boolean;
  /** A wide graph of independent no-op steps: steps per second with 1, 2 and 4 workers, and in this process. */
  wide: { steps: number; local: number; byWorkers: { workers: number; stepsPerSecond: number }[] };
}

/** Options of {@link measureDistributed}. */
export interface DistributedBenchOptions {
  /** The CLI that starts the workers (`momoflow worker`). */
  cliPath: string;
  /** A Redis to use; without one, a `redis-server` is started on a free port and ended after. */
  on?: string;
  quick: boolean;
  progress: (line: string) => void;
}

/** Per-step overhead on workers against a bare BullMQ round trip, and throughput with 1, 2, 4 workers. */
export async function measureDistributed(
  options: DistributedBenchOptions,
): Promise<DistributedFigures> {
  const dir = makeBenchFolder("distributed");
  const redis = options.on ? undefined : await startRedis();
  const address = parseRedisAddress(options.on ?? redis!.url);
  const workers: ChildProcess[] = [];
  try {
    const chainSteps = options.quick ? 100 : 400;
    const wideSteps = options.quick ? 100 : 400;
    const bare = await bareRoundTrip(address, chainSteps);
    options.progress(
      `bare BullMQ round trip: ${bare.medianUs.toFixed(0)} µs per job (mean ${bare.meanUs.toFixed(0)})`,
    );
    const chain = workflowFile(dir, "chain", chainSteps, true);
    const wide = workflowFile(dir, "wide", wideSteps, false);
    // Each measured run after one that warms the same code up.
    await runHere(chain, dir);
    const localChain = (await runHere(chain, dir)) / chainSteps;
    options.progress(`chain in this process: ${localChain.toFixed(1)} µs per step`);
    await runHere(wide, dir);
    const localWide = wideSteps / ((await runHere(wide, dir)) / 1e6);
    workers.push(await startWorker(options.cliPath, address, "bench-1", dir));
    // The first run warms the worker's compile and connections.
    await runOn(chain, dir, address);
    const onChain = await runOn(chain, dir, address);
    const chainUs = onChain.stepMedianUs;
    const chainMeanUs = onChain.totalUs / chainSteps;
    options.progress(
      `chain on 1 worker: ${chainUs.toFixed(0)} µs per step (mean ${chainMeanUs.toFixed(0)})`,
    );
    const byWorkers: { workers: number; stepsPerSecond: number }[] = [];
    for (const count of [1, 2, 4]) {
      while (workers.length < count)
        workers.push(
          await startWorker(options.cliPath, address, `bench-${workers.length + 1}`, dir),
        );
      await runOn(wide, dir, address);
      const stepsPerSecond = wideSteps / ((await runOn(wide, dir, address)).totalUs / 1e6);
      byWorkers.push({ workers: count, stepsPerSecond });
      options.progress(`wide graph on ${count} worker(s): ${stepsPerSecond.toFixed(0)} steps/s`);
    }
    const ratio = chainUs / bare.medianUs;
    return {
      redis: address.shown,
      bareRoundTripUs: bare.medianUs,
      bareRoundTripMeanUs: bare.meanUs,
      localChainStepUs: localChain,
      chainStepUs: chainUs,
      chainStepMeanUs: chainMeanUs,
      chainSteps,
      ratioToBareRoundTrip: ratio,
      meanRatioToBareRoundTrip: chainMeanUs / bare.meanUs,
      goalMet: ratio <= 2,
      wide: { steps: wideSteps, local: localWide, byWorkers },
    };
  } finally {
    for (const w of workers) w.kill("SIGKILL");
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The figures as lines for the terminal. */
export function formatDistributedFigures(f: DistributedFigures): string {
  const lines = [
    `Steps on workers (BullMQ on ${f.redis}), measured in one run:`,
    `  bare BullMQ job round trip      ${f.bareRoundTripUs.toFixed(0).padStart(8)} µs (median; mean ${f.bareRoundTripMeanUs.toFixed(0)} µs)`,
    `  chain of ${f.chainSteps} steps, 1 worker  ${f.chainStepUs.toFixed(0).padStart(8)} µs per step (median; mean ${f.chainStepMeanUs.toFixed(0)} µs)`,
    `    ${f.ratioToBareRoundTrip.toFixed(2)}× the round trip, median to median (goal ≤ 2×: ${f.goalMet ? "met" : "NOT met"}); ${f.meanRatioToBareRoundTrip.toFixed(2)}× mean to mean`,
    `  the same chain in this process  ${f.localChainStepUs.toFixed(1).padStart(8)} µs per step (mean)`,
    `  wide graph of ${f.wide.steps} steps:`,
    `    in this process               ${f.wide.local.toFixed(0).padStart(8)} steps/s`,
    ...f.wide.byWorkers.map(
      (w) =>
        `    on ${w.workers} worker${w.workers === 1 ? " " : "s"}                   ${w.stepsPerSecond.toFixed(0).padStart(8)} steps/s`,
    ),
  ];
  return lines.join("\n") + "\n";
}

/** A workflow of no-op (`sleep(duration: 0ms)`) steps: a chain, or all independent (`concurrency` as wide). */
function workflowFile(dir: string, name: string, steps: number, chain: boolean): string {
  const lines = [`workflow ${name} {`, `  concurrency: ${chain ? 1 : Math.min(steps, 64)}`];
  for (let i = 0; i < steps; i++)
    lines.push(
      `  step s${i} { ${chain && i > 0 ? `needs: [s${i - 1}] ` : ""}run: sleep(duration: 0ms) }`,
    );
  lines.push("}");
  const file = join(dir, `${name}.momoflow`);
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

function compiled(file: string): WorkflowDefinition {
  const check = new LanguageWorkspace().check(file);
  return WorkflowDefinition.from(compileWorkflow(check, {}));
}

const quiet = createStreamLogger(() => {}, "error");

/** Microseconds of one run of the file in this process. */
async function runHere(file: string, dir: string): Promise<number> {
  const started = performance.now();
  const result = await new WorkflowEngine().executeWorkflow(
    compiled(file),
    new WorkflowContext({ workingDirectory: dir, logger: quiet }),
  );
  if (result.status !== "success")
    throw new Error(`the local run of ${file} ended ${result.status}`);
  return (performance.now() - started) * 1000;
}

/** How long one run on the workers took. */
interface RunTiming {
  /** The whole run, in microseconds. */
  totalUs: number;
  /** The median time between two steps' ends (one step's cost, in a chain). */
  stepMedianUs: number;
}

/** One run of the file on the workers, timed. */
async function runOn(file: string, dir: string, address: RedisAddress): Promise<RunTiming> {
  const local = compiled(file);
  const runId = `bench-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const remote = prepareRemoteRun(local, {
    on: address.shown,
    file,
    workflow: local.name,
    params: {},
    runId,
  });
  try {
    const ends: number[] = [];
    const started = performance.now();
    const result = await new WorkflowEngine().executeWorkflow(
      remote.definition,
      new WorkflowContext({ workingDirectory: dir, logger: quiet }),
      { runId, onEvent: (e) => e.type === "step_finished" && ends.push(performance.now()) },
    );
    const totalUs = (performance.now() - started) * 1000;
    if (result.status !== "success") throw new Error(`the run on workers ended ${result.status}`);
    const gaps = ends.slice(1).map((end, i) => (end - ends[i]!) * 1000);
    return { totalUs, stepMedianUs: median(gaps) };
  } finally {
    await remote.close();
  }
}

/** The median of some numbers. */
function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** A bare BullMQ round trip, one job at a time, in microseconds: its median and mean. */
async function bareRoundTrip(
  address: RedisAddress,
  jobs: number,
): Promise<{ medianUs: number; meanUs: number }> {
  const connection = connectionOptions(address);
  const name = `momoflow-bench-bare-${Date.now()}`;
  const queue = new Queue(name, { connection });
  const events = new QueueEvents(name, { connection });
  const worker = new Worker(name, async () => "done", { connection });
  try {
    await Promise.all([events.waitUntilReady(), worker.waitUntilReady()]);
    const samples: number[] = [];
    for (let i = 0; i < jobs + 20; i++) {
      const started = performance.now();
      const job = await queue.add("noop", { i });
      await job.waitUntilFinished(events);
      if (i >= 20) samples.push((performance.now() - started) * 1000);
    }
    return {
      medianUs: median(samples),
      meanUs: samples.reduce((a, b) => a + b, 0) / samples.length,
    };
  } finally {
    await worker.close();
    await events.close();
    await queue.obliterate({ force: true });
    await queue.close();
  }
}

/**
 * Starts `momoflow worker` and resolves once it is ready. What it prints
 * goes to a file, as to a terminal or a service's log: a pipe would wake
 * this process (the scheduler being measured) with each step's line.
 */
function startWorker(
  cliPath: string,
  address: RedisAddress,
  name: string,
  dir: string,
): Promise<ChildProcess> {
  const workdir = join(dir, name);
  makeFolders(workdir);
  const logPath = join(dir, `${name}.log`);
  const log = openSync(logPath, "w");
  const child = spawn(
    process.execPath,
    [cliPath, "worker", "--on", address.shown, "--name", name, "--workdir", workdir],
    { stdio: ["ignore", log, log] },
  );
  closeSync(log);
  const printed = (): string => readFileSync(logPath, "utf8");
  return new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      if (!printed().includes(`worker ${name} ready`)) return;
      settle();
      resolve(child);
    }, 50);
    const timer = setTimeout(() => {
      settle();
      reject(new Error(`worker ${name} not ready:\n${printed()}`));
    }, 20_000);
    const onExit = (code: number | null): void => {
      settle();
      reject(new Error(`worker ${name} exited (${code}):\n${printed()}`));
    };
    const settle = (): void => {
      clearInterval(poll);
      clearTimeout(timer);
      child.off("exit", onExit);
    };
    child.once("exit", onExit);
  });
}
