import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ChildProcess } from "node:child_process";
import { startCli, waitFor, type CliOutcome } from "./cli-process";
import { writeWorkflow } from "./workflow-files";

/**
 * A js() module whose `run` prints a line every 20 ms (`tick 1`, `tick 2`, …)
 * and never settles, whatever its signal says: a step that ignores the run's
 * cancellation, given up after the stop grace, goes on printing.
 */
export const DEAF_MODULE = `export function run(_args, context) {
  let n = 0;
  setInterval(() => context.logger.info(\`tick \${++n}\`), 20);
  return new Promise(() => {});
}
`;

/** Workflow `deaf`: one step `deaf`, running {@link DEAF_MODULE} from `./deaf.mjs`. */
const DEAF_WORKFLOW = `workflow deaf {
  step deaf {
    run: js("./deaf.mjs", "run")
    rollback: none
  }
}
`;

/** A `momoflow run` of the deaf workflow, under way. */
export interface DeafRun {
  child: ChildProcess;
  done: Promise<CliOutcome>;
  workdir: string;
  /** What the run printed to stdout so far. */
  progress(): string;
}

/**
 * Writes the deaf workflow as `name` under `dir`, with `deaf.mjs` beside it,
 * and starts `momoflow run` of it, keeping what it prints.
 */
export function startDeafRun(dir: string, name: string): DeafRun {
  const { file, workdir } = writeWorkflow(dir, name, DEAF_WORKFLOW);
  writeFileSync(join(dir, "deaf.mjs"), DEAF_MODULE);
  const { child, done } = startCli(["run", file, "--workdir", workdir], workdir);
  let progress = "";
  child.stdout!.on("data", (chunk) => (progress += chunk));
  return { child, done, workdir, progress: () => progress };
}

/**
 * Ctrl+C once the deaf step has printed, then waits for the run's summary:
 * the run has given the step up and written its record, while the step's
 * timer still holds the process.
 */
export async function stopAtSummary(run: DeafRun): Promise<void> {
  await waitFor(() => /deaf \| tick 3/.test(run.progress()), "the step to print");
  run.child.kill("SIGINT");
  await waitFor(() => /run record:/.test(run.progress()), "the run's summary", 20_000);
}
