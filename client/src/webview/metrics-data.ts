/**
 * What the metrics panel shows, read from the workspace: run records under
 * `.momoflow/runs/`, the benchmark report `.momoflow/bench/latest.json`, and
 * the workflow's graph from the bundled CLI (`momoflow graph --format json`:
 * the client holds no language logic).
 *
 * Pure Node (no `vscode`), so it is tested directly against real run records.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { type BenchReport, benchReportsDir, LATEST_BENCH_REPORT } from "@momoflow/bench";
import { stepMemoryOf, succeededSteps, type WorkflowStatus } from "@momoflow/runtime";
import {
  foundUndoneLine,
  readCheckedResultFile,
  recordedFoundUndone,
  recordedUndosRunAgain,
  recordedIncompleteLogs,
  recordedIncompleteLogsOn,
  incompleteLogsLine,
  runState,
  summedUpStepIds,
  undoRunAgainLine,
} from "@momoflow/record";
import {
  type RunResultFile,
  listRuns,
  type RunSummary,
  runRecordPaths,
  runsDirOf,
} from "@momoflow/record";
import {
  MAX_TIMELINE_STEPS,
  type BaselineRatio,
  type BenchView,
  type GraphNodeView,
  type GraphView,
  type HistoryEntry,
  type MetricsSnapshot,
  type RunView,
  type StepOutcome,
  type StepView,
} from "./protocol";
import type { BundledCli } from "../cli-runtime";

/** Which workflow to show, and where its records are. */
export interface MetricsTarget {
  /** The workspace folder: its `.momoflow/bench/` holds the benchmark results. */
  root: string;
  /**
   * The runs folders (`<folder>/.momoflow/runs`) that hold the workflow's
   * runs: its file's own, where `momoflow run <file>` records them, and its
   * workspace folder's, where older versions did; with no file, every runs
   * folder of the workspace. Default: `root`'s.
   */
  runsDirs?: readonly string[];
  /** The workflow's id; default: the workflow of the newest run (of `source`, when given). */
  workflow?: string;
  /** The `.momoflow` file that declares it (absolute); default: the newest run's source. */
  source?: string;
}

/** Gets the graph of `workflow` in `file` (the only workflow of the file when undefined). */
export type GraphLoader = (file: string, workflow: string | undefined) => Promise<GraphView>;

/** History keeps at most this many runs (the newest). */
export const MAX_HISTORY = 100;

/** Where the runs of `root` are: `<root>/.momoflow/runs`. */
export function runsDirOfRoot(root: string): string {
  return runsDirOf(root);
}

/** Where the newest benchmark report of `root` is: `<root>/.momoflow/bench/latest.json`. */
export function benchReportPath(root: string): string {
  return join(benchReportsDir(root), LATEST_BENCH_REPORT);
}

/**
 * Everything the panel shows for `target`. Never throws for missing or
 * damaged files: what could not be read is said in `problems`.
 */
export async function gatherMetrics(
  target: MetricsTarget,
  loadGraph?: GraphLoader,
): Promise<MetricsSnapshot> {
  const problems: string[] = [];
  const runs = runsIn(target.runsDirs ?? [runsDirOfRoot(target.root)], problems);
  let workflow = target.workflow;
  if (workflow === undefined) {
    const ofSource =
      target.source === undefined ? runs : runs.filter((r) => samePath(r.source, target.source));
    workflow = ofSource[ofSource.length - 1]?.workflowId;
  }

  let graph: GraphView | null = null;
  const graphFile =
    target.source ?? (workflow === undefined ? undefined : newestSource(runs, workflow));
  if (graphFile !== undefined && !graphFile.endsWith(".momoflow")) {
    // A workflow module's steps are built by its code: `momoflow graph` reads .momoflow files.
    problems.push(
      `Graph: ${workflow ?? "the workflow"} runs from ${basename(graphFile)}, a JavaScript workflow module: graphs are drawn of .momoflow files`,
    );
  } else if (graphFile !== undefined && loadGraph) {
    try {
      graph = await loadGraph(graphFile, workflow);
      workflow ??= graph.workflow;
    } catch (error) {
      problems.push(`Graph: ${messageOf(error)}`);
    }
  }

  const ofWorkflow = workflow === undefined ? [] : runsOfWorkflow(runs, workflow, target.source);
  const history: HistoryEntry[] = [];
  let run: RunView | null = null;
  for (const summary of ofWorkflow.slice(-MAX_HISTORY)) {
    const file = runRecordPaths(summary.dir).result;
    const { result, problem } = readCheckedResultFile(file);
    if (problem !== undefined)
      problems.push(`Run ${summary.runId}: result.json is damaged (${problem})`);
    history.push(
      historyEntry(summary, result, problem === undefined ? undefined : { file, problem }),
    );
    if (result) run = toRunView(result);
  }

  let bench: BenchView | null = null;
  try {
    bench = readBenchView(target.root);
  } catch (error) {
    problems.push(`Benchmarks: ${messageOf(error)}`);
  }
  return { workflow: workflow ?? null, run, history, graph, bench, problems };
}

