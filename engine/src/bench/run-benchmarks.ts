import { performance } from "node:perf_hooks";
import { createCommandRegistry } from "../commands/registry";
import { benchProfile, type SizedRepetitions } from "./bench-profile";
import type { BenchProgress } from "./bench-progress";
import {
  BENCH_REPORT_VERSION,
  type BenchCategories,
  type BenchProfileName,
  type BenchReport,
  type ExecutionScalingCategory,
  type FirstRunFigure,
} from "./bench-report";
import { saveBenchReport } from "./bench-report-file";
import { BenchWorkspace } from "./bench-workspace";
import { BASELINE_DESCRIPTION, measureBaseline } from "./baseline";
import { judgeEngineGoals } from "./engine-goals";
import { measureFloors } from "./floors";
import { measureCommandOverhead } from "./command-overhead";
import { measureExecutionScaling } from "./execution-scaling";
import { expectStatus } from "./expect-status";
import { bundledEntry } from "./bundled-entry";
import { measureFirstRunInProcesses, type FirstRunProcessFigures } from "./first-run-processes";
import { garbageCollector, MEMORY_METHOD_DESCRIPTIONS } from "./garbage-collection";
import { describeMachine } from "./machine-info";
import { measureMemoryPerStep } from "./memory-per-step";
import { FailingStep, noopSteps } from "./noop-steps";
import { measureRollback } from "./rollback-position";
import { measureScalability } from "./scalability";
import { NORMAL_APPROXIMATION_FROM, summarize } from "./statistics";

/** Options of {@link runBenchmarks}. */
export interface RunBenchmarksOptions {
  /** Smaller sizes (up to 10,000 steps), about 20 s. Default false: up to 100,000 steps. */
  quick?: boolean;
  /** Where `.momoflow/bench/` goes. Default `process.cwd()`. */
  workDir?: string;
  /** Receives a line per measurement as it completes. */
  onProgress?: (line: string) => void;
  /**
   * The sizes to use, overriding `quick`. `tiny` (a second or so, figures
   * meaningless) exists for the suite's own tests.
   */
  profile?: BenchProfileName;
  /** Save the report under `<workDir>/.momoflow/bench/`. Default true. */
  save?: boolean;
}

/**
 * Runs momo-workflow's five benchmark categories against this engine, then
 * the `.momoflow` language's (parser and checker), each compared with a
 * baseline (plain `await` of a no-op async function) measured in the same
 * process just before, and saves the report as
 * `<workDir>/.momoflow/bench/latest.json` plus a timestamped copy.
 *
 * Runs of workflows happen in a temp folder that is removed afterwards.
 * Heap figures use a forced full GC when one is available (see `methods.memory`).
 * The language category is left out (with a progress line saying why) when
 * the language layer cannot be loaded: see {@link loadLanguageTiming}.
 */
