/**
 * The shape of a benchmark report: `.momoflow/bench/latest.json`, charted by
 * the metrics webview. Plain JSON, versioned by `v`, described by
 * `schemas/bench-report.schema.json`. Units are in the field names
 * (`Us` microseconds, `Bytes` bytes); every `ratioToBaseline` is the figure's
 * median divided by the baseline's median per call.
 */
import type { LinearFit } from "./linear-fit";
import type { MemoryMethod } from "./garbage-collection";
import type { SampleSummary } from "./statistics";

/** Version of the report format. */
export const BENCH_REPORT_VERSION = 1;

/** Which sizes a report was measured with. `tiny` exists for the suite's own tests. */
export type BenchProfileName = "full" | "quick" | "tiny";

/** The machine the report was measured on. */
export interface MachineInfo {
  /** `process.version`, e.g. `v20.19.0`. */
  node: string;
  platform: string;
  arch: string;
  /** Logical CPUs. */
  cpus: number;
  cpuModel: string;
  totalMemoryBytes: number;
}

/** How the figures were made, in words: the report explains itself. */
export interface BenchMethods {
  timer: string;
  samples: string;
  percentile: string;
  stdev: string;
  confidenceInterval: string;
  memory: MemoryMethod;
  memoryDescription: string;
}

/** Plain `await fn()` of a no-op async function: the floor every figure is compared with. */
export interface BenchBaseline {
  description: string;
  /** Calls per sample. */
  batchSize: number;
  perCallUs: SampleSummary;
}

/** A per-step cost and how it compares with the baseline. */
export interface PerStepFigure {
  perStepUs: SampleSummary;
  ratioToBaseline: number;
}

/** Category 1: workflows of 1 … 1,000 no-op steps; total time against step count. */
export interface ExecutionScalingCategory {
  title: string;
  /** Whether the runs wrote their run record. */
  journal: boolean;
  repetitions: number;
  sizes: ExecutionScalingSize[];
  /** Least squares of every run's total time (µs) against its step count: slope = µs per step, intercept = µs per run. */
  fit: LinearFit & { x: "steps"; y: "totalUs" };
}

/** One size of {@link ExecutionScalingCategory}. */
export interface ExecutionScalingSize extends PerStepFigure {
  steps: number;
  totalUs: SampleSummary;
  /** Total time of each repetition, in run order (for scatter plots). */
  samplesUs: number[];
}

/** Category 2: large workflows with the run record on and off. */
export interface ScalabilityCategory {
  title: string;
  sizes: ScalabilitySize[];
  /** Heap kept per finished step while the result is held, at the largest size (journal on). */
  retainedMemory: RetainedMemory;
}

/** One size of {@link ScalabilityCategory}. */
export interface ScalabilitySize {
  steps: number;
  repetitions: number;
  journalOff: PerStepFigure;
  journalOn: PerStepFigure;
  /** What the run record adds: median on / median off, and median on − median off per step. */
  journalCost: { ratio: number; perStepUs: number };
  /** Absent from reports made before it existed. */
  writeInStep?: WriteInStep;
  /** Absent from reports made before it existed. */
  leastRecordedLoop?: LeastRecordedLoopFigure;
}

/**
 * The least recorded loop (least-recorded-loop.ts: an await, two JSON lines
 * and one write per step, no engine) of as many steps, warm, run in turn
 * with the engine's runs: what the plainest recorded loop costs here, to
 * set the engine's recorded step beside.
 */
export interface LeastRecordedLoopFigure {
  perStepUs: SampleSummary;
  /** `journalOn` median / `perStepUs` median: the engine's recorded step against the loop's. */
  engineRatio: number;
}

/**
 * The record off, each no-op step writing a recorded step's journal lines
 * itself (one `writeSync`): what a recorded step would cost if the record's
 * only work were its write. Its write costs more here than the floor's
 * (`floors.journalWriteUs`), which is timed in a loop of nothing but writes.
 */
export interface WriteInStep {
  /** Bytes each step writes: a recorded no-op step's two lines. */
  bytes: number;
  perStepUs: SampleSummary;
  /** `perStepUs` median − `journalOff` median: one write inside a step. */
  writeUs: number;
  /** `journalOn` median − `perStepUs` median: the record's work beyond its write. */
  recordBeyondWriteUs: number;
}