/**
 * The runs of several runs folders, oldest first, each once (a folder named
 * twice is read once). A folder that cannot be read is said in `problems`.
 */
export function runsIn(runsDirs: readonly string[], problems: string[]): RunSummary[] {
  const runs: RunSummary[] = [];
  for (const runsDir of new Set(runsDirs.map((dir) => resolve(dir))))
    try {
      runs.push(...listRuns(runsDir));
    } catch (error) {
      problems.push(`Runs: ${runsDir} cannot be read (${messageOf(error)})`);
    }
  return runs.sort((a, b) => a.startTime - b.startTime || a.runId.localeCompare(b.runId));
}

/**
 * The runs of `workflow`, oldest first: those from `source` when it is given
 * and some are; otherwise every run of a workflow with that id.
 */
export function runsOfWorkflow(
  runs: readonly RunSummary[],
  workflow: string,
  source?: string,
): RunSummary[] {
  const same = runs.filter((r) => r.workflowId === workflow);
  if (source === undefined) return same;
  const fromSource = same.filter((r) => samePath(r.source, source));
  return fromSource.length > 0 ? fromSource : same;
}

/**
 * The ids a recorded step is part of, outermost first: `deploy` and
 * `deploy[0]` for `deploy[0]/bump`, `convert` for `convert[2]`.
 */
function enclosingIds(id: string): string[] {
  const ids: string[] = [];
  for (let at = 1; at < id.length; at++)
    if (id[at] === "/" || id[at] === "[") ids.push(id.slice(0, at));
  return ids;
}

/**
 * Puts in place (`steps` in start order) each row that stands for others —
 * a call's (`release`), a fan-out's (`convert`), an instance that called a
 * workflow (`deploy[0]`) — right before the first of them: its time starts
 * with theirs, and the record lists it after them, so by start alone it
 * fell among them (`release/bump`, `release`, `release/tag`).
 */
function parentsFirst(steps: StepView[]): void {
  /** Per step, where it goes: its own place, or before its first member's (outermost first). */
  const place = new Map<string, { at: number; depth: number }>(
    steps.map((s, i) => [s.id, { at: i, depth: Infinity }]),
  );
  steps.forEach((step, i) =>
    enclosingIds(step.id).forEach((parent, depth) => {
      const shown = place.get(parent);
      if (shown && i < shown.at) place.set(parent, { at: i, depth });
    }),
  );
  const key = (s: StepView) => place.get(s.id)!;
  steps.sort((a, b) => key(a).at - key(b).at || key(a).depth - key(b).depth);
}

/** A run's `result.json` as the Run tab draws it. */
export function toRunView(result: RunResultFile): RunView {
  const start = result.metrics.startTime;
  const incomplete = recordedIncompleteLogs(result.incompleteLogs);
  const cut = new Set(incomplete);
  const steps = result.steps
    .map((step): StepView => {
      const startMs = Math.max(0, step.metrics.startTime - start);
      const view: StepView = {
        id: step.id,
        needs: [...(step.needs ?? [])],
        reversible: step.reversible,
        status: step.status,
        attempts: step.attempts,
        startMs,
        endMs: startMs + step.metrics.durationMs,
        durationMs: step.metrics.durationMs,
      };
      // Only a real `true`: result.json is read as it is, unchecked.
      if (step.effectFree === true) view.effectFree = true;
      if (step.description !== undefined) view.description = step.description;
      const memory = step.attempts > 0 ? stepMemoryOf(step.metrics) : undefined;
      if (memory) view.memory = { ...memory };
      if (step.error !== undefined) view.error = step.error;
      if (typeof step.reason === "string") view.reason = step.reason;
      if (typeof step.log === "string") view.hasLog = true;
      if (cut.has(step.id)) view.logIncomplete = true;
      if (typeof step.worker === "string") view.worker = step.worker;
      return view;
    })
    .sort((a, b) => a.startMs - b.startMs);
  parentsFirst(steps);
  const view: RunView = {
    runId: result.runId,
    workflow: result.workflow.id,
    status: result.status,
    startTime: start,
    durationMs: result.metrics.durationMs,
    successRate: result.successRate,
    rolledBackSteps: [...(result.rolledBackSteps ?? [])],
    steps: steps.slice(0, MAX_TIMELINE_STEPS),
    omittedSteps: Math.max(0, steps.length - MAX_TIMELINE_STEPS),
    omitted: steps.slice(MAX_TIMELINE_STEPS).map(stepOutcome),
  };
  // A default version (none declared) is the engine's, not the workflow's: not shown.
  if (!result.workflow.defaultVersion) view.version = result.workflow.version;
  if (result.source !== undefined) view.source = result.source;
  if (result.error !== undefined) view.error = result.error;
  if (incomplete.length > 0)
    view.incompleteLogs = incompleteLogsLine(
      incomplete,
      recordedIncompleteLogsOn(result.incompleteLogsOn),
    );
  return view;
}

