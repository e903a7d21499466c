import { rmSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { JournalEvent } from "../record/journal-event";
import { WorkflowContext } from "../runtime/context";
import { WorkflowDefinition } from "../runtime/definition";
import { WorkflowEngine } from "../runtime/engine";
import type { WorkflowResult } from "../runtime/result";
import type { WorkflowStep } from "../runtime/step";
import { makeBenchFolder } from "./bench-temp-folder";

/** Options of one benchmark run. */
export interface BenchRunOptions {
  /** Write the run record (journal.jsonl, result.json) into the workspace. */
  journal: boolean;
  onEvent?: (event: JournalEvent) => void;
  /** Called with the run's record folder before it is removed (outside the timed part). */
  inspectRecord?: (runDir: string) => void;
}

/** One timed run: the engine's result and the wall time of `executeWorkflow`. */
export interface TimedRun {
  result: WorkflowResult;
  elapsedUs: number;
  /** `performance.now()` when `executeWorkflow` resolved (before the record was removed). */
  endedAt: number;
}

/**
 * A scratch folder in the OS temp dir where benchmark workflows run and
 * write their run records, removed by {@link dispose}. Each run's record is
 * removed right after it (outside the timed part), so 100,000-step journals
 * do not pile up on disk.
 */
export class BenchWorkspace {
  readonly dir: string;
  readonly runsDir: string;
  private readonly engine = new WorkflowEngine();
  private runs = 0;

  constructor() {
    this.dir = makeBenchFolder("runs");
    this.runsDir = join(this.dir, "runs");
  }

  /**
   * Runs `steps` as one workflow and times the whole `executeWorkflow` call
   * (validation, scheduling, every step, the record, the rollback if any).
   */
  async run(steps: WorkflowStep[], options: BenchRunOptions): Promise<TimedRun> {
    // Built before the clock starts: the definition is the user's, not the engine's cost.
    const definition = new WorkflowDefinition({ id: `bench_${this.runs++}`, steps });
    const context = new WorkflowContext({ workingDirectory: this.dir, env: {} });
    const start = performance.now();
    const result = await this.engine.executeWorkflow(definition, context, {
      journal: options.journal,
      runsDir: this.runsDir,
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    });
    const endedAt = performance.now();
    if (result.runDir) options.inspectRecord?.(result.runDir);
    if (result.runDir) rmSync(result.runDir, { recursive: true, force: true });
    return { result, elapsedUs: (endedAt - start) * 1000, endedAt };
  }

  /** Removes the folder and everything in it. */
  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
