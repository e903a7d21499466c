/**
 * The messages between the metrics panel's host (the extension) and its page
 * (the webview), both ways, and the data the page draws.
 *
 * Imported by both sides: no `vscode`, no Node, no DOM here. The host shapes
 * run records and benchmark reports into these views (see `metrics-data.ts`);
 * the page only draws them. Every message is plain JSON.
 */
import type { StepMemory, StepStatus, WorkflowStatus } from "@momoflow/runtime";

export type { StepMemory, StepStatus, WorkflowStatus };

/** The webview panel's view type (also the serializer's). */
export const METRICS_VIEW_TYPE = "momoflow.metrics";

/** The panel's tabs, in display order. */
export const TABS = ["run", "history", "graph", "bench"] as const;
/** One tab of the panel. */
export type TabId = (typeof TABS)[number];

/** The label of each tab. */
export const TAB_LABELS: Record<TabId, string> = {
  run: "Run",
  history: "History",
  graph: "Graph",
  bench: "Benchmarks",
};

/** Whether `value` names a tab. */
export function isTabId(value: unknown): value is TabId {
  return typeof value === "string" && (TABS as readonly string[]).includes(value);
}

// ---------------------------------------------------------------- the data

/** One step of the last run, as the Run tab's timeline draws it. */
export interface StepView {
  id: string;
  description?: string;
  needs: string[];
  reversible: boolean;
  /**
   * Changes nothing outside the run (`log`, `sleep`, `rollback: none`...):
   * nothing to undo, and not irreversible either. Present only when true.
   */
  effectFree?: boolean;
  status: StepStatus;
  attempts: number;
  /** Start and end in milliseconds since the run started (0 … run duration). */
  startMs: number;
  endMs: number;
  durationMs: number;
  /**
   * The step's own memory figure: a shell action's peak (`child_peak`) or the
   * engine's heap growth (`heap_growth`). Absent when the step did not run or
   * its figure was not measured.
   */
  memory?: StepMemory;
  error?: string;
  /** Why it was skipped, as the record says (its `when` as written, "up to date"…). */
  reason?: string;
  /** The step printed something: its log can be opened (see {@link OpenLogMessage}). */
  hasLog?: boolean;
  /**
   * Its log misses some of what it printed: a write to the run's logs failed
   * (a full disk) and they were no longer written (result.json's
   * `incompleteLogs`). Present only when true.
   */
  logIncomplete?: true;
  /** The worker that ran it (`momoflow run --on`). */
  worker?: string;
}

/** The last finished run of the workflow. */
export interface RunView {
  runId: string;
  /** The workflow's id. */
  workflow: string;
  /** The version the workflow declared; absent when it declared none (the record's default is not shown). */
  version?: string;
  /** The `.momoflow` file it came from, when the run record says. */
  source?: string;
  status: WorkflowStatus;
  /** Epoch milliseconds. */
  startTime: number;
  durationMs: number;
  /** 0 … 1. */
  successRate: number;
  rolledBackSteps: string[];
  error?: string;
  /**
   * Which steps' logs a full disk cut short, in the words of the run's
   * summary and `momoflow runs <run>` (`the logs of steps "loud", "after"
   * are incomplete: …`). Absent when every log is whole.
   */
  incompleteLogs?: string;
  /** The steps, in start order; at most {@link MAX_TIMELINE_STEPS}. */
  steps: StepView[];
  /** Steps left out of `steps` in a very large run. */
  omittedSteps: number;
  /**
   * How each step left out of `steps` ended (its error's first line only), so
   * that the graph counts every step of the run, not the first ones only
   * (absent in a page state saved by an older version).
   */
  omitted?: StepOutcome[];
}

/** How one step ended: what the graph colours a node by. */
export type StepOutcome = Pick<StepView, "id" | "status" | "attempts" | "durationMs" | "error">;

/** Runs larger than this show only their first steps in the timeline. */
export const MAX_TIMELINE_STEPS = 500;