export async function runBenchmarks(options: RunBenchmarksOptions = {}): Promise<BenchReport> {
  const profile = benchProfile(options.profile ?? (options.quick ? "quick" : "full"));
  const progress: BenchProgress = options.onProgress ?? (() => {});
  const createdAt = new Date().toISOString();
  const started = performance.now();
  const gc = garbageCollector();
  const workspace = new BenchWorkspace();
  let report: BenchReport;
  try {
    progress(`momoflow bench: ${profile.name} profile, memory method ${gc.method}`);
    // Before anything else has run: the cold JIT's cost, which warm figures hide.
    const firstRunSteps = Math.min(FIRST_RUN_STEPS, profile.warmup.steps);
    const first = await workspace.run(noopSteps(firstRunSteps), { journal: true });
    expectStatus(first.result, "success");
    progress(`first run: ${(first.elapsedUs / 1000).toFixed(2)} ms for ${firstRunSteps} steps`);
    const inProcesses = measureFirstRunAsRunMeetsIt(
      firstRunSteps,
      profile.firstRunProcesses,
      progress,
    );
    progress("warming up");
    await warmUp(workspace, profile.warmup);

    const baselineSamples = await measureBaseline(profile.baseline);
    const perCallUs = summarize(baselineSamples);
    const baselineUs = perCallUs.median;
    progress(`baseline: ${baselineUs.toFixed(4)} µs per awaited no-op call`);
    const floors = measureFloors(workspace.dir, profile.baseline, baselineUs);
    progress(
      `floors: journal write ${floors.journalWriteUs.median.toFixed(3)} µs, JSON.stringify ${floors.stringifyUs.median.toFixed(3)} µs, resourceUsage ${floors.resourceUsageUs.median.toFixed(3)} µs`,
    );

    progress("1. execution scaling");
    const executionScaling = await measureExecutionScaling(
      workspace,
      profile.executionScaling,
      baselineUs,
      progress,
    );
    progress("2. scalability");
    const scalability = await measureScalability(
      workspace,
      profile.scalability,
      profile.memorySamples,
      baselineUs,
      progress,
    );
    progress("3. rollback");
    const rollback = await measureRollback(workspace, profile.rollback, baselineUs, progress);
    progress("4. memory per step");
    const memoryPerStep = await measureMemoryPerStep(
      workspace,
      profile.memory,
      profile.memorySamples,
      progress,
    );
    progress("5. command overhead");
    const commandOverhead = await measureCommandOverhead(profile.commands, baselineUs, progress);
    const categories: BenchCategories = {
      executionScaling,
      scalability,
      rollback,
      memoryPerStep,
      commandOverhead,
    };
    progress("6. language");
    const languageTiming = loadLanguageTiming();
    if (typeof languageTiming === "string") progress(`  not measured: ${languageTiming}`);
    else {
      const language = languageTiming.measureLanguage(profile.language, baselineUs, progress);
      language.unknownReferences = await languageTiming.measureUnknownReferences(
        profile.language.unknownReferences,
        createCommandRegistry(),
        progress,
      );
      categories.language = language;
    }

    const inProcessFixedCostUs = first.elapsedUs - warmRunUs(executionScaling, firstRunSteps);
    const firstRun: FirstRunFigure = inProcesses
      ? {
          steps: firstRunSteps,
          journal: true,
          totalUs: inProcesses.totalUs,
          fixedCostUs: inProcesses.fixedCostUs,
          warmFixedCostUs: executionScaling.fit.intercept,
          method: "processes",
          processes: inProcesses.processes,
          floorFixedCostUs: inProcesses.floorFixedCostUs,
          codeCache: inProcesses.codeCache,
          inProcess: { totalUs: first.elapsedUs, fixedCostUs: inProcessFixedCostUs },
        }
      : {
          steps: firstRunSteps,
          journal: true,
          totalUs: first.elapsedUs,
          fixedCostUs: inProcessFixedCostUs,
          warmFixedCostUs: executionScaling.fit.intercept,
          method: "in-process",
        };
    const goals = judgeEngineGoals(categories, floors, firstRun);
    for (const goal of goals) {
      const ratio =
        goal.ratioToFloor === undefined
          ? ""
          : ` = ${goal.ratioToFloor.toFixed(1)}× its floor (limit ${goal.ratioLimit!.toFixed(1)}×)`;
      progress(
        `goal ${goal.met ? "met" : "NOT met"}: ${goal.id} ${goal.figure.toFixed(3)} ${goal.unit}${ratio}`,
      );
    }

    report = {
      v: BENCH_REPORT_VERSION,
      createdAt,
      machine: describeMachine(),
      quick: profile.name !== "full",
      profile: profile.name,
      durationMs: performance.now() - started,
      methods: {
        timer: "performance.now() (monotonic, sub-microsecond resolution)",
        samples:
          "engine figures: one sample per workflow run (run time / steps), a full GC before each run when available; " +
          "baseline and command figures: one sample per batch (batch time / batch size), after warm-up batches; " +
          "language figures: one sample per call (per batch for the cached re-check), after warm-up calls, " +
          "a full GC before each operation's samples when available (none between samples: p95 includes collections)",
        percentile:
          "linear interpolation between closest ranks (Hyndman-Fan type 7, numpy default)",
        stdev: "sample standard deviation (n − 1)",
        confidenceInterval: `95% CI of the mean: Student's t (df = n − 1) for n < ${NORMAL_APPROXIMATION_FROM}, normal approximation (z = 1.96) for n ≥ ${NORMAL_APPROXIMATION_FROM}`,
        memory: gc.method,
        memoryDescription: MEMORY_METHOD_DESCRIPTIONS[gc.method],
      },
      baseline: {
        description: BASELINE_DESCRIPTION,
        batchSize: profile.baseline.batchSize,
        perCallUs,
      },
      floors,
      firstRun,
      goals,
      categories,
    };
  } finally {
    workspace.dispose();
  }
  if (options.save ?? true) {
    const saved = saveBenchReport(report, options.workDir ?? process.cwd());
    progress(`saved ${saved.latest}`);
  }
  return report;
}

