import { statSync } from "node:fs";
import { basename, dirname, resolve, sep } from "node:path";
import { isMovedSourceRun, listRuns, type RunSummary, runsDirOf } from "@momoflow/record";

export type { RunSummary };

/** Which runs: those of one workflow of one source file. */
export interface WorkflowRunFilter {
  workflowId: string;
  /** The `.momoflow` file (absolute path), as the run record's `source` names it. */
  source: string;
  /**
   * The workflow's steps as the file has them now (step id → definition
   * digest, the outline's): with them, a run of the file from before it was
   * renamed or moved counts too, as `momoflow rollback <file>` takes it
   * (see `isMovedSourceRun`).
   */
  steps?: Readonly<Record<string, string>>;
}

/**
 * When a runs folder last changed: its mtime, which moves whenever a run's
 * folder is created or removed and whenever a run rewrites `latest`; -1 when
 * there is no such folder.
 */
export type RunsDirStamp = (runsDir: string) => number;

const runsDirMtime: RunsDirStamp = (runsDir) =>
  statSync(runsDir, { throwIfNoEntry: false })?.mtimeMs ?? -1;

/**
 * The run records of working directories, read once and kept while the runs
 * folder is unchanged: CodeLenses are computed on every edit, and a runs
 * folder may hold thousands of runs. A watcher may also say a folder changed
 * (`invalidate`), but is not relied on: a run started from a terminal can
 * create its folder faster than a recursive watcher follows (seen in
 * code-server), so each read checks the folder's mtime (one `stat`) and a new
 * run is seen at once.
 */
export class RunHistory {
  private readonly cache = new Map<string, { runs: RunSummary[]; stamp: number }>();

  constructor(
    private readonly list: (runsDir: string) => RunSummary[] = listRuns,
    private readonly stampOf: RunsDirStamp = runsDirMtime,
  ) {}

  /** Every run under `runsDir`, oldest first. */
  runs(runsDir: string): RunSummary[] {
    const key = resolve(runsDir);
    const stamp = this.stampOf(key);
    const cached = this.cache.get(key);
    if (cached && cached.stamp === stamp) return cached.runs;
    const runs = this.list(key);
    this.cache.set(key, { runs, stamp });
    return runs;
  }

  /** The newest run of a workflow of a file under `runsDir`, if any. */
  latest(runsDir: string, filter: WorkflowRunFilter): RunSummary | undefined {
    const runs = this.runs(runsDir);
    const steps = filter.steps;
    for (let i = runs.length - 1; i >= 0; i--) {
      const run = runs[i]!;
      if (run.workflowId !== filter.workflowId || !run.source) continue;
      if (samePath(run.source, filter.source)) return run;
      if (steps && isMovedSourceRun(run, () => steps)) return run;
    }
    return undefined;
  }

  /**
   * The newest run of a workflow of a file among several runs folders (a
   * file's own and where older versions recorded it, see `runsDirsOfFile`):
   * the latest of each, the one that started last; on a tie, the first
   * folder's. A folder named twice is read once.
   */
  latestIn(runsDirs: readonly string[], filter: WorkflowRunFilter): RunSummary | undefined {
    let newest: RunSummary | undefined;
    const seen = new Set<string>();
    for (const runsDir of runsDirs) {
      const key = resolve(runsDir);
      if (seen.has(key)) continue;
      seen.add(key);
      const run = this.latest(key, filter);
      if (run && (!newest || run.startTime > newest.startTime)) newest = run;
    }
    return newest;
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