/** How a step ended, in few words: its error's first line only. */
function stepOutcome(step: StepView): StepOutcome {
  const { id, status, attempts, durationMs, error } = step;
  return error === undefined
    ? { id, status, attempts, durationMs }
    : { id, status, attempts, durationMs, error: error.split("\n")[0]! };
}

/** The run record in `runDir` as the Run tab draws it; undefined when it has not finished. */
export function readRunView(runDir: string): RunView | undefined {
  const { result } = readCheckedResultFile(runRecordPaths(runDir).result);
  return result && toRunView(result);
}

/**
 * A run as the History tab lists it: a run with no result.json is running or
 * killed (as `momoflow runs` says: whether its process lives), or ended by
 * its journal when only result.json could not be written; one whose
 * result.json is damaged says so, and which file — it did finish, and its
 * record needs mending, not waiting for.
 */
function historyEntry(
  summary: RunSummary,
  result: RunResultFile | undefined,
  damaged: HistoryEntry["damaged"],
): HistoryEntry {
  const { runId, startTime } = summary;
  if (damaged) return { runId, startTime, status: "damaged", damaged };
  if (!result) {
    const state = runState(summary);
    if (state.kind === "running" || state.kind === "killed")
      return { runId, startTime, status: state.kind };
    if (state.kind === "ended") {
      const entry: HistoryEntry = { runId, startTime, status: state.status as WorkflowStatus };
      if (state.durationMs !== undefined) entry.durationMs = state.durationMs;
      return entry;
    }
    const file = runRecordPaths(summary.dir).result;
    return { runId, startTime, status: "damaged", damaged: { file, problem: state.problem } };
  }
  // Counted as the run's own rate is (the Run tab's "Steps succeeded"), so the two agree.
  const { succeeded, counted } = succeededSteps(
    result.steps,
    (s) => s.id,
    (s) => s.status,
    summedUpStepIds(result.steps),
  );
  const entry: HistoryEntry = {
    runId: summary.runId,
    startTime: summary.startTime,
    status: result.status,
    durationMs: result.metrics.durationMs,
    steps: counted,
    succeeded,
  };
  // Worded here, by the CLI's own function: the page (a browser) does not load the record's code.
  const again = recordedUndosRunAgain(result.undosRunAgain).map(undoRunAgainLine);
  if (again.length > 0) entry.undosRunAgain = again;
  const found = recordedFoundUndone(result.foundUndone).map(foundUndoneLine);
  if (found.length > 0) entry.foundUndone = found;
  const incomplete = recordedIncompleteLogs(result.incompleteLogs);
  if (incomplete.length > 0)
    entry.incompleteLogs = incompleteLogsLine(
      incomplete,
      recordedIncompleteLogsOn(result.incompleteLogsOn),
    );
  return entry;
}

/**
 * `.momoflow/bench/latest.json` of `root` as the Benchmarks tab draws it;
 * null when there is no report yet.
 * @throws Error when the file is there but is not a report this version reads.
 */
export function readBenchView(root: string): BenchView | null {
  let text: string;
  try {
    text = readFileSync(benchReportPath(root), "utf8");
  } catch {
    return null;
  }
  let report: BenchReport;
  try {
    report = JSON.parse(text) as BenchReport;
  } catch (error) {
    throw new Error(`${benchReportPath(root)} is not JSON (${messageOf(error)})`, {
      cause: error,
    });
  }
  if (report?.v !== 1 || typeof report.categories !== "object") {
    throw new Error(`${benchReportPath(root)} is not a benchmark report of format version 1`);
  }
  return toBenchView(report);
}