/** One run of the workflow in the History tab. */
export interface HistoryEntry {
  runId: string;
  /** Epoch milliseconds. */
  startTime: number;
  /**
   * How the run stands, as `momoflow runs` says it: how it ended; `running`
   * (no end recorded, its process lives) or `killed` (no end recorded, its
   * process is gone: its steps may be half-done); `damaged`: a result.json
   * that cannot be read, or is not of a result's shape (see
   * {@link HistoryEntry.damaged}). A run whose result.json could not be
   * written (a full disk) has the status its journal ends with.
   */
  status: WorkflowStatus | "running" | "killed" | "damaged";
  /** For a `damaged` run: its result.json, and what is wrong with it. */
  damaged?: { file: string; problem: string };
  durationMs?: number;
  /**
   * Steps in the run that do work (a fan-out's instances, not its own row), and
   * how many succeeded (a skipped one counts): the counts of the run's success rate.
   */
  steps?: number;
  succeeded?: number;
  /**
   * The undos its rollbacks ran again from their start, an earlier rollback
   * having not finished them (result.json's `undosRunAgain`): an undo not
   * safe to repeat may have run twice. One line each, in the words of
   * `momoflow runs <run>` (`mk: the rollback at 21:40:03 was killed at its
   * undo …`). Absent when there were none.
   */
  undosRunAgain?: string[];
  /**
   * The steps a rollback found undone already on the workers that ran them
   * (`run --on`; result.json's `foundUndone`), so not undone again: one line
   * each, in the words of `momoflow runs <run>` (`deploy: on worker w1 its
   * journal shows it undone already …`). Absent when there were none.
   */
  foundUndone?: string[];
  /**
   * Which steps' logs a full disk cut short (result.json's
   * `incompleteLogs`), in the words of `momoflow runs <run>`. Absent when
   * every log is whole.
   */
  incompleteLogs?: string;
}

/** A position in a file: 0-based line and character (as in LSP). */
export interface PositionView {
  line: number;
  character: number;
}

/** A step as a node of the Graph tab. */
export interface GraphNodeView {
  id: string;
  description?: string;
  /** A rollback undoes it; a step that calls a workflow is as reversible as the steps it calls. */
  reversible: boolean;
  /** Nothing to undo (see {@link StepView.effectFree}). Present only when true. */
  effectFree?: boolean;
  /** The step's `when` condition, on one line (`region == "eu"`); absent when it has none. */
  when?: string;
  /** Where the step's name is, in `file`. */
  range: { start: PositionView; end: PositionView };
  /**
   * The file that declares the step, when not `GraphView.file`: a called
   * workflow's step (`release/bump`) declared in an imported file.
   */
  file?: string;
  /** A step with `for_each`: its item, its items as written, their count when written out. */
  forEach?: { item: string; items: string; count?: number; maxParallel?: number };
  /** A step with `run: workflow NAME(...)`: the workflow it calls. */
  calls?: string;
}

/** The workflow's dependency graph (`momoflow graph --format json`). */
export interface GraphView {
  workflow: string;
  /** Absolute path of the file that declares the workflow. */
  file: string;
  nodes: GraphNodeView[];
  /** `to` needs `from`. */
  edges: { from: string; to: string }[];
}

/** A sample of the execution scaling category: one run's total time. */
export interface ScalingPoint {
  steps: number;
  totalUs: number;
}

/** A size of the execution scaling category, by its medians. */
export interface ScalingMedian extends ScalingPoint {
  perStepUs: number;
  ratioToBaseline: number;
}

/** A failure position of the rollback category. */
export interface RollbackView {
  position: "start" | "middle" | "end";
  failingStep: number;
  undoneSteps: number;
  /** Median rollback time per undone step. */
  perUndoneStepUs: number;
  /** Median forward execution per step in the same runs. */
  forwardPerStepUs: number;
  rollbackToForwardRatio: number;
  ratioToBaseline: number;
}

/** An operation measured against the baseline (commands, language). */
export interface OperationView {
  id: string;
  description: string;
  /** Median per operation. */
  medianUs: number;
  ratioToBaseline: number;
}

/** A language operation: also its throughput and its ratio to the lexer. */
export interface LanguageOperationView extends OperationView {
  throughputMBps?: number;
  ratioToLexer: number;
}

/** One figure compared with the baseline, for the ratios chart. */
export interface BaselineRatio {
  /** The category: "scaling", "scalability", "rollback", "commands", "language". */
  group: string;
  label: string;
  ratio: number;
}

