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

/** What a step whose output is a secret may print before its end, held in memory (as its output is). */
const MAX_WITHHELD = 64 * 1024 * 1024;

/** What such a step printed and is held back: a piece of stdout, or a logger line (already whole). */
interface WithheldPiece {
  stream: StepOutputStream;
  text: string;
  level?: LogLevel;
}

/** The line written instead of a secret step's stdout when its attempt gave no output to mask it with. */
export const WITHHELD_NOTE =
  "*** (stdout not shown: this step's output goes to a secret param, and this attempt gave none)\n";

/**
 * What one step prints, on its way to the step's log file and to the live
 * listener (the terminal): its shell's stdout and stderr as they arrive, and
 * the lines written through its logger (built-in commands, `js()` steps).
 * Each stream is passed on in whole lines (a line still being written waits
 * for its newline, the attempt's end, or 64 KB), so lines of stdout and stderr
 * never cut into each other, and everything passes through
 * {@link StepOutput.emit}, once.
 */
export class StepOutput {
  /** Unfinished lines by stream (made on the first unfinished line: a silent step allocates nothing). */
  private held: Map<StepOutputStream, string> | undefined;
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
  /** Characters held in {@link withheld}, and those left out past {@link MAX_WITHHELD}. */
  private withheldSize = 0;
  private withheldLeftOut = 0;

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

  /** Takes output as it arrives; passes on its complete lines, masked. */
  write(stream: StepOutputStream, text: string): void {
    if (this.withheld && stream !== "stderr") this.withhold({ stream, text });
    else this.pass(stream, text);
  }

  private pass(stream: StepOutputStream, text: string): void {
    this.hold(stream, this.maskStream(stream)?.write(text) ?? text);
  }

  private withhold(piece: WithheldPiece): void {
    const room = MAX_WITHHELD - this.withheldSize;
    if (piece.text.length > room) {
      this.withheldLeftOut += piece.text.length - Math.max(0, room);
      if (room <= 0) return;
      piece = { ...piece, text: piece.text.slice(0, room) };
    }
    this.withheldSize += piece.text.length;
    this.withheld!.push(piece);
  }

  /**
   * For a step whose output is a secret, at the end of an attempt: with
   * `shown` (the attempt's output is now a secret of the run's mask) writes
   * what it held back, masked; else one line of `***` in place of its stdout,
   * and its logger lines masked. Returns the stdout it held, for the error
   * message to hide. Nothing held: "".
   */
  releaseWithheld(shown: boolean): string {
    const pieces = this.withheld;
    if (!pieces || pieces.length === 0) return "";
    this.withheld = [];
    const leftOut = this.withheldLeftOut;
    this.withheldSize = 0;
    this.withheldLeftOut = 0;
    let stdout = "";
    for (const piece of pieces) {
      if (piece.level) this.emit("log", this.mask.text(piece.text), piece.level);
      else if (shown) this.pass(piece.stream, piece.text);
      else stdout += piece.text;
    }
    if (stdout !== "") this.pass("stdout", WITHHELD_NOTE);
    if (leftOut > 0)
      this.pass(
        "log",
        `\n${leftOut} characters of stdout left out: a step whose output is a secret is held in memory until it ends, up to 64 MB\n`,
      );
    return shown ? pieces.map((p) => (p.level ? "" : p.text)).join("") : stdout;
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
      if (all !== "") held.set(stream, all);
      return;
    }
    held.delete(stream);
    if (end < all.length - 1) held.set(stream, all.slice(end + 1));
    this.emit(stream, all.slice(0, end + 1));
  }

  /** An attempt ended: what it left unfinished is passed on as it is. */
  endAttempt(): void {
    if (this.masking) {
      // What the maskers held back, as it may have started a secret, did not.
      for (const [stream, masker] of this.masking) this.hold(stream, masker.end());
      this.masking.clear();
    }
    if (!this.held) return;
    for (const [stream, rest] of this.held) this.emit(stream, rest);
    this.held.clear();
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
    this.logFile()?.append(shown);
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

  /** The step ended: its log is closed. */
  close(): void {
    this.endAttempt();
    this.log?.close();
  }
}