/** A benchmark report as the Benchmarks tab draws it. */
export function toBenchView(report: BenchReport): BenchView {
  const { executionScaling, scalability, rollback, memoryPerStep, commandOverhead, language } =
    report.categories;
  const m = report.machine;
  const ratios: BaselineRatio[] = [
    ...executionScaling.sizes.map((s) => ({
      group: "scaling",
      label: `run, ${plural(s.steps, "step")} (per step)`,
      ratio: s.ratioToBaseline,
    })),
    ...scalability.sizes.flatMap((s) => [
      {
        group: "scalability",
        label: `${plural(s.steps, "step")}, record off (per step)`,
        ratio: s.journalOff.ratioToBaseline,
      },
      {
        group: "scalability",
        label: `${plural(s.steps, "step")}, record on (per step)`,
        ratio: s.journalOn.ratioToBaseline,
      },
    ]),
    ...rollback.positions.map((p) => ({
      group: "rollback",
      label: `rollback at ${p.position} (per undone step)`,
      ratio: p.ratioToBaseline,
    })),
    ...commandOverhead.operations.map((o) => ({
      group: "commands",
      label: `command ${o.id}`,
      ratio: o.ratioToBaseline,
    })),
    ...(language?.operations ?? []).map((o) => ({
      group: "language",
      label: `language ${o.id}`,
      ratio: o.ratioToBaseline,
    })),
  ];
  const view: BenchView = {
    createdAt: report.createdAt,
    profile: report.profile,
    machine: `Node ${m.node} · ${m.platform}/${m.arch} · ${m.cpus} × ${m.cpuModel}`,
    durationMs: report.durationMs,
    baselineUs: report.baseline.perCallUs.median,
    baselineDescription: report.baseline.description,
    scaling: {
      samples: executionScaling.sizes.flatMap((s) =>
        s.samplesUs.map((totalUs) => ({ steps: s.steps, totalUs })),
      ),
      medians: executionScaling.sizes.map((s) => ({
        steps: s.steps,
        totalUs: s.totalUs.median,
        perStepUs: s.perStepUs.median,
        ratioToBaseline: s.ratioToBaseline,
      })),
      fit: {
        slope: executionScaling.fit.slope,
        intercept: executionScaling.fit.intercept,
        r2: executionScaling.fit.r2,
        n: executionScaling.fit.n,
      },
    },
    rollback: {
      steps: rollback.steps,
      positions: rollback.positions.map((p) => ({
        position: p.position,
        failingStep: p.failingStep,
        undoneSteps: p.undoneSteps,
        perUndoneStepUs: p.perStepUs.median,
        forwardPerStepUs: p.forwardPerStepUs.median,
        rollbackToForwardRatio: p.rollbackToForwardRatio,
        ratioToBaseline: p.ratioToBaseline,
      })),
    },
    commands: {
      operations: commandOverhead.operations.map((o) => ({
        id: o.id,
        description: o.description,
        medianUs: o.perOpUs.median,
        ratioToBaseline: o.ratioToBaseline,
      })),
      invokeOverheadUs: commandOverhead.invokeOverheadUs,
      commandStepOverheadUs: commandOverhead.commandStepOverheadUs,
    },
    scalability: scalability.sizes.map((s) => ({
      steps: s.steps,
      journalOffPerStepUs: s.journalOff.perStepUs.median,
      journalOnPerStepUs: s.journalOn.perStepUs.median,
      journalCostRatio: s.journalCost.ratio,
    })),
    memory: memoryPerStep.sizes.map((s) => ({
      steps: s.steps,
      peakRssDeltaBytesPerStep: s.peakRssDeltaBytesPerStep,
      retainedHeapBytesPerStep: s.retainedHeapBytesPerStep,
    })),
    ratios,
  };
  if (language) {
    view.language = {
      lines: language.document.lines,
      bytes: language.document.bytes,
      operations: language.operations.map((o) => {
        const op = {
          id: o.id,
          description: o.description,
          medianUs: o.perOpUs.median,
          ratioToBaseline: o.ratioToBaseline,
          ratioToLexer: o.ratioToLexer,
        };
        return o.throughputMBps === undefined ? op : { ...op, throughputMBps: o.throughputMBps };
      }),
      goal: {
        description: language.goal.description,
        medianMs: language.goal.medianMs,
        limitMs: language.goal.limitMs,
        met: language.goal.met,
      },
    };
  }
  return view;
}

// ---------------------------------------------------------------- the graph

/**
 * A {@link GraphLoader} that runs `momoflow graph <file> [--workflow W] --format json`
 * (the runtime's environment added to this process's), given up after `timeoutMs`.
 */
