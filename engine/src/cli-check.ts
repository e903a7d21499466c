/**
 * `momoflow check` alone (dist/cli-check.js), started by dist/cli.js: the
 * language and the commands' signatures, without the runtime, the run
 * record, the benchmarks or the formatter — half the code to read and
 * compile before the first file is checked.
 */
import { runCli } from "./cli/run-cli";
import { holdYoungGeneration } from "./cli/young-generation";

runCli({
  check: async () => {
    const { checkCommand } = await import("./cli/check-command");
    // Its modules have loaded (dist/cli.js made the young generation grow at once): see young-generation.ts.
    holdYoungGeneration();
    return checkCommand;
  },
});
