import type { JournalEvent } from "../record/journal-event";
import { escapedControlCharacters } from "../commands/escaped-control-characters";
import { CALL_SEPARATOR } from "../language/workflow-call";
import { isMeasured, stepMemoryOf } from "../runtime/metrics";
import type { StepOutputChunk } from "../runtime/step-output";
import { LineBuffer } from "./line-buffer";
import { StepLinePrefix } from "./step-line-prefix";
import { formatStepMemory } from "../units/step-memory-text";
import type { TerminalStyle } from "./terminal-style";
import { formatDuration } from "../units/quantity-text";
import { stepCount } from "./step-count";
import { stepNamesText } from "./step-names-text";
import { InstanceTally } from "./fan-out-summary";

const marks: Record<string, string> = {
  success: "✓",
  failed: "✗",
  cancelled: "✗",
  skipped: "○",
  rolled_back: "↶",
  rollback_failed: "✗",
};

/** Options of a {@link ProgressReporter}. */
export interface ProgressReporterOptions {
  /** A live line of running steps, replaced as they end. Default: on a terminal. */
  live?: boolean;
  /**
   * Where a step's log file is, from its path relative to the run folder: a
   * failed step's line points at it. Without it, no pointer.
   */
  logFile?: (relativePath: string) => string | undefined;
}

/**
 * Shows a run as it happens. On a terminal, a live line names the running steps
 * and is replaced as they end; elsewhere (pipes, CI logs), plain lines only.
 * The steps' output (fed to {@link onOutput}) is shown line by line, each line
 * after its step's id, padded (and coloured on a terminal), as `docker
 * compose` shows its services — with one step or many, the same way; a line
 * still being written is held until its newline or its step's end, so lines of
 * steps running at once never mix.
 */
export class ProgressReporter {
  private total = 0;
  private done = 0;
  /** Fan-out steps whose instances are counted in their place. */
  private readonly countedByInstances = new Set<string>();
  /** How the instances of each fan-out step ended so far, by the fan-out step's id; and each instance's step. */
  private readonly instanceTallies = new Map<string, InstanceTally>();
  private readonly instanceOf = new Map<string, string>();
  private readonly running = new Map<string, number>();
  private liveShown = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly live: boolean;
  /** The runs whose attempts of a step this run took over (`step_earlier_attempts`), by step id: for the summary. */
  readonly takenOver = new Map<string, string[]>();
  private prefix: StepLinePrefix;
  /** Unfinished lines of output, by step and stream. */
  private readonly partial = new Map<string, LineBuffer>();
  /** Starts not shown yet, in order (see {@link holdStart}); and whether their showing is queued. */
  private heldStarts: { step: string; line: string }[] = [];
  private heldStartsDue = false;

  constructor(
    private readonly out: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
    private readonly style: TerminalStyle,
    private readonly options: ProgressReporterOptions = {},
  ) {
    this.live = options.live ?? out.isTTY === true;
    this.prefix = new StepLinePrefix([], style);
  }

  /** Feed every step's output here (`ExecuteOptions.onOutput`). */
  readonly onOutput = (chunk: StepOutputChunk): void => {
    const key = `${chunk.stream}\0${chunk.step}`;
    let lines = this.partial.get(key);
    if (!lines) this.partial.set(key, (lines = new LineBuffer()));
    const text = lines.push(chunk.text);
    if (text !== undefined) this.printOutput(chunk.step, text);
  };

