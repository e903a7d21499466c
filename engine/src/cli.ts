/**
 * The `momoflow` executable (dist/cli.js): hands the process to the bundle
 * of its command. `momoflow check` (editors' tasks, CI, files of 20,000
 * steps) loads a bundle of the checker alone, half the size of the one of
 * every command (dist/cli-main.js): each run starts by reading and compiling
 * its whole bundle.
 */
import { join } from "node:path";
import { requireWithCodeCache } from "./cli/code-cache";
import { stopRollbackBeforeItBegins } from "./cli/rollback-early-stop";
import type * as YoungGeneration from "./cli/young-generation";

// A path known only when run: the bundler leaves the other bundles alone.
if (process.argv[2] === "check") {
  // Before the bundle loads: see young-generation.ts. Required here, not
  // imported: the other commands do not load node:v8.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require("./cli/young-generation") as typeof YoungGeneration).growYoungGenerationAtOnce();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(join(__dirname, "cli-check.js"));
} else {
  // Before its bundle loads: a stop then still exits 130, nothing undone.
  if (process.argv[2] === "rollback") stopRollbackBeforeItBegins();
  // Every other command: from V8's code cache of an earlier one (see code-cache.ts).
  requireWithCodeCache(join(__dirname, "cli-main.js"));
}