/**
 * What a warm run of `steps` costs: the median of the execution-scaling runs
 * of that size when there are some (a median: one stalled write on a busy
 * machine moves a least-squares line by more than the first run's cost),
 * else the fitted line.
 */
function warmRunUs(scaling: ExecutionScalingCategory, steps: number): number {
  const same = scaling.sizes.find((s) => s.steps === steps);
  return same ? same.totalUs.median : scaling.fit.slope * steps + scaling.fit.intercept;
}

/**
 * The first run as `momoflow run` meets it, in fresh processes of the built
 * CLI (see first-run-processes.ts); undefined when there is no built CLI to
 * start (the suite run from its sources before a build): the figure is then
 * this process's own first run.
 */
function measureFirstRunAsRunMeetsIt(
  steps: number,
  count: number,
  progress: BenchProgress,
): FirstRunProcessFigures | undefined {
  const cli = bundledEntry("cli.js");
  if (cli === undefined) {
    progress(
      "first run in fresh processes: not measured (no built CLI): this process's is reported",
    );
    return undefined;
  }
  const figures = measureFirstRunInProcesses(cli, steps, count);
  progress(
    `first run in ${count} fresh processes (code cache: ${figures.codeCache}): ${(figures.fixedCostUs / 1000).toFixed(2)} ms beyond a warm run; the least recorded loop's: ${(figures.floorFixedCostUs / 1000).toFixed(2)} ms`,
  );
  return figures;
}

/** Steps of the process's first run (fewer when the profile's warm-up is smaller). */
const FIRST_RUN_STEPS = 1_000;

/** Module-resolution failures that mean "chevrotain cannot be loaded here", not a bug. */
const UNLOADABLE = new Set(["ERR_PACKAGE_PATH_NOT_EXPORTED", "ERR_REQUIRE_ESM"]);

type LanguageTimingModule = typeof import("./language-timing");

/**
 * The language category's module, loaded on first use: importing the suite
 * (the library's entry point does) must not load the parser. Under a
 * TypeScript runner that resolves chevrotain (ESM only) with `require`
 * conditions, such as tsx without `engine/test/language/esm-only-dependencies.ts`,
 * it cannot load: the reason is returned instead. The bundled CLI always loads it.
 */
function loadLanguageTiming(): LanguageTimingModule | string {
  try {
    // require, not import(): esbuild bundles both, but under tsx/cjs import()
    // stays native ESM, which cannot resolve extensionless TypeScript files.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("./language-timing") as LanguageTimingModule;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined || !UNLOADABLE.has(code)) throw error;
    return `the language layer cannot be loaded here (${code}: chevrotain is ESM only)`;
  }
}

/** Untimed runs of every path measured (journal on and off, a rollback), so the JIT has settled. */
async function warmUp(workspace: BenchWorkspace, plan: SizedRepetitions): Promise<void> {
  for (let r = 0; r < plan.repetitions; r++) {
    for (const journal of [false, true]) {
      expectStatus((await workspace.run(noopSteps(plan.steps), { journal })).result, "success");
    }
    const failing = noopSteps(plan.steps, true);
    const last = plan.steps - 1;
    failing[last] = new FailingStep(`s${last}`, true);
    const { result } = await workspace.run(failing, { journal: true, onEvent: () => {} });
    expectStatus(result, "rolled_back");
  }
}