  /** Feed every engine event here (`ExecuteOptions.onEvent`). */
  readonly onEvent = (event: JournalEvent): void => {
    switch (event.type) {
      case "run_started":
        this.total = event.steps.length;
        this.prefix = new StepLinePrefix(
          event.steps.map((s) => s.id),
          this.style,
        );
        this.print(
          `${this.style.bold(`▶ ${event.workflow.name}`)} ${this.style.dim(`run ${event.runId} · ${stepCount(this.total)}`)}`,
        );
        if (this.live) this.timer = setInterval(() => this.drawLive(), 100).unref();
        break;
      case "step_fanned_out":
        // Each instance ends as a step of its own and its lines line up. The live line counts
        // the instances in place of their step, as "% of steps succeeded" does (success-rate.ts):
        // a fan-out without instances stays one step.
        if (event.instances.length > 0) {
          this.total += event.instances.length - 1;
          this.countedByInstances.add(event.step);
          this.instanceTallies.set(event.step, new InstanceTally());
          // A call made per item is counted once, by its instance (`deploy[0]`), not per called step.
          for (const instance of event.instances)
            if (!instance.id.includes(CALL_SEPARATOR, event.step.length))
              this.instanceOf.set(instance.id, event.step);
        }
        this.prefix.add(event.instances.map((s) => s.id));
        break;
      case "step_started":
        // A retry: the last attempt's unfinished line ends here, not in the new one's first.
        this.flushOutput(event.step);
        this.running.set(event.step, event.time);
        this.holdStart(
          event.step,
          this.style.dim(
            `  … ${event.step}${event.attempt > 1 ? ` (attempt ${event.attempt})` : ""}`,
          ),
        );
        break;
      case "step_finished": {
        // A reused step did not start now: only its reuse is shown, not the intents it recorded.
        if (event.reusedFrom !== undefined) this.dropHeldStarts(event.step);
        this.flushOutput(event.step);
        this.running.delete(event.step);
        if (!this.countedByInstances.has(event.step)) this.done++;
        const mark = this.style.status(event.status, marks[event.status] ?? "·");
        const memory = stepMemoryOf(event.metrics);
        const parent = this.instanceOf.get(event.step);
        if (parent !== undefined) this.instanceTallies.get(parent)!.add(event);
        const instances = this.instanceTallies.get(event.step);
        // A skipped step says why when the record does (its `when` was false, a fan-out had no items).
        const skippedWhy = event.reason !== undefined ? `  ${event.reason}` : "";
        // A reused or up-to-date step did nothing now: no figures, but why; so
        // for a fan-out step none of whose instances ran now, how many were which.
        const figures =
          instances?.noneRanNow === true
            ? `  ${instances.text()}`
            : event.reusedFrom !== undefined
              ? "  reused"
              : event.upToDate
                ? "  up to date"
                : event.status === "skipped"
                  ? skippedWhy
                  : // A step given up (a second Ctrl+C) has no figures: none are shown.
                    (isMeasured(event.metrics)
                      ? `  ${formatDuration(event.metrics.durationMs)}` +
                        (memory ? `  ${formatStepMemory(memory)}` : "")
                      : "") +
                    (event.changedSince !== undefined ? "  (changed since the resumed run)" : "");
        const logFile = event.log !== undefined ? this.options.logFile?.(event.log) : undefined;
        const error = event.error
          ? `\n      ${this.style.status("failed", indentLines(escapedControlCharacters(event.error), "      "))}` +
            (logFile ? `\n      ${this.style.dim(`whole log: ${logFile}`)}` : "")
          : "";
        this.print(
          `  ${mark} ${event.step} ${this.style.status(event.status)}${this.style.dim(figures)}${error}`,
        );
        break;
      }
      case "step_earlier_attempts": {
        const from = this.takenOver.get(event.step);
        if (from) from.push(event.from);
        else this.takenOver.set(event.step, [event.from]);
        // Said once per step and run: the rollback list then names a step this run may not have.
        this.print(
          this.style.dim(
            `  ↪ ${event.step}: what run ${event.from} did in it is this run's to undo`,
          ),
        );
        break;
      }
      case "rollback_started":
        // `momoflow rollback` met no run_started: its undos' lines line up by the steps it undoes.
        this.prefix.add(event.steps);
        if (event.steps.length)
          this.print(
            this.style.bold(
              `↶ rolling back ${stepCount(event.steps.length)}: ${stepNamesText(event.steps)}`,
            ),
          );
        break;
      case "step_rolled_back": {
        // What its undo left of an unfinished line comes before how the undo ended.
        this.flushOutput(event.step);
        const mark = this.style.status(event.status, marks[event.status] ?? "·");
        // An undo's error may hold what it printed: no terminal codes of it reach the terminal.
        const error = event.error ? ` — ${escapedControlCharacters(event.error)}` : "";
        // Only what a resumed run did in it was undone: the step is not rolled back.
        const what = event.earlierUndone
          ? `undid what run ${event.earlierUndone.join(", ")} did in it; this run's attempt stays`
          : this.style.status(event.status);
        this.print(
          `  ${mark} ${event.step} ${what}${this.style.dim(`  ${formatDuration(event.durationMs)}`)}${error}`,
        );
        break;
      }
      case "run_finished":
        this.stop();
        break;
      default:
        break;
    }
  };

