/**
 * The `momoflow` executable (dist/cli.js): hands the process to the bundle
 * of its command. `momoflow check` (editors' tasks, CI, files of 20,000
 * steps) loads a bundle of the checker alone, half the size of the one of
 * every command (dist/cli-main.js): each run starts by reading and compiling
 * its whole bundle.
 */
import { join } from "node:path";
import type * as YoungGeneration from "./cli/young-generation";

const check = process.argv[2] === "check";
// Before the bundle loads: see young-generation.ts. Required here, not
// imported: the other commands do not load node:v8.
if (check)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require("./cli/young-generation") as typeof YoungGeneration).growYoungGenerationAtOnce();
const bundle = check ? "cli-check.js" : "cli-main.js";
// A path known only when run: the bundler leaves the other bundles alone.
// eslint-disable-next-line @typescript-eslint/no-require-imports
require(join(__dirname, bundle));