/** Heap retained by the engine per finished step. */
export interface RetainedMemory {
  steps: number;
  method: MemoryMethod;
  heapBeforeBytes: number;
  heapAfterBytes: number;
  bytesPerStep: number;
}

/** Where the failing step sits in {@link RollbackCategory}. */
export type RollbackPositionName = "start" | "middle" | "end";

/** Category 3: N reversible no-op steps, step k fails, the k steps before it are undone. */
export interface RollbackCategory {
  title: string;
  steps: number;
  repetitions: number;
  journal: boolean;
  positions: RollbackPosition[];
}

/** One failure position of {@link RollbackCategory}; `perStepUs` is per undone step. */
export interface RollbackPosition extends PerStepFigure {
  position: RollbackPositionName;
  /** 0-based index of the step that fails. */
  failingStep: number;
  /** Steps undone (those before the failing one). */
  undoneSteps: number;
  /** The rollback phase: from the `rollback_started` event to the last `step_rolled_back` event. */
  phaseUs: SampleSummary;
  /** Forward execution per step in the same runs: first `step_started` to `rollback_started`, / (k + 1). */
  forwardPerStepUs: SampleSummary;
  /** Median per undone step / median forward per step (momo-workflow promised < 2). */
  rollbackToForwardRatio: number;
  /** From the last `step_rolled_back` event until `executeWorkflow` returns: statuses updated, result and result.json written. */
  settleUs: SampleSummary;
}

/** Category 4: memory per step at a few sizes. */
export interface MemoryPerStepCategory {
  title: string;
  journal: boolean;
  method: MemoryMethod;
  /** Every this many steps, a probe step reads the process's memory during the run. */
  sampleEvery: number;
  sizes: MemoryPerStepSize[];
}

/** One size of {@link MemoryPerStepCategory}. */
export interface MemoryPerStepSize {
  steps: number;
  /** (highest RSS seen during the run − RSS before) / steps. */
  peakRssDeltaBytesPerStep: number;
  /** (highest heapUsed seen during the run − heapUsed before) / steps: garbage included. */
  peakHeapDeltaBytesPerStep: number;
  /** Heap kept after the run while its result is held, per step (see `method`). */
  retainedHeapBytesPerStep: number;
  /** Memory readings taken during the run. */
  probes: number;
}

/** What one measured command operation is. */
export type CommandOperationId = "register" | "get" | "invoke" | "command_step" | "direct";

/** Category 5: the command registry. */
export interface CommandOverheadCategory {
  title: string;
  /** Operations per sample. */
  batchSize: number;
  operations: CommandOperation[];
  /** Median invoke − median direct call: what the registry's execute wrapper adds, in µs. */
  invokeOverheadUs: number;
  /** Median command_step − median direct call: what a CommandStep adds (engine excluded), in µs. */
  commandStepOverheadUs: number;
}

/** One operation of {@link CommandOverheadCategory}. */
export interface CommandOperation {
  id: CommandOperationId;
  description: string;
  perOpUs: SampleSummary;
  ratioToBaseline: number;
}

/** What one measured language operation is. */
export type LanguageOperationId = "lex" | "parse" | "parse_check" | "recheck" | "edit_check";

/** The generated `.momoflow` document of {@link LanguageCategory}. */
export interface LanguageDocument {
  /** Lines of the main file. */
  lines: number;
  /** UTF-8 bytes of the main file. */
  bytes: number;
  workflows: number;
  steps: number;
  /** Commands declared in the main file and in the imported one. */
  commands: number;
  tests: number;
  /** Lines and UTF-8 bytes of the file of commands the main file imports. */
  importedLines: number;
  importedBytes: number;
}

/** One operation of {@link LanguageCategory}. */
export interface LanguageOperation {
  id: LanguageOperationId;
  description: string;
  /** Calls per sample: 1, except for the cached re-check, too fast to time alone. */
  batchSize: number;
  /** UTF-8 bytes the operation lexes or parses per call (0 for the cached re-check). */
  bytes: number;
  perOpUs: SampleSummary;
  /** bytes / median time, in MB (10⁶ bytes) per second: for lex, parse and parse_check only. */
  throughputMBps?: number;
  /** Median / the lexer's median in the same run (the category's own baseline). */
  ratioToLexer: number;
  /** Median / the suite baseline's median per call. */
  ratioToBaseline: number;
}

