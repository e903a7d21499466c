import { statSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import type { JournalEvent } from "../record/journal-event";
import { readJournal } from "../record/journal-reader";
import { isCutOutput } from "../record/recorded-output";
import { listRuns } from "../record/run-index";
import { runRecordPaths } from "../record/run-paths";
import { globFiles, isGlob } from "./file-glob";
import type { StepFiles, WorkflowStep } from "./step";
import { newestMtime } from "./tree-mtime";

/** The run that made a step's outputs: the fingerprint of its action, and the output it recorded. */
export interface MadeOutputs {
  fingerprint: string;
  /** Undefined when the step had none. */
  output: unknown;
}

/**
 * Whether a step with `inputs:`/`outputs:` is up to date, as make and
 * Snakemake decide: every output exists (a glob matches at least one file),
 * the oldest output is newer than the newest input, and the step's
 * fingerprint is the one the newest run record that ran it (or found it up
 * to date) recorded — a changed action makes its outputs stale — and that
 * run left them made: not failed, killed or rolled back there. A step
 * without outputs, or whose action no record knows, is never up to date.
 */
export class UpToDateCheck {
  /**
   * Step id → the fingerprint its outputs were made with, by the newest record
   * that started it (null: that record vouches for none); read once, on first use.
   */
  private history: Map<string, MadeOutputs | null> | undefined;

  constructor(
    private readonly workingDirectory: string,
    private readonly runsDir: string,
    /** The current run: its own record is not history. */
    private readonly runId: string,
  ) {}

  /**
   * What the run that made the step's outputs recorded, when the step is up
   * to date: its output, which later steps read as if it had run now (one
   * cut in the record cannot be given them: the step runs). Undefined when
   * it must run.
   */
  upToDate(step: WorkflowStep, fingerprint: string): MadeOutputs | undefined {
    const files = step.files;
    if (!files || files.outputs.length === 0) return undefined;
    if (!this.filesUpToDate(files)) return undefined;
    const made = this.lastFingerprints().get(step.id);
    if (!made || made.fingerprint !== fingerprint || isCutOutput(made.output)) return undefined;
    return made;
  }

  private filesUpToDate(files: StepFiles): boolean {
    const outputs = this.mtimes(files.outputs, (path) => statSync(path).mtimeMs);
    if (outputs === undefined) return false;
    // An input folder is as new as the newest file in it.
    const inputs = this.mtimes(files.inputs, newestMtime);
    if (inputs === undefined) return false;
    return inputs.length === 0 || Math.min(...outputs) > Math.max(...inputs);
  }

  /** The modification times (`mtime` of each path) of what the patterns name; undefined when one names nothing. */
  private mtimes(
    patterns: readonly string[],
    mtime: (path: string) => number,
  ): number[] | undefined {
    const times: number[] = [];
    for (const pattern of patterns) {
      const paths = isGlob(pattern)
        ? globFiles(pattern, this.workingDirectory)
        : [isAbsolute(pattern) ? pattern : join(this.workingDirectory, pattern)];
      if (paths.length === 0) return undefined;
      for (const path of paths) {
        try {
          times.push(mtime(path));
        } catch {
          return undefined; // missing: the step must make it
        }
      }
    }
    return times;
  }

  private lastFingerprints(): Map<string, MadeOutputs | null> {
    if (this.history) return this.history;
    const history = new Map<string, MadeOutputs | null>();
    for (const run of listRuns(this.runsDir).reverse()) {
      if (run.runId === this.runId) continue;
      let events;
      try {
        events = readJournal(runRecordPaths(run.dir).journal).events;
      } catch {
        continue; // an unreadable record tells nothing
      }
      for (const [id, fp] of madeBy(events)) if (!history.has(id)) history.set(id, fp);
    }
    this.history = history;
    return history;
  }
}

/**
 * What one run record says of the outputs of each step it started: the
 * fingerprint of the action that made them when the step succeeded (or was
 * up to date) and was not undone since; null when that run may have left
 * them half-made or put back what was there before — a step that failed,
 * was killed, or was rolled back — so no older record can vouch for them. A
 * step it did not start (skipped by its `when`, never run) is not named: the
 * run did not touch its outputs.
 */
function madeBy(events: readonly JournalEvent[]): Map<string, MadeOutputs | null> {
  const made = new Map<string, MadeOutputs | null>();
  for (const e of events) {
    if (e.type === "step_started" || e.type === "step_rolled_back") made.set(e.step, null);
    else if (e.type === "step_finished") {
      const done = (e.status === "success" || e.upToDate === true) && e.fingerprint !== undefined;
      if (done) made.set(e.step, { fingerprint: e.fingerprint!, output: e.output });
      else if (made.has(e.step)) made.set(e.step, null);
    }
  }
  return made;
}
