import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { findLatestRun } from "../record/run-index";
import { isMomoflowFile } from "./momoflow-files";
import { UsageError } from "./usage-error";

/** `--resume [RUN]` taken out of `run`'s arguments (its value is optional, which parseArgs cannot say). */
export interface ResumeRequest {
  /** A run id or a run record folder; absent: the latest run of the workflow. */
  run?: string;
}

/**
 * Takes `--resume`, `--resume RUN` and `--resume=RUN` out of `argv`. The
 * word after `--resume` is its RUN unless it is an option or names a
 * workflow file (`run --resume site.momoflow`).
 */
export function takeResumeOption(argv: readonly string[]): {
  argv: string[];
  resume?: ResumeRequest;
} {
  const rest: string[] = [];
  let resume: ResumeRequest | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith("--resume=")) {
      const run = arg.slice("--resume=".length);
      if (run === "") throw new UsageError("--resume=: expected a run id or a run folder");
      resume = { run };
    } else if (arg === "--resume") {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith("-") && !namesWorkflowFile(next)) {
        resume = { run: next };
        i++;
      } else resume = {};
    } else rest.push(arg);
  }
  return resume ? { argv: rest, resume } : { argv: rest };
}

function namesWorkflowFile(arg: string): boolean {
  return isMomoflowFile(arg) || /\.(m?js|cjs|ts)$/.test(arg);
}

/**
 * The record folder of the run to resume: RUN as a folder, or as a run id
 * under `runsDir`; without RUN, the latest run of the workflow (of that file)
 * there.
 */
export function resumeRunDir(
  request: ResumeRequest,
  runsDir: string,
  workflow: { id: string; source?: string },
): string {
  const run = request.run;
  if (run !== undefined) {
    const asFolder = resolve(run);
    if (existsSync(asFolder) && statSync(asFolder).isDirectory()) return asFolder;
    const byId = join(runsDir, run);
    // A folder of that id without a journal is the resume's to name (it names no run).
    if (existsSync(byId) && statSync(byId).isDirectory()) return byId;
    throw new UsageError(
      `--resume ${run}: no such run folder, and no run with that id in ${runsDir}`,
    );
  }
  const latest = findLatestRun(runsDir, {
    workflowId: workflow.id,
    ...(workflow.source ? { source: workflow.source } : {}),
  });
  if (!latest)
    throw new UsageError(`--resume: no earlier run of workflow "${workflow.id}" in ${runsDir}`);
  return latest.dir;
}
