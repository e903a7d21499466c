import type {
  BenchCategories,
  BenchFloors,
  EngineGoal,
  FirstRunFigure,
  ScalabilitySize,
} from "./bench-report";

/** A recorded no-op step: at most this, and within this many times its floor. */
const RECORDED_STEP_LIMIT_US = 3;
const RECORDED_STEP_FLOOR_FACTOR = 1.5;
/** An unrecorded no-op step. */
const UNRECORDED_STEP_LIMIT_US = 0.8;
/** The first run's fixed cost. */
const FIRST_RUN_LIMIT_MS = 5;
/** Heap kept per finished step. */
const RETAINED_LIMIT_BYTES = 256;
/** The step counts the per-step goals are stated for (where the profile measures them). */
const GOAL_SIZES = [10_000, 100_000];

/**
 * The engine's goals, each judged from the figure this report measured,
 * with its ratio to the same-run floor where there is one. Per-step goals are
 * judged at 10,000 and 100,000 steps, or at the largest size the profile
 * measured (the quick and tiny profiles stop earlier); the size is in the
 * description.
 */
export function judgeEngineGoals(
  categories: BenchCategories,
  floors: BenchFloors,
  firstRun: FirstRunFigure,
): EngineGoal[] {
  const goals: EngineGoal[] = [];
  for (const size of goalSizes(categories.scalability.sizes)) {
    const on = size.journalOn.perStepUs.median;
    goals.push({
      id: `recorded_step_${size.steps}`,
      description: `no-op step with the run record, median at ${size.steps} steps: ≤ ${RECORDED_STEP_LIMIT_US} µs and ≤ ${RECORDED_STEP_FLOOR_FACTOR}× one journal write + one serialization`,
      figure: on,
      unit: "µs",
      limit: RECORDED_STEP_LIMIT_US,
      floor: floors.recordedStepUs,
      ratioToFloor: on / floors.recordedStepUs,
      met: on <= RECORDED_STEP_LIMIT_US && on <= RECORDED_STEP_FLOOR_FACTOR * floors.recordedStepUs,
    });
    const off = size.journalOff.perStepUs.median;
    goals.push({
      id: `unrecorded_step_${size.steps}`,
      description: `no-op step without the run record, median at ${size.steps} steps: ≤ ${UNRECORDED_STEP_LIMIT_US} µs`,
      figure: off,
      unit: "µs",
      limit: UNRECORDED_STEP_LIMIT_US,
      floor: floors.awaitNoopUs,
      ratioToFloor: off / floors.awaitNoopUs,
      met: off <= UNRECORDED_STEP_LIMIT_US,
    });
  }
  const firstMs = firstRun.fixedCostUs / 1000;
  goals.push({
    id: "first_run_fixed_cost",
    description: `the process's first run of ${firstRun.steps} steps (record on), beyond its steps at the warm per-step cost: < ${FIRST_RUN_LIMIT_MS} ms`,
    figure: firstMs,
    unit: "ms",
    limit: FIRST_RUN_LIMIT_MS,
    met: firstMs < FIRST_RUN_LIMIT_MS,
  });
  const retained = categories.scalability.retainedMemory;
  goals.push({
    id: "retained_memory_per_step",
    description: `heap kept per finished step until the run's result is dropped (${retained.steps} steps): ≤ ${RETAINED_LIMIT_BYTES} B`,
    figure: retained.bytesPerStep,
    unit: "B",
    limit: RETAINED_LIMIT_BYTES,
    met: retained.bytesPerStep <= RETAINED_LIMIT_BYTES,
  });
  const worst = Math.max(...categories.rollback.positions.map((p) => p.rollbackToForwardRatio));
  goals.push({
    id: "rollback_per_step",
    description: `rollback per undone step ≤ a forward step (the worst of the start, middle and end positions, ${categories.rollback.steps} steps)`,
    figure: worst,
    unit: "ratio",
    limit: 1,
    met: worst <= 1,
  });
  return goals;
}

/** The sizes the goals are stated for, or the largest measured when none of them was. */
function goalSizes(sizes: readonly ScalabilitySize[]): ScalabilitySize[] {
  const stated = sizes.filter((s) => GOAL_SIZES.includes(s.steps));
  if (stated.length > 0) return stated;
  const largest = sizes.reduce<ScalabilitySize | undefined>(
    (a, b) => (a === undefined || b.steps > a.steps ? b : a),
    undefined,
  );
  return largest ? [largest] : [];
}
