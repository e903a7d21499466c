import { basename, dirname, resolve, sep } from "node:path";
import { listRuns, type RunSummary, runsDirOf } from "@momoflow/record";

export type { RunSummary };

/** Which runs: those of one workflow of one source file. */
export interface WorkflowRunFilter {
  workflowId: string;
  /** The `.momoflow` file (absolute path), as the run record's `source` names it. */
  source: string;
}

/**
 * The run records of working directories, read once and kept until a watcher
 * says they changed (`invalidate`): CodeLenses are computed on every edit, and
 * a runs folder may hold thousands of runs.
 */
export class RunHistory {
  private readonly cache = new Map<string, RunSummary[]>();

  constructor(private readonly list: (runsDir: string) => RunSummary[] = listRuns) {}

  /** Every run under `runsDir`, oldest first. */
  runs(runsDir: string): RunSummary[] {
    const key = resolve(runsDir);
    let runs = this.cache.get(key);
    if (!runs) {
      runs = this.list(key);
      this.cache.set(key, runs);
    }
    return runs;
  }

  /** The newest run of a workflow of a file under `runsDir`, if any. */
  latest(runsDir: string, filter: WorkflowRunFilter): RunSummary | undefined {
    const runs = this.runs(runsDir);
    for (let i = runs.length - 1; i >= 0; i--) {
      const run = runs[i]!;
      if (run.workflowId === filter.workflowId && run.source && samePath(run.source, filter.source))
        return run;
    }
    return undefined;
  }

  /** Forgets what was read under `runsDir` (or everything). */
  invalidate(runsDir?: string): void {
    if (runsDir === undefined) this.cache.clear();
    else this.cache.delete(resolve(runsDir));
  }
}

/** The runs folder of a working directory: `<workdir>/.momoflow/runs`. */
export function runsDirFor(workdir: string): string {
  return runsDirOf(workdir);
}

/**
 * The runs folder of a file of a run record (`/w/.momoflow/runs/<id>/result.json`
 * → `/w/.momoflow/runs`), or undefined for a file that is not one.
 */
export function runsDirOfRecordFile(path: string): string | undefined {
  const runsDir = dirname(dirname(path));
  return basename(runsDir) === "runs" && basename(dirname(runsDir)) === ".momoflow"
    ? runsDir
    : undefined;
}

/**
 * The runs folder of any path in a run record (`/w/.momoflow`,
 * `/w/.momoflow/runs/<id>/journal.jsonl`, … → `/w/.momoflow/runs`), or
 * undefined for a path outside one.
 */
export function runsDirOfRecordPath(path: string): string | undefined {
  const parts = resolve(path).split(/[\\/]/);
  const at = parts.lastIndexOf(".momoflow");
  if (at < 0) return undefined;
  return runsDirFor(parts.slice(0, at).join(sep) || sep);
}

/** Whether two absolute paths name the same file (case-insensitively on Windows and macOS). */
export function samePath(
  a: string,
  b: string,
  platform: NodeJS.Platform = process.platform,
): boolean {
  const ra = resolve(a);
  const rb = resolve(b);
  return platform === "win32" || platform === "darwin"
    ? ra.toLowerCase() === rb.toLowerCase()
    : ra === rb;
}
