import type { CommandArgs, CommandInvocation } from "../commands/command";
import { CommandStep } from "../commands/command-step";
import { FunctionCommand } from "../commands/function-command";
import { CommandRegistry } from "../commands/registry";
import { WorkflowContext } from "../runtime/context";
import { silentLogger } from "../runtime/logger";
import type { StepExecution } from "../runtime/step";
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
const NOOP_COMMAND = new FunctionCommand("bench_noop", "does nothing (benchmark)", runNoop, [
  { name: "value", type: "int", default: 0 },
]);

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

const EXECUTION: StepExecution = { ...INVOCATION, stepId: "bench", attempt: 1 };

const DESCRIPTIONS: Record<CommandOperationId, string> = {
  register:
    "registry.register(name, command) of a new name (a FunctionCommand with one int parameter)",
  get: "registry.get(name) among as many commands as the batch size",
  invoke:
    "await registry.invoke(name, args, invocation): lookup, argument check, the no-op command",
  command_step:
    "await commandStep.execute(context, execution): a CommandStep calling the no-op command through the registry (no engine)",
  direct: "await fn(args, invocation): the no-op command's function, called directly",
};

/**
 * Category 5: what the command registry costs: registering, looking up, and
 * its execute wrappers (registry.invoke, a CommandStep) against a direct call
 * of the same function.
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
  const step = new CommandStep("bench", names[0]!, ARGS, { registry: full });
  const context = new WorkflowContext({ env: {} });
  const commandStep = await timeAsyncBatches(() => step.execute(context, EXECUTION), plan);
  const direct = await timeAsyncBatches(() => runNoop(ARGS, INVOCATION), plan);

  const measured: [CommandOperationId, number[]][] = [
    ["register", register],
    ["get", get],
    ["invoke", invoke],
    ["command_step", commandStep],
    ["direct", direct],
  ];
  const operations = measured.map(([id, samples]): CommandOperation => {
    const perOpUs = summarize(samples);
    progress(
      `  ${id.padEnd(12)} ${perOpUs.median.toFixed(3)} µs/op (p95 ${perOpUs.p95.toFixed(3)})`,
    );
    return {
      id,
      description: DESCRIPTIONS[id],
      perOpUs,
      ratioToBaseline: perOpUs.median / baselineUs,
    };
  });
  const medianOf = (id: CommandOperationId): number =>
    operations.find((o) => o.id === id)!.perOpUs.median;
  return {
    title: BENCH_CATEGORY_TITLES.commandOverhead,
    batchSize: plan.batchSize,
    operations,
    invokeOverheadUs: medianOf("invoke") - medianOf("direct"),
    commandStepOverheadUs: medianOf("command_step") - medianOf("direct"),
  };
}
