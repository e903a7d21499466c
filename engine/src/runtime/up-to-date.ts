import { statSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { readJournal } from "../record/journal-reader";
import { listRuns } from "../record/run-index";
import { runRecordPaths } from "../record/run-paths";
import { globFiles, isGlob } from "./file-glob";
import type { StepFiles, WorkflowStep } from "./step";

/**
 * Whether a step with `inputs:`/`outputs:` is up to date, as make and
 * Snakemake decide: every output exists (a glob matches at least one file),
 * the oldest output is newer than the newest input, and the step's
 * fingerprint is the one the newest run record that ran it (or found it up
 * to date) recorded — a changed action makes its outputs stale. A step
 * without outputs, or whose action no record knows, is never up to date.
 */
export class UpToDateCheck {
  /** Step id → fingerprint in the newest record that has one; read once, on first use. */
  private history: Map<string, string> | undefined;

  constructor(
    private readonly workingDirectory: string,
    private readonly runsDir: string,
    /** The current run: its own record is not history. */
    private readonly runId: string,
  ) {}

  isUpToDate(step: WorkflowStep, fingerprint: string): boolean {
    const files = step.files;
    if (!files || files.outputs.length === 0) return false;
    if (!this.filesUpToDate(files)) return false;
    return this.lastFingerprints().get(step.id) === fingerprint;
  }

  private filesUpToDate(files: StepFiles): boolean {
    const outputs = this.mtimes(files.outputs);
    if (outputs === undefined) return false;
    const inputs = this.mtimes(files.inputs);
    if (inputs === undefined) return false;
    return inputs.length === 0 || Math.min(...outputs) > Math.max(...inputs);
  }

  /** The modification times of what the patterns name; undefined when one names nothing. */
  private mtimes(patterns: readonly string[]): number[] | undefined {
    const times: number[] = [];
    for (const pattern of patterns) {
      const paths = isGlob(pattern)
        ? globFiles(pattern, this.workingDirectory)
        : [isAbsolute(pattern) ? pattern : join(this.workingDirectory, pattern)];
      if (paths.length === 0) return undefined;
      for (const path of paths) {
        try {
          times.push(statSync(path).mtimeMs);
        } catch {
          return undefined; // missing: the step must make it
        }
      }
    }
    return times;
  }

  private lastFingerprints(): Map<string, string> {
    if (this.history) return this.history;
    const history = new Map<string, string>();
    for (const run of listRuns(this.runsDir).reverse()) {
      if (run.runId === this.runId) continue;
      let events;
      try {
        events = readJournal(runRecordPaths(run.dir).journal).events;
      } catch {
        continue; // an unreadable record tells nothing
      }
      const found = new Map<string, string>();
      for (const e of events) {
        if (e.type !== "step_finished" || e.fingerprint === undefined) continue;
        if (e.status === "success" || e.upToDate) found.set(e.step, e.fingerprint);
      }
      for (const [id, fp] of found) if (!history.has(id)) history.set(id, fp);
    }
    this.history = history;
    return history;
  }
}
