import { KEPT_OUTPUT_BYTES } from "../commands/kept-output";
import type { RunLogWriter, StepLogFile } from "../record/step-log-writer";
import type { LogFields, Logger } from "./logger";
import type { MaskStream, SecretMask } from "./secret-mask";

/** Where a piece of a step's output came from: its process's streams, or its logger. */
export type StepOutputStream = "stdout" | "stderr" | "log";

type LogLevel = "info" | "warn" | "error";

/** A piece of a step's output, as it arrived (not cut at line ends). */
export interface StepOutputChunk {
  step: string;
  stream: StepOutputStream;
  text: string;
}

/** Where a run sends its steps' output: what a {@link StepOutput} is made from. */
export interface StepOutputSinks {
  /** The run's logs (absent when the run keeps no record). */
  logs?: RunLogWriter;
  /** Receives each step's output as it arrives. */
  onOutput?: (chunk: StepOutputChunk) => void;
  /** Secret values, shown as `***` in what the steps print. */
  mask: SecretMask;
  context: { readonly logger: Logger };
}

/** A line still being written is passed on once it is this long all the same. */
const MAX_HELD_LINE = 64 * 1024;

/**
 * A line still being written is passed on once it waited this long for its
 * newline (`printf 'waiting…'; sleep 30`): held in memory, it would be lost
 * with the process if the run were killed. What follows it on its stream
 * goes on on the same line of the log ({@link StepLogFile.append}).
 */
const HELD_LINE_DELAY_MS = 150;

/**
 * What a step whose output is a secret may print before its end, held in
 * memory, in UTF-8 bytes: as much as is kept of its output
 * (`KEPT_OUTPUT_BYTES`). Past it the output is cut (its start, a line saying
 * what was left out, its end), a value the held text does not hold whole, so
 * nothing could mask it there: none of that attempt's stdout is shown.
 */
const MAX_WITHHELD = KEPT_OUTPUT_BYTES;

/**
 * Of the stdout past {@link MAX_WITHHELD}, the end kept (at least this many
 * characters): a failed attempt's error quotes its last lines, which are
 * masked with them.
 */
const WITHHELD_TAIL = 64 * 1024;

/** What such a step printed and is held back: a piece of stdout, or a logger line (already whole). */
interface WithheldPiece {
  stream: StepOutputStream;
  text: string;
  level?: LogLevel;
}

/** The line written instead of a secret step's stdout when its attempt gave no output to mask it with. */
export const WITHHELD_NOTE =
  "*** (stdout not shown: this step's output goes to a secret param, and this attempt gave none)\n";

/** The line written instead of a secret step's stdout when it printed more than is held back. */
export const WITHHELD_PAST_CAP_NOTE =
  "*** (stdout not shown: this step's output goes to a secret param, and it printed more than the 64 MB held back to mask it)\n";

/**
 * What one step prints, on its way to the step's log file and to the live
 * listener (the terminal): its shell's stdout and stderr as they arrive, and
 * the lines written through its logger (built-in commands, `js()` steps).
 * Each stream is passed on in whole lines (a line still being written waits
 * for its newline, the attempt's end, 64 KB, or 150 ms), so lines of stdout
 * and stderr never cut into each other, and everything passes through
 * {@link StepOutput.emit}, once.
 */
export class StepOutput {
  /** Unfinished lines by stream (made on the first unfinished line: a silent step allocates nothing). */
  private held: Map<StepOutputStream, string> | undefined;
  /** By stream, the timer passing on its unfinished line after {@link HELD_LINE_DELAY_MS}. */
  private heldTimers: Map<StepOutputStream, NodeJS.Timeout> | undefined;
  /**
   * Masking by stream, before the text is cut into lines: a secret of several
   * lines (a PEM key) may arrive split at a line end, and each line alone
   * matches nothing. Made on first output, only when there are secrets.
   */
  private masking: Map<StepOutputStream, MaskStream> | undefined;
  /** The step's log, made when it first prints or starts a second attempt. */
  private log: StepLogFile | undefined;
  private ownLogger: Logger | undefined;
  /** Set for a step whose output is a secret: what it printed this attempt, but stderr. */
  private withheld: WithheldPiece[] | undefined;
  /** Bytes held in {@link withheld}, and characters left out past {@link MAX_WITHHELD}. */
  private withheldSize = 0;
  private withheldLeftOut = 0;
  /** The end of the stdout left out (see {@link WITHHELD_TAIL}). */
  private withheldTail = "";

