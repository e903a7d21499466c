import { rmSync } from "node:fs";
import { BenchWorkspace } from "./bench-workspace";
import { expectStatus } from "./expect-status";
import { runLeastRecordedLoop } from "./least-recorded-loop";
import { noopSteps } from "./noop-steps";
import { median } from "./statistics";
import { makeBenchFolder } from "./bench-temp-folder";

/**
 * What a fresh process measures for the first-run figure: `engine`, a
 * workflow of no-op steps with its run record; `floor`, the least recorded
 * loop (least-recorded-loop.ts); `prime`, a few steps of both, so that the
 * code cache it leaves holds the code of both (see first-run-processes.ts).
 */
export type FirstRunChildKind = "engine" | "floor" | "prime";

/** The first-run child's kinds, as `momoflow bench --first-run-child` takes them. */
export const FIRST_RUN_CHILD_KINDS: readonly FirstRunChildKind[] = ["engine", "floor", "prime"];

/** What one fresh process measured: its first run and its warm runs of as many steps. */
export interface FirstRunChildFigures {
  kind: FirstRunChildKind;
  steps: number;
  /** The process's first run, in µs. */
  firstUs: number;
  /** A warm run of as many steps in the same process: the median of the last {@link WARM_RUNS_KEPT}, in µs. */
  warmUs: number;
  /** Whether the process's code came from V8's code cache (see cli/code-cache.ts). */
  codeCache: string;
}

/** Runs after the first; the first several of them are still being optimized (more so on a busy machine). */
const WARM_RUNS = 11;
const WARM_RUNS_KEPT = 5;
/** Steps of a `prime` process: enough for every function of the path to be compiled. */
const PRIME_STEPS = 20;

/**
 * Measures `kind` in this process, which must be fresh (nothing of the
 * engine run before): its first run of `steps`, then warm runs.
 */
export async function measureFirstRunHere(
  kind: FirstRunChildKind,
  steps: number,
): Promise<FirstRunChildFigures> {
  if (kind === "prime") {
    await measureRuns("engine", PRIME_STEPS, 1);
    await measureRuns("floor", PRIME_STEPS, 1);
    return { kind, steps: PRIME_STEPS, firstUs: 0, warmUs: 0, codeCache: codeCacheState() };
  }
  const times = await measureRuns(kind, steps, 1 + WARM_RUNS);
  return {
    kind,
    steps,
    firstUs: times[0]!,
    warmUs: median(times.slice(-WARM_RUNS_KEPT)),
    codeCache: codeCacheState(),
  };
}

/** `runs` timed runs of `steps`, in µs, in a scratch folder removed afterwards. */
async function measureRuns(
  kind: "engine" | "floor",
  steps: number,
  runs: number,
): Promise<number[]> {
  const times: number[] = [];
  if (kind === "engine") {
    const workspace = new BenchWorkspace();
    try {
      for (let i = 0; i < runs; i++) {
        const run = await workspace.run(noopSteps(steps), { journal: true });
        expectStatus(run.result, "success");
        times.push(run.elapsedUs);
      }
    } finally {
      workspace.dispose();
    }
    return times;
  }
  const dir = makeBenchFolder("floor");
  try {
    for (let i = 0; i < runs; i++) times.push(await runLeastRecordedLoop(dir, steps, i));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return times;
}

/** The key under which cli/code-cache.ts says how it loaded the CLI's bundle. */
export const CODE_CACHE_STATE = Symbol.for("momoflow.codeCache");

/** How this process's CLI bundle was loaded: `used` (from the code cache), `made`, `off`, or `none` (not through the loader). */
function codeCacheState(): string {
  const state = (globalThis as Record<symbol, unknown>)[CODE_CACHE_STATE];
  return typeof state === "string" ? state : "none";
}
