import type { JournalEvent } from "../record/journal-event";
import type { ResumeSource } from "./resume-run";
import type { StepOutputChunk } from "./step-output";

/** Options of one run, overriding the definition's settings. */
export interface ExecuteOptions {
  /** Cancels the run when aborted (as does `context.cancel()`). */
  signal?: AbortSignal;
  concurrency?: number;
  rollbackOnFailure?: boolean;
  /** Write the run record (journal.jsonl, result.json). Default true. */
  journal?: boolean;
  /** Folder holding run records. Default `<workingDirectory>/.momoflow/runs`. */
  runsDir?: string;
  /**
   * Id of the run: the name of its folder in `runsDir`, so letters, digits,
   * `_`, `.` and `-`, and not one used before. Default: time-ordered and unique.
   */
  runId?: string;
  /** Failure injection: these steps fail without running their action. */
  failSteps?: Iterable<string>;
  /** Receives every event as it happens (the same events the journal records): for progress display. */
  onEvent?: (event: JournalEvent) => void;
  /**
   * Receives what each step prints, as it arrives: its shell's stdout and
   * stderr and its logger's lines (for a live display). Without it, the
   * steps' logger lines go to the context's logger. Either way the run record
   * keeps each step's whole output in `logs/<step>.log`. What a step's undo
   * prints in the run's rollback (its shell's output, the lines of the
   * `execution.logger` its `rollback()` is given) comes here too, under the
   * step's id, and follows a line `── rollback ──` in its log.
   */
  onOutput?: (chunk: StepOutputChunk) => void;
  /**
   * The run this one resumes (see `takeOverRun`): its succeeded steps whose
   * fingerprint is unchanged are not run again, but recorded here as reused,
   * with their output and rollback data.
   */
  resume?: ResumeSource;
}
