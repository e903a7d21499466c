import type { JournalEvent } from "../record/journal-event";
import type { WorkflowContext } from "./context";
import { emptyMetrics } from "./metrics";
import { Scheduler, type StepEnd } from "./scheduler";
import { StepStatus } from "./status";
import { errorMessage, type StepResult, type WorkflowStep } from "./step";
import { stepInfo } from "./step-info";
import { instanceId } from "./fan-out";

/** What a fan-out step needs from the run it is part of. */
export interface FanOutHost {
  readonly context: WorkflowContext;
  /** The run's concurrency: no more instances than this run at once. */
  readonly concurrency: number;
  /** Records an event in the run record (and the run's own replay of it). */
  record(event: JournalEvent): void;
  /** Adds the instances to the run's steps; returns the index of the first (the others follow). */
  addInstances(step: WorkflowStep, instances: readonly WorkflowStep[]): number;
  /** Whether `step` may start now: not after a cancellation, nor after a failure unless it handles failures. */
  mayStart(step: WorkflowStep): boolean;
  /** Starts step `index` as the run starts any step: its `when`, resume, attempts and outcome. */
  start(index: number): StepEnd | Promise<StepEnd>;
  /** Step `index` (of a call made per item) will never start, a failure having blocked it (see `Scheduler`). */
  neverRuns(index: number): void;
  /**
   * Calls `halt` when the run stops starting any step (a cancellation, the
   * workflow's timeout), at once when it has; gives what unregisters it.
   */
  onHalt(halt: () => void): () => void;
  /** The result step `index` ended with; undefined when it never started. */
  resultOf(index: number): StepResult | undefined;
  /** Records the fan-out step's own outcome; says how it ended for the steps that need it. */
  ended(index: number, result: StepResult): StepEnd | Promise<StepEnd>;
}

/**
 * Runs fan-out step `index` (language reference § Fan-out): reads its items,
 * records its instances (`step_fanned_out`, before any of them starts), runs
 * them in item order, at most `max_parallel` (and the run's concurrency) at
 * once, each as a step of its own. After an instance fails (without
 * `continue_on_error`) the run stops and no new instance starts; the running
 * ones finish. The step then ends with the aggregate of its instances:
 * `success` when each succeeded or was skipped (its output the list of their
 * outputs, in item order, `null` for a skipped one), `skipped` when there
 * were no items (with the reason, and the empty list as its output) or every
 * instance was skipped (a list of nulls), `failed` otherwise. A skipped
 * fan-out step still has its list: the steps that need it run, and a step
 * gathering its outputs reads an empty one rather than failing.
 */
export async function runFanOut(
  index: number,
  step: WorkflowStep,
  host: FanOutHost,
): Promise<StepEnd> {
  const fanOut = step.fanOut!;
  const startTime = Date.now();
  try {
    fanOut.prepare?.(host.context);
  } catch (error) {
    const message = errorMessage(error);
    return host.ended(index, groupResult(step, StepStatus.FAILED, startTime, { error: message }));
  }
  let items: unknown[];
  try {
    items = fanOut.items(host.context);
  } catch (error) {
    const message = `its for_each items could not be read: ${errorMessage(error)}`;
    return host.ended(index, groupResult(step, StepStatus.FAILED, startTime, { error: message }));
  }
  if (items.length === 0) {
    const reason = `for_each: ${fanOut.source} has no items, so no instance ran`;
    return host.ended(
      index,
      groupResult(step, StepStatus.SKIPPED, startTime, { reason, output: [] }),
    );
  }
  // Each item's steps: the instance alone, or a call's steps and then the instance that joins them.
  let units: (readonly WorkflowStep[])[];
  try {
    units = items.map((item, k) =>
      fanOut.instanceSteps ? fanOut.instanceSteps(k, item) : [fanOut.instance(k, item)],
    );
  } catch (error) {
    // An instance's own settings read its item (`outputs: "out/${file}"`): one that is no path.
    const message = `its instances could not be made: ${errorMessage(error)}`;
    return host.ended(index, groupResult(step, StepStatus.FAILED, startTime, { error: message }));
  }
  const instances = units.flat();
  host.record({
    type: "step_fanned_out",
    time: Date.now(),
    step: step.id,
    instances: units.flatMap((unit, k) =>
      unit.map((instance) => ({
        ...stepInfo(instance),
        instanceOf: step.id,
        item: items[k] ?? null,
      })),
    ),
  });
  const first = host.addInstances(step, instances);
  const bound = Math.max(1, Math.min(fanOut.maxParallel ?? Infinity, host.concurrency));
  if (!fanOut.instanceSteps) {
    await runPool(instances.length, bound, (k) =>
      host.mayStart(instances[k]!) ? host.start(first + k) : undefined,
    );
    const results = instances.map((_, k) => host.resultOf(first + k));
    return host.ended(index, aggregate(step, results, startTime));
  }
  const starts: number[] = [];
  units.reduce((at, unit) => (starts.push(at), at + unit.length), first);
  // The calls' steps share the run's concurrency: no more of them run at once, over all the calls.
  const slots = new StepSlots(host.concurrency);
  await runPool(units.length, bound, (k) =>
    host.mayStart(units[k]![0]!) ? runCall(units[k]!, starts[k]!, host, slots) : undefined,
  );
  const results = units.map((unit, k) => callResult(unit, starts[k]!, host));
  return host.ended(index, aggregate(step, results, startTime));
}