  /** Shows a step's complete lines (`text` without its last newline), one prefix each. */
  private printOutput(step: string, text: string): void {
    const lead = this.prefix.of(step);
    this.print(
      text
        .split("\n")
        .map((line) => line.replace(/\r$/, ""))
        .map((line) => (line === "" ? lead.trimEnd() : lead + line))
        .join("\n"),
    );
  }

  /** A step ended: what it left unfinished is shown as a line of its own. */
  private flushOutput(step: string): void {
    for (const stream of ["stdout", "stderr", "log"]) {
      const key = `${stream}\0${step}`;
      const rest = this.partial.get(key)?.flush();
      this.partial.delete(key);
      if (rest !== undefined) this.printOutput(step, rest);
    }
  }

  /** Clears the live line for good. */
  stop(): void {
    this.printHeldStarts();
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.clearLive();
  }

  /**
   * Shows a step's start at the end of the current burst of events, not at
   * once: a step reused from a resumed run records its intents and its
   * outcome in one write (`recordTogether`), heard here in one burst, and is
   * shown only as reused (see {@link dropHeldStarts}). A step that does run
   * shows its start before anything else is printed, so no line moves.
   */
  private holdStart(step: string, line: string): void {
    this.heldStarts.push({ step, line });
    if (this.heldStartsDue) return;
    this.heldStartsDue = true;
    queueMicrotask(() => {
      this.heldStartsDue = false;
      this.printHeldStarts();
      if (this.live) this.drawLive();
    });
  }

  /** Forgets the held starts of a step that turned out reused. */
  private dropHeldStarts(step: string): void {
    this.heldStarts = this.heldStarts.filter((held) => held.step !== step);
  }

  /** Prints the held starts (plain lines; the live line names running steps instead). */
  private printHeldStarts(): void {
    if (this.heldStarts.length === 0) return;
    const held = this.heldStarts;
    this.heldStarts = [];
    if (!this.live) for (const { line } of held) this.print(line);
  }

  private print(line: string): void {
    this.printHeldStarts();
    this.clearLive();
    this.out.write(line + "\n");
    if (this.live && this.running.size > 0) this.drawLive();
  }

  private drawLive(): void {
    if (!this.live || this.running.size === 0) return this.clearLive();
    const now = Date.now();
    const names = [...this.running]
      .map(([id, since]) => `${id} ${formatDuration(now - since)}`)
      .join(", ");
    const width = Math.max(20, (this.out.columns ?? 80) - 1);
    const text = `  ${spinner(now)} ${this.done}/${this.total} · ${names}`.slice(0, width);
    this.out.write(`\r\x1b[2K${this.style.dim(text)}`);
    this.liveShown = true;
  }

  private clearLive(): void {
    if (!this.liveShown) return;
    this.out.write("\r\x1b[2K");
    this.liveShown = false;
  }
}

function indentLines(text: string, indent: string): string {
  return text.replace(/\n/g, `\n${indent}`);
}

function spinner(now: number): string {
  const frames = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";
  return frames[Math.floor(now / 100) % frames.length]!;
}