  constructor(
    readonly stepId: string,
    /** The run's logs (absent when the run keeps no record). */
    private readonly logs: RunLogWriter | undefined,
    private readonly listener: ((chunk: StepOutputChunk) => void) | undefined,
    /** Without a listener, logger lines also go here, as before there were step logs. */
    private readonly fallbackLogger: Logger,
    /** Secret values: masked here, before the log or the terminal sees them. */
    private readonly mask: SecretMask,
    /**
     * The step's output is a secret (`WorkflowStep.secretOutput`): its stdout
     * and logger lines are held until {@link releaseWithheld}, when the value
     * to mask is known; stderr is passed on as it arrives.
     */
    withholding = false,
  ) {
    if (withholding) this.withheld = [];
  }

  /** The output of step `stepId` of the run whose sinks these are. */
  static of(stepId: string, sinks: StepOutputSinks, withholding = false): StepOutput {
    return new StepOutput(
      stepId,
      sinks.logs,
      sinks.onOutput,
      sinks.context.logger,
      sinks.mask,
      withholding,
    );
  }

  /** The step's own logger: `info` lines as they are, `warn`/`error` lines marked so. */
  get logger(): Logger {
    return (this.ownLogger ??= this.makeLogger());
  }

  private makeLogger(): Logger {
    const line =
      (level: LogLevel) =>
      (message: string, fields?: LogFields): void => {
        const suffix = fields && Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : "";
        const text = `${message}${suffix}\n`;
        if (this.withheld) this.withhold({ stream: "log", text, level });
        else this.emit("log", this.mask.text(text), level);
      };
    const fallback = this.fallbackLogger;
    return {
      // Debug lines are the engine's own chatter: neither log nor terminal.
      debug: (message, fields) => fallback.debug(message, fields),
      info: line("info"),
      warn: line("warn"),
      error: line("error"),
    };
  }

  private logFile(): StepLogFile | undefined {
    return (this.log ??= this.logs?.open(this.stepId));
  }

  /** Path of the step's log relative to the run folder, once it printed anything. */
  get logPath(): string | undefined {
    return this.log?.exists ? this.log.relativePath : undefined;
  }

  /** A new attempt begins: its output follows a header line in the log. */
  startAttempt(attempt: number): void {
    if (attempt > 1) this.logFile()?.startAttempt(attempt);
    else this.log?.startAttempt(attempt);
  }

  /** The step's undo begins: what it prints follows a header line in the log (see `StepLogFile.startUndo`). */
  startUndo(): void {
    this.logFile()?.startUndo();
  }

  /** Takes output as it arrives; passes on its complete lines, masked. */
  write(stream: StepOutputStream, text: string): void {
    if (this.withheld && stream !== "stderr") this.withhold({ stream, text });
    else this.pass(stream, text);
  }

  private pass(stream: StepOutputStream, text: string): void {
    const masker = this.maskStream(stream);
    if (!masker) return this.hold(stream, text);
    this.hold(stream, masker.write(text));
    // Held back as it may start a secret: written to the log in a moment, for now (see passHeldLater).
    if (masker.held !== "") this.passHeldLater(stream);
  }

  private withhold(piece: WithheldPiece): void {
    const bytes = Buffer.byteLength(piece.text);
    if (this.withheldLeftOut === 0 && this.withheldSize + bytes <= MAX_WITHHELD) {
      this.withheldSize += bytes;
      this.withheld!.push(piece);
      return;
    }
    // Past the limit nothing more is held (what is held is no longer shown either), but the end of stdout.
    this.withheldLeftOut += piece.text.length;
    if (piece.level) return;
    this.withheldTail += piece.text;
    if (this.withheldTail.length > 2 * WITHHELD_TAIL)
      this.withheldTail = this.withheldTail.slice(-WITHHELD_TAIL);
  }

  /**
   * For a step whose output is a secret, at the end of an attempt: with
   * `shown` (the attempt's output is now a secret of the run's mask) writes
   * what it held back, masked; else one line of `***` in place of its stdout,
   * and its logger lines masked. An attempt that printed more than is held
   * back ({@link MAX_WITHHELD}) shows none of its stdout, only a line saying
   * so: its output was cut, and the value to mask is not whole in what was
   * held. Returns the stdout it held (and the end of what it did not), for
   * the error message to hide. Nothing held: "".
   */
  releaseWithheld(shown: boolean): string {
    const pieces = this.withheld;
    const tail = this.withheldTail;
    const cut = this.withheldLeftOut > 0;
    if (!pieces || (pieces.length === 0 && !cut)) return "";
    this.withheld = [];
    this.withheldSize = 0;
    this.withheldLeftOut = 0;
    this.withheldTail = "";
    let stdout = "";
    // What it printed between logger lines is masked in one piece: piece by piece, a value
    // of megabytes would be scanned again with each.
    const passStdout = (): void => {
      if (shown && !cut && stdout !== "") this.pass("stdout", stdout);
      all += stdout;
      stdout = "";
    };
    let all = "";
    for (const piece of pieces) {
      if (!piece.level) {
        stdout += piece.text;
        continue;
      }
      passStdout();
      this.emit("log", this.mask.text(piece.text), piece.level);
    }
    passStdout();
    if (cut) this.pass("stdout", WITHHELD_PAST_CAP_NOTE);
    else if (!shown && all !== "") this.pass("stdout", WITHHELD_NOTE);
    return cut ? `${all}\n${tail}` : all;
  }