/**
 * Runs the steps of one instance that calls a workflow, `unit` (added to the
 * run from step `first` on), as the run runs a call's steps: each once its
 * needs in the call are done, in declaration order, taking one of `slots`
 * while it runs. After a failure of the run, nothing new of it starts (but
 * a step that runs after a failure). The steps a failure keeps from running
 * are told to the run as its own are (`neverRuns`: a handler reads them
 * `not_run`), and a halt of the run (a cancellation, the timeout) halts it.
 */
async function runCall(
  unit: readonly WorkflowStep[],
  first: number,
  host: FanOutHost,
  slots: StepSlots,
): Promise<StepEnd> {
  const scheduler = new Scheduler(
    unit,
    host.concurrency,
    (j) => slots.run(() => (host.mayStart(unit[j]!) ? host.start(first + j) : "blocked")),
    (j) => host.neverRuns(first + j),
  );
  // Halted with the run's, it tells the steps a failure had blocked before (not those the halt stops).
  const stopWatching = host.onHalt(() => scheduler.halt());
  try {
    await scheduler.run();
  } finally {
    stopWatching();
  }
  return "done";
}

/** At most `size` steps running at once, each started when a slot is free, in the order they asked. */
class StepSlots {
  private readonly waiting: (() => void)[] = [];

  constructor(private free: number) {}

  /** Starts `start` once a slot is free, and frees it once the step ended. */
  run(start: () => StepEnd | Promise<StepEnd>): StepEnd | Promise<StepEnd> {
    if (this.free > 0) {
      this.free--;
      return this.freedAfter(start());
    }
    return new Promise<void>((resolve) => this.waiting.push(resolve)).then(() =>
      this.freedAfter(start()),
    );
  }

  private freedAfter(end: StepEnd | Promise<StepEnd>): StepEnd | Promise<StepEnd> {
    if (typeof end === "string") {
      this.release();
      return end;
    }
    return end.finally(() => this.release());
  }

