import { performance } from "node:perf_hooks";
import type { JournalEvent } from "../record/journal-event";
import type { SizedRepetitions } from "./bench-profile";
import type { BenchProgress } from "./bench-progress";
import {
  BENCH_CATEGORY_TITLES,
  type RollbackCategory,
  type RollbackPosition,
  type RollbackPositionName,
} from "./bench-report";
import type { BenchWorkspace } from "./bench-workspace";
import { expectStatus } from "./expect-status";
import { garbageCollector } from "./garbage-collection";
import { FailingStep, noopSteps } from "./noop-steps";
import { summarize } from "./statistics";

/**
 * The failing step of each position among `steps` (0-based): the second step
 * (one step to undo: the rollback's fixed cost shows), the middle one, the last one.
 */
export function failingStepIndex(position: RollbackPositionName, steps: number): number {
  switch (position) {
    case "start":
      return 1;
    case "middle":
      return Math.floor(steps / 2);
    case "end":
      return steps - 1;
  }
}

const POSITIONS: readonly RollbackPositionName[] = ["start", "middle", "end"];

/** Event times of one run (performance.now() ms), taken as the events are emitted. */
interface RollbackTimes {
  firstStepStarted: number;
  rollbackStarted: number;
  lastRolledBack: number;
  returned: number;
}

/**
 * Category 3: N reversible no-op steps where step k fails, run record on.
 * The rollback phase is timed from the run's own events: `rollback_started`
 * to the last `step_rolled_back` (a listener timestamps each as it is emitted,
 * right after the journal wrote it).
 */
export async function measureRollback(
  workspace: BenchWorkspace,
  plan: SizedRepetitions,
  baselineUs: number,
  progress: BenchProgress,
): Promise<RollbackCategory> {
  const { steps, repetitions } = plan;
  if (steps < 3) throw new RangeError("the rollback benchmark needs at least 3 steps");
  // One full collection before the category, none between its runs (as in execution-scaling.ts).
  garbageCollector().collect?.();
  const samples = new Map<RollbackPositionName, RollbackTimes[]>(POSITIONS.map((p) => [p, []]));
  for (let r = 0; r < repetitions; r++) {
    for (const position of POSITIONS) {
      const k = failingStepIndex(position, steps);
      const workflow = noopSteps(steps, true);
      workflow[k] = new FailingStep(`s${k}`, true);
      const times = {
        firstStepStarted: NaN,
        rollbackStarted: NaN,
        lastRolledBack: NaN,
        returned: NaN,
      };
      const onEvent = (event: JournalEvent): void => {
        if (event.type === "step_rolled_back") times.lastRolledBack = performance.now();
        else if (event.type === "rollback_started") times.rollbackStarted = performance.now();
        else if (event.type === "step_started" && Number.isNaN(times.firstStepStarted)) {
          times.firstStepStarted = performance.now();
        }
      };
      const { result, endedAt } = await workspace.run(workflow, { journal: true, onEvent });
      times.returned = endedAt;
      expectStatus(result, "rolled_back");
      if (result.rolledBackSteps.length !== k) {
        throw new Error(`expected ${k} steps rolled back, got ${result.rolledBackSteps.length}`);
      }
      samples.get(position)!.push(times);
    }
  }
  const positions = POSITIONS.map((position): RollbackPosition => {
    const k = failingStepIndex(position, steps);
    const runs = samples.get(position)!;
    const phaseUs = summarize(runs.map((t) => (t.lastRolledBack - t.rollbackStarted) * 1000));
    const perStepUs = summarize(
      runs.map((t) => ((t.lastRolledBack - t.rollbackStarted) * 1000) / k),
    );
    const forwardPerStepUs = summarize(
      runs.map((t) => ((t.rollbackStarted - t.firstStepStarted) * 1000) / (k + 1)),
    );
    const figure: RollbackPosition = {
      position,
      failingStep: k,
      undoneSteps: k,
      phaseUs,
      perStepUs,
      ratioToBaseline: perStepUs.median / baselineUs,
      forwardPerStepUs,
      rollbackToForwardRatio: perStepUs.median / forwardPerStepUs.median,
      settleUs: summarize(runs.map((t) => (t.returned - t.lastRolledBack) * 1000)),
    };
    progress(
      `  ${position.padEnd(6)} (${String(k).padStart(5)} undone): ${perStepUs.median.toFixed(2)} µs per undone step, ` +
        `phase ${(phaseUs.median / 1000).toFixed(2)} ms, ×${figure.rollbackToForwardRatio.toFixed(2)} forward`,
    );
    return figure;
  });
  return {
    title: BENCH_CATEGORY_TITLES.rollback,
    steps,
    repetitions,
    journal: true,
    positions,
  };
}
