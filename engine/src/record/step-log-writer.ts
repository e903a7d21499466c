import { closeSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from "node:fs";
import { join } from "node:path";
import { RecordWriteError } from "./record-write-error";
import { runRecordPaths, stepLogPath } from "./run-paths";
import { makeFolders } from "../runtime/make-folders";

/**
 * When a log write fails (a full disk), this much of that log's end is given
 * back, so the journal — the run's source of truth — still has room for the
 * lines that follow.
 */
const JOURNAL_RESERVE_BYTES = 256 * 1024;

const NEWLINE = 0x0a;

/** The line before what a step's undo printed, in the step's log. */
export const UNDO_HEADER = "── rollback ──\n";

/** Why the steps' logs stopped being written, reported once per run. */
export interface LogWriteFailure {
  error: RecordWriteError;
  stepId: string;
  /** Bytes of that step's log kept after giving room back to the journal. */
  keptBytes: number;
}

/**
 * The steps' logs of one run: `logs/<step>.log` in its record (see
 * {@link stepLogPath}). Each log is created when its step first prints, and
 * written synchronously as output arrives — nothing waits in memory, so a run
 * killed mid-step leaves its log up to the last chunk. A failed write (a full
 * disk) never fails the run: it is reported once, the failing log gives back
 * its last {@link JOURNAL_RESERVE_BYTES} for the journal, and no log of the
 * run is written any more.
 */
export class RunLogWriter {
  private stopped = false;
  private ended = false;
  private folderMade = false;
  /** The logs this writer opened, by path relative to the run folder. */
  private readonly opened = new Set<string>();
  /** The steps whose logs miss some of what they printed (see {@link incompleteLogs}). */
  private readonly incomplete = new Set<string>();
  /** The worker of each incomplete log that was cut short there (see {@link incompleteLogsOn}). */
  private readonly incompleteOn = new Map<string, string>();

  constructor(
    private readonly runDir: string,
    private readonly onFailure: (failure: LogWriteFailure) => void,
  ) {}

  /** The log of one step (its file is created on the first write). */
  open(stepId: string): StepLogFile {
    return new StepLogFile(this, stepId, stepLogPath(stepId));
  }

  /** @internal Opens a step's file, creating the logs folder once; undefined once logging stopped. */
  openFile(stepId: string, relativePath: string): number | undefined {
    if (this.stopped) return undefined;
    const path = join(this.runDir, relativePath);
    try {
      if (!this.folderMade) makeFolders(runRecordPaths(this.runDir).logs);
      this.folderMade = true;
      const fd = openSync(path, "a");
      this.opened.add(relativePath);
      return fd;
    } catch (error) {
      this.fail({ error: new RecordWriteError(path, error), stepId, keptBytes: 0 });
      return undefined;
    }
  }

  /**
   * Whether this writer wrote to the log at `relativePath` (relative to the
   * run folder): what the run's own record needs to know of a log an undo
   * wrote, without asking the file system once per step.
   */
  wrote(relativePath: string): boolean {
    return this.opened.has(relativePath);
  }

  /**
   * The ids of the steps whose logs miss some of what they printed, in the
   * order they lost it: the step whose write failed (its log was cut back,
   * see {@link JOURNAL_RESERVE_BYTES}) and each that printed after that.
   */
  get incompleteLogs(): string[] {
    return [...this.incomplete];
  }

  /** The worker of each of the {@link incompleteLogs} cut short on the worker that ran it, not here, by step id. */
  get incompleteLogsOn(): Record<string, string> {
    return Object.fromEntries(this.incompleteOn);
  }

  /**
   * Names step `stepId` among the {@link incompleteLogs}: what it printed was
   * not all kept where it ran (its log on `worker`, cut short by that
   * worker's full disk), though this record's copy was written.
   */
  markIncomplete(stepId: string, worker: string): void {
    this.incomplete.add(stepId);
    this.incompleteOn.set(stepId, worker);
  }

  /** @internal Step `stepId` printed what its log, stopped by a failed write, does not get. */
  lost(stepId: string): void {
    if (this.stopped) this.incomplete.add(stepId);
  }

  /** @internal Whether nothing more is written: a write failed, or the run ended. */
  get isStopped(): boolean {
    return this.stopped || this.ended;
  }

  /**
   * The run has ended: nothing more is written to its logs. A step the run
   * gave up on (it ignored its signal) may still print; lines it prints then
   * would land after the run's end as if the run had still been going.
   */
  end(): void {
    this.ended = true;
  }

  /**
   * Marks step `stepId`'s log where the run gave the step up: what follows
   * was printed after the run stopped waiting for it, and what it prints
   * after the run's end is not kept. Returns the log's path relative to the
   * run folder, undefined when it could not be written.
   */
  markGivenUp(stepId: string, why: string): string | undefined {
    const log = this.open(stepId);
    log.append(
      `── ${why}: the lines below were printed after the run stopped waiting for it; nothing it printed after the run ended is kept ──\n`,
    );
    log.close();
    return log.exists ? log.relativePath : undefined;
  }

  /** @internal Stops every log of the run and reports why, the first time only. */
  fail(failure: LogWriteFailure): void {
    this.incomplete.add(failure.stepId);
    if (this.stopped) return;
    this.stopped = true;
    this.onFailure(failure);
  }

  /** @internal */
  pathOf(relativePath: string): string {
    return join(this.runDir, relativePath);
  }
}

/** One step's log file: its attempts in order, each after the first under a header line. */
export class StepLogFile {
  private fd: number | undefined;
  private size = 0;
  /** The size of the file when this writer opened it: another process's lines (see {@link goOnAfterExisting}). */
  private sizeAtOpen = 0;
  private endsWithNewline = true;
  /** The stream whose unfinished line the log ends with (see {@link append}). */
  private openStream: string | undefined;
  private header: string | undefined;
  private closed = false;
  /** Text written for now ({@link appendForNow}): where the file ended before and after it, and the line state before. */
  private forNow:
    | { from: number; to: number; endsWithNewline: boolean; openStream: string | undefined }
    | undefined;

  /** @internal use {@link RunLogWriter.open} */
  constructor(
    private readonly writer: RunLogWriter,
    private readonly stepId: string,
    /** Path relative to the run folder (`logs/<step>.log`). */
    readonly relativePath: string,
  ) {}

  /** Whether the file was created (the step printed something). */
  get exists(): boolean {
    return this.size > 0 || this.fd !== undefined;
  }

  /**
   * Marks the start of an attempt. From the second on, a header line
   * (`── attempt 2 ──`) separates it from the one before; it is written at
   * once when the log exists, else before the attempt's first output.
   */
  startAttempt(attempt: number): void {
    if (attempt <= 1) return;
    this.header = `── attempt ${attempt} ──\n`;
    if (this.exists) this.append("");
  }

  /**
   * Marks the start of the step's undo: what it prints follows a header line
   * (`── rollback ──`), written before the first of it (an undo that prints
   * nothing adds nothing). The log may be one an earlier process wrote (the
   * run's, read back by `momoflow rollback`): the undo's lines follow it.
   */
  startUndo(): void {
    this.header = UNDO_HEADER;
  }

  /**
   * Appends output as it arrived. Never throws: a failed write stops the run's
   * logs (reported once). Text of `stream` that follows that stream's
   * unfinished line goes on on the same line; any other text ends that line
   * first, so two streams never share a line.
   */
  append(text: string, stream?: string): void {
    if (this.closed || (text === "" && this.header === undefined)) return;
    this.takeBackForNow();
    // Another log found the disk full: this one stops too, leaving room for the journal.
    if (this.writer.isStopped) {
      this.writer.lost(this.stepId);
      return this.close();
    }
    if (this.fd === undefined) {
      this.fd = this.writer.openFile(this.stepId, this.relativePath);
      if (this.fd === undefined) return;
      this.goOnAfterExisting(this.fd);
    }
    if (this.header !== undefined) {
      text = (this.endsWithNewline ? "" : "\n") + this.header + text;
      this.header = undefined;
    } else if (!this.endsWithNewline && stream !== this.openStream) {
      text = "\n" + text;
    }
    const bytes = Buffer.from(text, "utf8");
    try {
      let offset = 0;
      while (offset < bytes.length) {
        const n = writeSync(this.fd, bytes, offset);
        if (n <= 0) throw new Error("short write");
        offset += n;
      }
      this.size += bytes.length;
      this.endsWithNewline = text.endsWith("\n");
      this.openStream = this.endsWithNewline ? undefined : stream;
    } catch (error) {
      this.giveBack(error);
    }
  }

  /**
   * Appends text that may turn out otherwise (what a secret mask holds back:
   * the start of a secret, or not): it stays in the file if nothing follows
   * (the run was killed), and the next write takes it back first (truncates
   * the file to where it was), then writes what it turned out to be. Text
   * another writer added after it (the run's note that it gave the step up)
   * keeps it there, as it stands.
   */
  appendForNow(text: string, stream?: string): void {
    if (this.closed || text === "") return;
    this.takeBackForNow();
    // An attempt's header is there for good: only the text is taken back.
    if (this.header !== undefined) this.append("");
    const before = { endsWithNewline: this.endsWithNewline, openStream: this.openStream };
    const sizeBefore = this.size;
    this.append(text, stream);
    if (this.fd === undefined || this.size === sizeBefore) return;
    try {
      const to = fstatSync(this.fd).size;
      this.forNow = { from: to - (this.size - sizeBefore), to, ...before };
    } catch {
      // Not known where it ends: it stays, as text it was written as.
    }
  }

  /**
   * A log file that already held text (written by an earlier process: the
   * run's, for its rollback's lines): what is appended goes on after it, on
   * a line of its own when its last line was left unfinished (a killed step).
   */
  private goOnAfterExisting(fd: number): void {
    try {
      const { size } = fstatSync(fd);
      if (size === 0 || this.size > 0) return;
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, size - 1);
      this.size = size;
      this.sizeAtOpen = size;
      this.endsWithNewline = last[0] === NEWLINE;
    } catch {
      // Unknown: the lines that follow start where the file ends.
    }
  }

  /** Takes back the text written for now, when the file still ends with it. */
  private takeBackForNow(): void {
    const forNow = this.forNow;
    if (forNow === undefined) return;
    this.forNow = undefined;
    if (this.fd === undefined) return;
    try {
      if (fstatSync(this.fd).size !== forNow.to) return;
      ftruncateSync(this.fd, forNow.from);
      this.size -= forNow.to - forNow.from;
      this.endsWithNewline = forNow.endsWithNewline;
      this.openStream = forNow.openStream;
    } catch {
      // It stays: the start of a line that was no secret, or was not followed.
    }
  }

  /** Ends the log's last line when output left it unfinished (an attempt's last words without a newline). */
  endLine(): void {
    if (this.size > 0 && !this.endsWithNewline) this.append("\n", this.openStream);
  }

  /** Closes the file (the step ended). */
  close(): void {
    this.closed = true;
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {
      // Nothing is pending in a closed log: writes are synchronous.
    }
    this.fd = undefined;
  }

  /** After a failed write: cut the log back, leaving room for the journal, and stop. */
  private giveBack(error: unknown): void {
    // What an earlier process wrote (the run's lines, before its rollback's) is kept whole.
    const kept = Math.max(this.sizeAtOpen, this.size - JOURNAL_RESERVE_BYTES);
    try {
      ftruncateSync(this.fd!, kept);
    } catch {
      // The log keeps a torn end; the journal is what matters.
    }
    const failure: LogWriteFailure = {
      error: new RecordWriteError(this.writer.pathOf(this.relativePath), error),
      stepId: this.stepId,
      keptBytes: kept,
    };
    this.size = kept;
    this.close();
    this.writer.fail(failure);
  }
}