export function cliGraphLoader(cli: BundledCli, timeoutMs = 15_000): GraphLoader {
  return (file, workflow) =>
    new Promise((resolvePromise, reject) => {
      const args = [cli.cliPath, "graph", file, "--format", "json"];
      if (workflow !== undefined) args.push("--workflow", workflow);
      execFile(
        cli.runtime.command,
        args,
        {
          env: { ...process.env, ...cli.runtime.env },
          timeout: timeoutMs,
          maxBuffer: 64 * 1024 * 1024,
          windowsHide: true,
        },
        (error, stdout, stderr) => {
          if (error) {
            const said = String(stderr).trim().split("\n")[0];
            reject(new Error(said || error.message));
            return;
          }
          try {
            resolvePromise(parseGraphJson(String(stdout)));
          } catch (parseError) {
            reject(parseError);
          }
        },
      );
    });
}

/**
 * The output of `momoflow graph --format json`, checked.
 * @throws Error when it is not a graph.
 */
export function parseGraphJson(text: string): GraphView {
  const value = JSON.parse(text) as Record<string, unknown>;
  const nodes = value?.nodes;
  const edges = value?.edges;
  if (
    typeof value?.workflow !== "string" ||
    typeof value.file !== "string" ||
    !Array.isArray(nodes) ||
    !Array.isArray(edges)
  ) {
    throw new Error("the CLI's graph is not a workflow graph");
  }
  const graph: GraphView = {
    workflow: value.workflow,
    file: value.file,
    nodes: nodes.map(parseGraphNode),
    edges: edges.map((e: Record<string, unknown>) => {
      if (typeof e?.from !== "string" || typeof e.to !== "string") {
        throw new Error("the CLI's graph has a malformed edge");
      }
      return { from: e.from, to: e.to };
    }),
  };
  return graph;
}

/**
 * One node of the CLI's graph, checked.
 * @throws Error naming the node and what is wrong with it.
 */
function parseGraphNode(n: Record<string, unknown>, index: number): GraphNodeView {
  if (typeof n?.id !== "string" || typeof n.reversible !== "boolean" || !isRange(n.range)) {
    throw new Error(`the CLI's graph has a malformed node (node ${index + 1})`);
  }
  if (n.effectFree !== undefined && typeof n.effectFree !== "boolean") {
    throw new Error(
      `the CLI's graph has a malformed node (step "${n.id}": effectFree is not true or false)`,
    );
  }
  if (n.reversible && n.effectFree === true) {
    throw new Error(
      `the CLI's graph has a malformed node (step "${n.id}" is both reversible and effect-free)`,
    );
  }
  const node: GraphNodeView = { id: n.id, reversible: n.reversible, range: n.range };
  if (n.effectFree === true) node.effectFree = true;
  if (typeof n.description === "string") node.description = n.description;
  if (typeof n.when === "string") node.when = n.when;
  if (typeof n.file === "string") node.file = n.file;
  const forEach = graphFanOut(n.forEach);
  if (forEach) node.forEach = forEach;
  if (typeof n.calls === "string") node.calls = n.calls;
  return node;
}

/** A node's `forEach` (see `GraphNodeView.forEach`), when it is one. */
function graphFanOut(value: unknown): GraphNodeView["forEach"] {
  const f = value as Record<string, unknown> | undefined;
  if (typeof f?.item !== "string" || typeof f.items !== "string") return undefined;
  const fanOut: NonNullable<GraphNodeView["forEach"]> = { item: f.item, items: f.items };
  if (typeof f.count === "number") fanOut.count = f.count;
  if (typeof f.maxParallel === "number") fanOut.maxParallel = f.maxParallel;
  return fanOut;
}

function isRange(value: unknown): value is GraphNodeView["range"] {
  const r = value as GraphNodeView["range"] | undefined;
  const isPosition = (p: unknown): boolean =>
    typeof (p as { line?: unknown })?.line === "number" &&
    typeof (p as { character?: unknown })?.character === "number";
  return r !== undefined && isPosition(r.start) && isPosition(r.end);
}

// ---------------------------------------------------------------- helpers

/** The source of the newest run of `workflow` whose file still exists. */
function newestSource(runs: readonly RunSummary[], workflow: string): string | undefined {
  for (let i = runs.length - 1; i >= 0; i--) {
    const r = runs[i]!;
    if (r.workflowId === workflow && r.source !== undefined && existsSync(r.source)) {
      return r.source;
    }
  }
  return undefined;
}

function samePath(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  const norm = (p: string): string =>
    process.platform === "win32" || process.platform === "darwin"
      ? resolve(p).toLowerCase()
      : resolve(p);
  return norm(a) === norm(b);
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
