/**
 * `momoflow check` alone (dist/cli-check.js), started by dist/cli.js: the
 * language and the commands' signatures, without the runtime, the run
 * record, the benchmarks or the formatter — half the code to read and
 * compile before the first file is checked.
 */
import { runCli } from "./cli/run-cli";

runCli({ check: async () => (await import("./cli/check-command")).checkCommand });
