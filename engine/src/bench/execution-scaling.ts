import { BENCH_CATEGORY_TITLES, type ExecutionScalingCategory } from "./bench-report";
import type { BenchProgress } from "./bench-progress";
import type { BenchWorkspace } from "./bench-workspace";
import { garbageCollector } from "./garbage-collection";
import { linearFit } from "./linear-fit";
import { noopSteps } from "./noop-steps";
import { summarize } from "./statistics";
import { expectStatus } from "./expect-status";

/** Sizes and repetitions of {@link measureExecutionScaling}. */
export interface ExecutionScalingPlan {
  sizes: number[];
  repetitions: number;
}

/**
 * Category 1: workflows of a few sizes of no-op steps, run record on (the
 * default), each run timed whole. The least-squares line of total time
 * against step count splits the cost into per step (slope) and per run (intercept).
 * Sizes are interleaved within each repetition so a drifting machine biases none of them.
 *
 * The runs follow one another as in a long-lived process, each paying the
 * collections its own garbage brings: a forced full collection before each
 * run, as the bench once did, is what no process does, and it throws away
 * much of the engine's optimized code with the dead run's objects (V8
 * deoptimizes code tied to objects that die), so every warm run paid a
 * re-optimization that made it cost more than the process's first run.
 */
export async function measureExecutionScaling(
  workspace: BenchWorkspace,
  plan: ExecutionScalingPlan,
  baselineUs: number,
  progress: BenchProgress,
): Promise<ExecutionScalingCategory> {
  const samples = new Map<number, number[]>(plan.sizes.map((n) => [n, []]));
  const xs: number[] = [];
  const ys: number[] = [];
  // One full collection before the category, none between its runs (see above).
  garbageCollector().collect?.();
  for (let r = 0; r < plan.repetitions; r++) {
    for (const steps of plan.sizes) {
      const { result, elapsedUs } = await workspace.run(noopSteps(steps), { journal: true });
      expectStatus(result, "success");
      samples.get(steps)!.push(elapsedUs);
      xs.push(steps);
      ys.push(elapsedUs);
    }
  }
  const sizes = plan.sizes.map((steps) => {
    const samplesUs = samples.get(steps)!;
    const perStepUs = summarize(samplesUs.map((us) => us / steps));
    const figure = {
      steps,
      totalUs: summarize(samplesUs),
      samplesUs,
      perStepUs,
      ratioToBaseline: perStepUs.median / baselineUs,
    };
    progress(
      `  ${String(steps).padStart(6)} steps: ${perStepUs.median.toFixed(2)} µs/step (median of ${samplesUs.length})`,
    );
    return figure;
  });
  const fit = linearFit(xs, ys);
  progress(
    `  fit: ${fit.slope.toFixed(2)} µs/step + ${fit.intercept.toFixed(0)} µs/run (r² ${fit.r2.toFixed(4)})`,
  );
  return {
    title: BENCH_CATEGORY_TITLES.executionScaling,
    journal: true,
    repetitions: plan.repetitions,
    sizes,
    fit: { ...fit, x: "steps", y: "totalUs" },
  };
}
