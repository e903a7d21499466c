/**
 * Every command of momoflow (dist/cli-main.js), started by dist/cli.js for
 * every command but `check`.
 */
import { runCli } from "./cli/run-cli";

/**
 * Each command's module is loaded when it is run: a command does not pay
 * for evaluating the runtime, the run record and the benchmarks unless it
 * uses them.
 */
runCli({
  run: async () => (await import("./cli/run-command")).runCommand,
  rollback: async () => (await import("./cli/rollback-command")).rollbackCommand,
  runs: async () => (await import("./cli/runs-command")).runsCommand,
  check: async () => (await import("./cli/check-command")).checkCommand,
  test: async () => (await import("./cli/test-command")).testCommand,
  graph: async () => (await import("./cli/graph-command")).graphCommand,
  fmt: async () => (await import("./cli/fmt-command")).fmtCommand,
  bench: async () => (await import("./cli/bench-command")).benchCommand,
  worker: async () => (await import("./cli/worker-command")).workerCommand,
});