/** The target of the language layer: parse + check of 10,000 lines within 50 ms (median, warm). */
export interface LanguageGoal {
  description: string;
  lines: number;
  limitMs: number;
  /** The parse_check median scaled linearly to `lines` (the full document is about that long). */
  medianMs: number;
  met: boolean;
}

/**
 * The checker's worst case for "did you mean": a file whose every step
 * misspells a step id, checked through a fresh workspace, against the parse
 * alone of the same file (the floor).
 */
export interface UnknownReferencesCase {
  description: string;
  /** Unknown step references (one per step of the file's one workflow). */
  references: number;
  /** UTF-8 bytes of the file. */
  bytes: number;
  checkUs: SampleSummary;
  parseUs: SampleSummary;
  /** checkUs.median / parseUs.median. */
  ratioToParse: number;
  goal: {
    description: string;
    references: number;
    limitMs: number;
    /** The check median scaled linearly to `references` of the goal (the full and quick profiles measure that many). */
    medianMs: number;
    met: boolean;
  };
  /** Every size measured, ascending (the figures above are the largest's). Absent from older reports. */
  sizes?: UnknownReferencesSize[];
  /** The language server's keystrokes; absent when not measured (see `notMeasured`). */
  keystroke?: UnknownReferencesKeystroke;
  /** The goals judged on the command and on the keystrokes, from the figures measured. */
  goals?: MeasuredGoal[];
  /** What could not be measured in this run, and why. */
  notMeasured?: string[];
}

/** One size of the unknown-references file. */
export interface UnknownReferencesSize {
  references: number;
  bytes: number;
  /** check(path) through a fresh workspace, in-process. */
  checkUs: SampleSummary;
  /** parseDocument of the same text (the floor). */
  parseUs: SampleSummary;
  ratioToParse: number;
  /** `node dist/cli.js check <file>` as a new process, wall ms; absent when the CLI is not built. */
  commandMs?: SampleSummary;
  /** commandMs.median / parseUs.median (same unit). */
  commandRatioToParse?: number;
  /** The floor: `momoflow check` of the same file with every id known (knownReferencesFile), wall ms. */
  knownCommandMs?: SampleSummary;
  /** commandMs.median / knownCommandMs.median. */
  commandRatioToKnown?: number;
  /** `node -e ""` as a new process, wall ms: the start no command can go below. */
  nodeStartMs?: SampleSummary;
}

/** One-letter changes in the built language server over a real LSP connection. */
export interface UnknownReferencesKeystroke {
  description: string;
  references: number;
  /** didChange sent to the diagnostics of its version read, per keystroke. */
  ms: SampleSummary;
  /** The server's CPU time (user + system) per keystroke, from /proc; absent where unreadable. */
  serverCpuMs?: number;
  /** parseDocument of the same text in the bench process (the floor). */
  parseUs: SampleSummary;
  /** ms.median / parseUs.median (same unit). */
  ratioToParse: number;
  /** Diagnostics of the last publish (at most the server's maxNumberOfProblems). */
  diagnostics: number;
}

/** A goal judged on one measured figure. */
export interface MeasuredGoal {
  description: string;
  limitMs: number;
  valueMs: number;
  met: boolean;
  /** How the figure relates to the goal's size, when it is not measured at that size. */
  note?: string;
}

/**
 * Category 6: the `.momoflow` parser and checker on a generated document
 * that checks clean, warm; the lexer alone is the category's baseline.
 */
export interface LanguageCategory {
  title: string;
  document: LanguageDocument;
  /** Calls (or batches, for the re-check) made and thrown away before each operation's samples. */
  warmup: number;
  operations: LanguageOperation[];
  goal: LanguageGoal;
  /** Absent from reports made before it existed. */
  unknownReferences?: UnknownReferencesCase;
}

/**
 * momo-workflow's five categories, and the language's. `language` is absent
 * from reports made before it existed, and where the language layer could
 * not be loaded (a TypeScript runner without the ESM shim for chevrotain).
 */