  /** Hands the slot to the next step waiting, or frees it. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

/**
 * How one instance that calls a workflow ended: as the instance itself (the
 * step joining the call) when it ran; else as the first of its called steps
 * that did not succeed (its error says which and why); undefined when none
 * of them started.
 */
function callResult(
  unit: readonly WorkflowStep[],
  first: number,
  host: FanOutHost,
): StepResult | undefined {
  return unitResult(unit.map((_, j) => host.resultOf(first + j)));
}

/** {@link callResult} from the results of a call's steps, the instance joining them last. */
function unitResult(results: readonly (StepResult | undefined)[]): StepResult | undefined {
  const own = results.at(-1);
  if (own) return own;
  for (let j = 0; j < results.length - 1; j++) {
    const result = results[j];
    if (result && !isDone(result.status)) return result;
  }
  return undefined;
}

/**
 * Starts `start(0)`, `start(1)`… in order, at most `bound` at once; resolves
 * once every started one ended. `start` returns undefined when nothing new
 * may start: the ones left are never started.
 */
function runPool(
  count: number,
  bound: number,
  start: (k: number) => StepEnd | Promise<StepEnd> | undefined,
): Promise<void> {
  return new Promise((resolve) => {
    let next = 0;
    let running = 0;
    const pump = (): void => {
      while (running < bound && next < count) {
        const end = start(next++);
        if (end === undefined) {
          next = count;
          break;
        }
        running++;
        void Promise.resolve(end).then(() => {
          running--;
          pump();
        });
      }
      if (running === 0) resolve();
    };
    pump();
  });
}

/**
 * The outcome of fan-out step `step` whose running instances the run gave
 * up (a second Ctrl+C): its pool never ends, a given-up instance's work
 * going on, so the step ends here with the aggregate of how its instances
 * ended (`cancelled` as they are, not `not_run`) — for a call made per item,
 * each call's as {@link callResult} reads it. Without figures: it was not
 * timed to an end.
 * @param instances the steps the step added to the run, in order: a call's steps, then the instance joining them.
 * @param results how each of them ended; undefined when it did not.
 */
export function givenUpFanOutResult(
  step: WorkflowStep,
  instances: readonly WorkflowStep[],
  results: readonly (StepResult | undefined)[],
): StepResult {
  if (!step.fanOut?.instanceSteps) return aggregate(step, results, undefined);
  const calls: (StepResult | undefined)[] = [];
  let first = 0;
  instances.forEach((instance, j) => {
    if (instance.id !== instanceId(step.id, calls.length)) return;
    calls.push(unitResult(results.slice(first, j + 1)));
    first = j + 1;
  });
  return aggregate(step, calls, undefined);
}

/** The fan-out step's outcome from its instances' results (undefined: never started). */
function aggregate(
  step: WorkflowStep,
  results: readonly (StepResult | undefined)[],
  startTime: number | undefined,
): StepResult {
  // An up-to-date instance (skipped, not run) gave the output recorded by the run that made its files.
  const outputs = results.map((r) =>
    r?.status === StepStatus.SUCCESS || r?.upToDate ? (r.output ?? null) : null,
  );
  const failed = results.filter((r) => r !== undefined && !isDone(r.status));
  const notRun = results.filter((r) => r === undefined).length;
  if (failed.length === 0 && notRun === 0) {
    const allSkipped = results.every((r) => r!.status === StepStatus.SKIPPED);
    if (allSkipped) {
      const upToDate = results.filter((r) => r!.upToDate).length;
      const reason =
        upToDate === results.length
          ? "every instance was up to date"
          : upToDate === 0
            ? "every instance was skipped by its when"
            : "every instance was up to date or skipped by its when";
      const skipped = groupResult(step, StepStatus.SKIPPED, startTime, { reason, output: outputs });
      // Every instance up to date: the step is, as a single step would be (--json, the record).
      if (upToDate === results.length) skipped.upToDate = true;
      return skipped;
    }
    return groupResult(step, StepStatus.SUCCESS, startTime, { output: outputs });
  }
  const parts = failed.map((r) => `"${r!.stepId}" (${r!.error ?? r!.status})`);
  if (notRun > 0) parts.push(`${notRun} not started`);
  const error = `${failed.length} of ${results.length} instances ${endedAs(failed)}: ${parts.join(", ")}`;
  return groupResult(step, StepStatus.FAILED, startTime, { error, output: outputs });
}

/** How the instances that did not succeed ended, in a word: `cancelled` by Ctrl+C is no failure of theirs. */
function endedAs(instances: readonly (StepResult | undefined)[]): string {
  const statuses = new Set(instances.map((r) => r!.status));
  if (statuses.size > 1) return "did not succeed";
  return statuses.has(StepStatus.CANCELLED) ? "cancelled" : "failed";
}

function isDone(status: StepResult["status"]): boolean {
  return status === StepStatus.SUCCESS || status === StepStatus.SKIPPED;
}

/** `startTime` undefined: no figures (0 times say nothing was measured). */
function groupResult(
  step: WorkflowStep,
  status: StepResult["status"],
  startTime: number | undefined,
  extra: { error?: string; reason?: string; output?: unknown[] },
): StepResult {
  const metrics = emptyMetrics(startTime ?? 0);
  if (startTime !== undefined) {
    metrics.endTime = Date.now();
    metrics.durationMs = metrics.endTime - startTime;
  }
  const result: StepResult = { stepId: step.id, status, metrics, attempts: 0 };
  if (extra.error !== undefined) result.error = extra.error;
  if (extra.reason !== undefined) result.reason = extra.reason;
  if (extra.output !== undefined) result.output = extra.output;
  return result;
}