/** `.momoflow/bench/latest.json`, as the Benchmarks tab draws it. */
export interface BenchView {
  /** ISO 8601. */
  createdAt: string;
  profile: string;
  /** One line: Node version, platform, CPU. */
  machine: string;
  durationMs: number;
  baselineUs: number;
  baselineDescription: string;
  scaling: {
    samples: ScalingPoint[];
    medians: ScalingMedian[];
    /** Least squares of total µs against steps: slope µs per step, intercept µs per run. */
    fit: { slope: number; intercept: number; r2: number; n: number };
  };
  rollback: { steps: number; positions: RollbackView[] };
  commands: {
    operations: OperationView[];
    invokeOverheadUs: number;
    commandStepOverheadUs: number;
  };
  scalability: {
    steps: number;
    journalOffPerStepUs: number;
    journalOnPerStepUs: number;
    journalCostRatio: number;
  }[];
  memory: { steps: number; peakRssDeltaBytesPerStep: number; retainedHeapBytesPerStep: number }[];
  ratios: BaselineRatio[];
  /** Absent from reports made before the language category existed. */
  language?: {
    lines: number;
    bytes: number;
    operations: LanguageOperationView[];
    goal: { description: string; medianMs: number; limitMs: number; met: boolean };
  };
}

/** Everything the panel shows for one workflow. */
export interface MetricsSnapshot {
  /** The workflow shown; null when there is none (no run, no file). */
  workflow: string | null;
  run: RunView | null;
  /** Oldest first. */
  history: HistoryEntry[];
  graph: GraphView | null;
  bench: BenchView | null;
  /** What could not be read, in words (the page shows them). */
  problems: string[];
}

// ---------------------------------------------------------------- host → page

/** The data to draw, and the tab to show. */
export interface DataMessage extends MetricsSnapshot {
  type: "data";
  activeTab: TabId;
}

/** Every message the host posts to the page. */
export type HostToPageMessage = DataMessage;

/** Builds the `data` message. */
export function dataMessage(snapshot: MetricsSnapshot, activeTab: TabId): DataMessage {
  return { type: "data", ...snapshot, activeTab };
}

/** Whether `value` is a message the page understands. */
export function isHostToPageMessage(value: unknown): value is HostToPageMessage {
  if (!isRecord(value) || value.type !== "data") return false;
  return (
    isTabId(value.activeTab) &&
    Array.isArray(value.history) &&
    Array.isArray(value.problems) &&
    (value.workflow === null || typeof value.workflow === "string") &&
    (value.run === null || isRecord(value.run)) &&
    (value.graph === null || isRecord(value.graph)) &&
    (value.bench === null || isRecord(value.bench))
  );
}

// ---------------------------------------------------------------- page → host

/** The page has loaded (again, after being hidden): send the data. */
export interface ReadyMessage {
  type: "ready";
}

/** The user switched tabs. */
export interface SelectTabMessage {
  type: "selectTab";
  tab: TabId;
}

/** A graph node was clicked: show that step in the editor. */
export interface RevealStepMessage {
  type: "revealStep";
  workflow: string;
  step: string;
}

/** The Benchmarks tab's button: run `momoflow bench` in a task. */
export interface RunBenchmarksMessage {
  type: "runBenchmarks";
}

/**
 * A step row's "Open log": open that step's log in an editor. It names the
 * run and the step only; the host finds the file in the run record itself.
 */
export interface OpenLogMessage {
  type: "openLog";
  runId: string;
  step: string;
}

/** Every message the page posts to the host. */
export type PageToHostMessage =
  ReadyMessage | SelectTabMessage | RevealStepMessage | RunBenchmarksMessage | OpenLogMessage;

/**
 * The message `value` is, or undefined when it is not one: the host never
 * trusts what a webview posts.
 */
export function parsePageMessage(value: unknown): PageToHostMessage | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case "ready":
      return { type: "ready" };
    case "selectTab":
      return isTabId(value.tab) ? { type: "selectTab", tab: value.tab } : undefined;
    case "revealStep":
      return typeof value.workflow === "string" &&
        typeof value.step === "string" &&
        value.step !== ""
        ? { type: "revealStep", workflow: value.workflow, step: value.step }
        : undefined;
    case "runBenchmarks":
      return { type: "runBenchmarks" };
    case "openLog":
      return typeof value.runId === "string" &&
        value.runId !== "" &&
        typeof value.step === "string" &&
        value.step !== ""
        ? { type: "openLog", runId: value.runId, step: value.step }
        : undefined;
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------- page state

/** What the page keeps with `vscode.setState` (across hide and show, and reloads). */
export interface PageState {
  activeTab: TabId;
  /** The last data received, drawn at once when the page comes back. */
  data?: DataMessage;
}

/** The page state in `value`, or undefined when it is not one (an older page's, say). */
export function parsePageState(value: unknown): PageState | undefined {
  if (!isRecord(value) || !isTabId(value.activeTab)) return undefined;
  const state: PageState = { activeTab: value.activeTab };
  if (isHostToPageMessage(value.data)) state.data = value.data;
  return state;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