export interface BenchCategories {
  executionScaling: ExecutionScalingCategory;
  scalability: ScalabilityCategory;
  rollback: RollbackCategory;
  memoryPerStep: MemoryPerStepCategory;
  commandOverhead: CommandOverheadCategory;
  language?: LanguageCategory;
}

/**
 * What a recorded step cannot cost less than, measured in the same run as
 * the engine's figures (all per call, microseconds).
 */
export interface BenchFloors {
  description: string;
  /** Bytes of the journal line each write writes. */
  journalLineBytes: number;
  journalWriteUs: SampleSummary;
  stringifyUs: SampleSummary;
  resourceUsageUs: SampleSummary;
  /** The baseline's median (`await` of a no-op async function). */
  awaitNoopUs: number;
  /** One journal write plus one serialization (medians): a recorded step's floor. */
  recordedStepUs: number;
}

/** The first workflow run of the process (cold JIT), apart from warm ones. */
export interface FirstRunFigure {
  steps: number;
  journal: boolean;
  totalUs: number;
  /**
   * The run's cost beyond a warm run of as many steps: the median of the
   * execution-scaling runs of that size, or the fitted line when it has none
   * (may be below 0 on a noisy machine: the goal is then not met, as not judged).
   */
  fixedCostUs: number;
  /** The warm runs' fixed cost (the execution-scaling intercept), for comparison. */
  warmFixedCostUs: number;
  /**
   * How `totalUs` and `fixedCostUs` were measured: `processes`, in fresh
   * processes of the CLI loaded from V8's code cache as `momoflow run` is,
   * each first run against warm runs in the same process (medians over
   * {@link processes}); `in-process`, this process's own first run against
   * the warm runs above (no built CLI to start). Absent: `in-process`.
   */
  method?: "processes" | "in-process";
  /** Fresh processes timed, of the engine and of the least recorded loop each. */
  processes?: number;
  /** The least recorded loop's first run beyond its warm runs, in as many fresh processes (median): the first run's floor. */
  floorFixedCostUs?: number;
  /** How those processes loaded the CLI's bundle: `used` when from the code cache. */
  codeCache?: string;
  /** With `processes`: the bench process's own first run (the `in-process` figures), for comparison. */
  inProcess?: { totalUs: number; fixedCostUs: number };
}

/** One of the engine's goals, judged from a figure of this report. */
export interface EngineGoal {
  id: string;
  description: string;
  /** The measured figure (median where it is a sample), in `unit`. */
  figure: number;
  unit: "µs" | "ms" | "B" | "ratio";
  /** The most the figure may be, in `unit`: for a goal stated as a ratio, `ratioLimit` × `floor`. */
  limit: number;
  /** The same-run floor the figure is compared with, when there is one (same unit). */
  floor?: number;
  ratioToFloor?: number;
  /** The goal as a ratio to `floor`: met when `ratioToFloor` is within it. */
  ratioLimit?: number;
  /** The limit the goal states for the machine it was set on (reference only: that machine's floors were lower or higher). */
  statedLimit?: number;
  met: boolean;
}

/** A whole benchmark report. */
export interface BenchReport {
  v: typeof BENCH_REPORT_VERSION;
  /** ISO 8601, UTC. */
  createdAt: string;
  machine: MachineInfo;
  quick: boolean;
  profile: BenchProfileName;
  /** Wall time of the whole suite. */
  durationMs: number;
  methods: BenchMethods;
  baseline: BenchBaseline;
  /** Absent from reports made before it existed. */
  floors?: BenchFloors;
  /** Absent from reports made before it existed. */
  firstRun?: FirstRunFigure;
  /** The engine's goals, met or not; absent from reports made before they existed. */
  goals?: EngineGoal[];
  categories: BenchCategories;
}

/** The title of every category, in report order. */
export const BENCH_CATEGORY_TITLES: Record<keyof BenchCategories, string> = {
  executionScaling: "Execution scaling",
  scalability: "Scalability",
  rollback: "Rollback",
  memoryPerStep: "Memory per step",
  commandOverhead: "Command overhead",
  language: "Language: parse and check",
};
