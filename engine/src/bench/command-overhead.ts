import type { CommandArgs, CommandInvocation, CommandSpec } from "../commands/command";
import { CommandRegistry } from "../commands/registry";
import { silentLogger } from "../runtime/logger";
import { timeAsyncBatches, timeSyncBatches, type BatchPlan } from "./batch-timing";
import type { BenchProgress } from "./bench-progress";
import {
  BENCH_CATEGORY_TITLES,
  type CommandOperation,
  type CommandOperationId,
  type CommandOverheadCategory,
} from "./bench-report";
import { summarize } from "./statistics";

async function runNoop(_args: CommandArgs, _invocation: CommandInvocation): Promise<undefined> {
  return undefined;
}

/** A command that does nothing, with one typed parameter so argument checking is part of the cost. */
const NOOP_COMMAND: CommandSpec = {
  description: "does nothing (benchmark)",
  params: [{ name: "value", type: "int", default: 0 }],
  run: runNoop,
};

const ARGS: CommandArgs = { value: 1 };

const INVOCATION: CommandInvocation = {
  workingDirectory: process.cwd(),
  signal: new AbortController().signal,
  env: {},
  logger: silentLogger,
  backupDir: "",
  remember() {},
  reportChildMetrics() {},
};

const DESCRIPTIONS: Record<CommandOperationId, string> = {
  register: "registry.register(name, spec) of a new name (one int parameter)",
  get: "registry.get(name) among as many commands as the batch size",
  invoke: "await registry.invoke(name, args, invocation): lookup, argument check, the no-op command",
  direct: "await spec.run(args, invocation): the same no-op command, called directly",
};

/**
 * Category 5: what the command registry costs: registering, looking up, and
 * its execute wrapper (invoke) against a direct call of the same function.
 */
export async function measureCommandOverhead(
  plan: BatchPlan,
  baselineUs: number,
  progress: BenchProgress,
): Promise<CommandOverheadCategory> {
  const names = Array.from({ length: plan.batchSize }, (_, i) => `bench_command_${i}`);

  let target = new CommandRegistry();
  const register = timeSyncBatches(
    (i) => target.register(names[i]!, NOOP_COMMAND),
    plan,
    () => {
      target = new CommandRegistry(); // a fresh registry per batch: every name is new
    },
  );

  const full = new CommandRegistry();
  for (const name of names) full.register(name, NOOP_COMMAND);
  const get = timeSyncBatches((i) => full.get(names[i]!), plan);

  const invoke = await timeAsyncBatches(() => full.invoke(names[0]!, ARGS, INVOCATION), plan);
  const direct = await timeAsyncBatches(() => runNoop(ARGS, INVOCATION), plan);

  const measured: [CommandOperationId, number[]][] = [
    ["register", register],
    ["get", get],
    ["invoke", invoke],
    ["direct", direct],
  ];
  const operations = measured.map(([id, samples]): CommandOperation => {
    const perOpUs = summarize(samples);
    progress(`  ${id.padEnd(8)} ${perOpUs.median.toFixed(3)} µs/op (p95 ${perOpUs.p95.toFixed(3)})`);
    return { id, description: DESCRIPTIONS[id], perOpUs, ratioToBaseline: perOpUs.median / baselineUs };
  });
  const medianOf = (id: CommandOperationId): number =>
    operations.find((o) => o.id === id)!.perOpUs.median;
  return {
    title: BENCH_CATEGORY_TITLES.commandOverhead,
    batchSize: plan.batchSize,
    operations,
    invokeOverheadUs: medianOf("invoke") - medianOf("direct"),
  };
}
