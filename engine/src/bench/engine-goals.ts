import type {
  BenchCategories,
  BenchFloors,
  EngineGoal,
  FirstRunFigure,
  ScalabilitySize,
} from "./bench-report";

/**
 * The floors on the machine the goals were set on (issue 14, measured there
 * side by side): the goals are ratios to them, so each is judged against the
 * same floor measured in this run — a slower or busier machine has higher
 * floors and a higher limit, a faster one lower.
 */
const STATED_FLOORS = {
  /** One writeSync of a ~100-byte journal line plus one JSON.stringify of an event. */
  recordedStepUs: 1.2 + 0.7,
  /** `await noop()`. */
  awaitNoopUs: 0.04,
};

/** A recorded no-op step: within this many times one journal write plus one serialization (≤ 3 µs there). */
const RECORDED_STEP_FACTOR = 1.5;
const RECORDED_STEP_STATED_US = 3;
/** An unrecorded no-op step: ≤ 0.8 µs there, where `await noop()` took 0.04 µs. */
const UNRECORDED_STEP_STATED_US = 0.8;
const UNRECORDED_STEP_FACTOR = UNRECORDED_STEP_STATED_US / STATED_FLOORS.awaitNoopUs;
/** The first run's fixed cost: < 5 ms there, in recorded-step floors. */
const FIRST_RUN_STATED_MS = 5;
const FIRST_RUN_FACTOR = (FIRST_RUN_STATED_MS * 1000) / STATED_FLOORS.recordedStepUs;
/** Heap kept per finished step (no machine in it). */
const RETAINED_LIMIT_BYTES = 256;
/** The step counts the per-step goals are stated for (where the profile measures them). */
const GOAL_SIZES = [10_000, 100_000];

/**
 * The engine's goals, each judged from the figure this report measured. A
 * goal that depends on the machine is judged by its ratio to a floor
 * measured in the same run (`ratioToFloor` against `ratioLimit`; `limit` is
 * that ratio times this run's floor, in the figure's unit); `statedLimit` is
 * the figure the issue stated for its own machine, for reference only.
 * Per-step goals are judged at 10,000 and 100,000 steps, or at the largest
 * size the profile measured (the quick and tiny profiles stop earlier); the
 * size is in the description.
 */
export function judgeEngineGoals(
  categories: BenchCategories,
  floors: BenchFloors,
  firstRun: FirstRunFigure,
): EngineGoal[] {
  const goals: EngineGoal[] = [];
  for (const size of goalSizes(categories.scalability.sizes)) {
    goals.push(
      ratioGoal({
        id: `recorded_step_${size.steps}`,
        description: `no-op step with the run record, median at ${size.steps} steps: ≤ ${RECORDED_STEP_FACTOR}× one journal write + one serialization (≤ ${RECORDED_STEP_STATED_US} µs where that floor was ${STATED_FLOORS.recordedStepUs} µs)`,
        figure: size.journalOn.perStepUs.median,
        unit: "µs",
        floor: floors.recordedStepUs,
        ratioLimit: RECORDED_STEP_FACTOR,
        statedLimit: RECORDED_STEP_STATED_US,
      }),
      ratioGoal({
        id: `unrecorded_step_${size.steps}`,
        description: `no-op step without the run record, median at ${size.steps} steps: ≤ ${UNRECORDED_STEP_FACTOR}× an awaited no-op call (≤ ${UNRECORDED_STEP_STATED_US} µs where that call took ${STATED_FLOORS.awaitNoopUs} µs)`,
        figure: size.journalOff.perStepUs.median,
        unit: "µs",
        floor: floors.awaitNoopUs,
        ratioLimit: UNRECORDED_STEP_FACTOR,
        statedLimit: UNRECORDED_STEP_STATED_US,
      }),
    );
  }
  const firstRunGoal = ratioGoal({
    id: "first_run_fixed_cost",
    description: `${firstRunWhere(firstRun)} of ${firstRun.steps} steps (record on), beyond a warm run of as many: ≤ ${Math.round(FIRST_RUN_FACTOR)}× a recorded step's floor (< ${FIRST_RUN_STATED_MS} ms where that floor was ${STATED_FLOORS.recordedStepUs} µs)`,
    figure: firstRun.fixedCostUs / 1000,
    unit: "ms",
    floor: floors.recordedStepUs / 1000,
    ratioLimit: FIRST_RUN_FACTOR,
    statedLimit: FIRST_RUN_STATED_MS,
  });
  // The warm runs cost more than the first: the machine's noise swamped the figure.
  goals.push(judgedAboveZero(firstRunGoal, "warm runs were slower than the first"));
  const retained = categories.scalability.retainedMemory;
  goals.push(
    judgedAboveZero(
      {
        id: "retained_memory_per_step",
        description: `heap kept per finished step until the run's result is dropped (${retained.steps} steps): ≤ ${RETAINED_LIMIT_BYTES} B`,
        figure: retained.bytesPerStep,
        unit: "B",
        limit: RETAINED_LIMIT_BYTES,
        met: retained.bytesPerStep <= RETAINED_LIMIT_BYTES,
      },
      // Runs too small for the heap's own movement (the tiny profile): nothing to judge.
      "the collections freed more than the runs kept",
    ),
  );
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

/**
 * `goal`, or, when its figure is below 0 (noise larger than what it
 * measures), the same goal not judged: never met, no ratio, and saying why.
 */
function judgedAboveZero(goal: EngineGoal, why: string): EngineGoal {
  if (goal.figure >= 0) return goal;
  const { ratioToFloor: _meaningless, ...rest } = goal; // a negative ratio means nothing (and the schema wants > 0)
  return {
    ...rest,
    met: false,
    description: `${goal.description} — below 0 here (${why}): not judged`,
  };
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

/** A goal stated as a ratio to a same-run floor: met when the figure's ratio to it is within the limit. */
function ratioGoal(goal: {
  id: string;
  description: string;
  figure: number;
  unit: EngineGoal["unit"];
  floor: number;
  ratioLimit: number;
  statedLimit: number;
}): EngineGoal {
  const ratioToFloor = goal.figure / goal.floor;
  return {
    ...goal,
    limit: goal.ratioLimit * goal.floor,
    ratioToFloor,
    met: ratioToFloor <= goal.ratioLimit,
  };
}

/** Where the first run was measured (see {@link FirstRunFigure.method}). */
function firstRunWhere(firstRun: FirstRunFigure): string {
  return firstRun.method === "processes"
    ? `a fresh process's first run, as \`momoflow run\` meets it (from the code cache; median of ${firstRun.processes})`
    : "the process's first run";
}