  private maskStream(stream: StepOutputStream): MaskStream | undefined {
    if (this.mask.empty) return undefined;
    const masking = (this.masking ??= new Map());
    let masker = masking.get(stream);
    if (!masker) masking.set(stream, (masker = this.mask.stream()));
    return masker;
  }

  /** Passes on the complete lines of masked text, and keeps the rest until its line ends. */
  private hold(stream: StepOutputStream, text: string): void {
    const held = (this.held ??= new Map());
    const all = (held.get(stream) ?? "") + text;
    const end = all.length > MAX_HELD_LINE ? all.length - 1 : all.lastIndexOf("\n");
    if (end < 0) {
      if (all !== "") {
        held.set(stream, all);
        this.passHeldLater(stream);
      }
      return;
    }
    held.delete(stream);
    if (end < all.length - 1) {
      held.set(stream, all.slice(end + 1));
      this.passHeldLater(stream);
    } else this.stopHeldTimer(stream);
    this.emit(stream, all.slice(0, end + 1));
  }

  /**
   * Passes on the unfinished line of `stream` if it still waits for its
   * newline in a moment. What the stream's masker still holds back then (the
   * start of a secret, or text that only looks like one: `hun` of
   * `hunter2`) is written to the log *for now*: a run killed from here on
   * (SIGKILL) leaves it there, as a stopped one writes it at the step's end;
   * the log's next write takes it back first, and writes what it turned out
   * to be (`***` once the rest of the secret came). The terminal sees it only
   * then.
   */
  private passHeldLater(stream: StepOutputStream): void {
    const timers = (this.heldTimers ??= new Map());
    if (timers.has(stream)) return;
    const timer = setTimeout(() => {
      timers.delete(stream);
      const rest = this.held?.get(stream);
      if (rest !== undefined) {
        this.held!.delete(stream);
        this.emit(stream, rest);
      }
      const maybeSecret = this.masking?.get(stream)?.held;
      if (maybeSecret) this.logFile()?.appendForNow(maybeSecret, stream);
    }, HELD_LINE_DELAY_MS);
    // A step's end passes on what is left: the timer must not keep the process alive.
    timer.unref();
    timers.set(stream, timer);
  }

  private stopHeldTimer(stream: StepOutputStream): void {
    const timer = this.heldTimers?.get(stream);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.heldTimers!.delete(stream);
  }

  /**
   * An attempt ended: what it left unfinished is passed on as it is, each
   * stream's as a line of its own in the log (the terminal shows each as a
   * line too), so that stdout's last words and stderr's do not run together.
   */
  endAttempt(): void {
    if (this.masking) {
      // What the maskers held back, as it may have started a secret, did not.
      for (const [stream, masker] of this.masking) this.hold(stream, masker.end());
      this.masking.clear();
    }
    if (this.heldTimers) {
      for (const timer of this.heldTimers.values()) clearTimeout(timer);
      this.heldTimers.clear();
    }
    if (this.held) {
      for (const [stream, rest] of this.held) {
        this.emit(stream, rest);
        this.log?.endLine();
      }
      this.held.clear();
    }
    // A line passed on after waiting for its newline (HELD_LINE_DELAY_MS) may still be open.
    this.log?.endLine();
  }

  /**
   * The one function through which a step's text is written — to its log
   * file, the live listener, and (logger lines without a listener) the run's
   * logger — in whole lines (but for an attempt's unfinished last one), once
   * masked (by {@link write}'s maskers or, for logger lines, whole).
   * A listener's throw never reaches the step.
   */
  private emit(stream: StepOutputStream, text: string, level?: LogLevel): void {
    if (text === "") return;
    const shown = level === "warn" || level === "error" ? `${level}: ${text}` : text;
    this.logFile()?.append(shown, stream);
    if (!this.listener) {
      if (level) this.fallbackLogger[level](text.replace(/\n$/, ""));
      return;
    }
    try {
      this.listener({ step: this.stepId, stream, text: shown });
    } catch {
      // The display must not be able to fail a step.
    }
  }

  /**
   * Writes `line` to the step's log only (not to the terminal): what the run
   * says of the step's output there (an undo given up, whose later lines are
   * not kept). What the step left unfinished is written before it.
   */
  noteInLog(line: string): void {
    this.endAttempt();
    this.logFile()?.append(line);
  }

  /** The step ended: its log is closed. */
  close(): void {
    this.endAttempt();
    this.log?.close();
  }
}
