import { MessageChannel, receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import type { JournalEvent, StepRolledBackEvent } from "../record/journal-event";
import { RecordWriteError } from "../record/record-write-error";
import type { UndoJournal } from "./worker-undo";
import { THREAD_STOP_GRACE_MS } from "./thread-stop-grace";
import { setLongTimeout, type LongTimeout } from "../runtime/long-timeout";

/**
 * How an undo run in a step thread records its events in the worker's main
 * journal: the main writer's segments are the ones that hold undos (a
 * lookup reads them after the step threads', so an undo comes after the step
 * it undoes), and its reserve is the one that keeps room for them on a full
 * disk. A segment has one writer, so the thread does not write it: each
 * event goes to the main thread, which writes it, and the thread waits for
 * the answer (`Atomics.wait`) before it goes on — an event is in the file
 * before the effect it announces, as when the main thread ran the undo.
 * The main thread only writes a line while the thread does the undo's work,
 * so it goes on renewing its jobs' locks.
 */

/** What a step thread asks of the main journal. */
type LinkRequest =
  | { op: "emit"; event: JournalEvent }
  | { op: "roomAssured" }
  /** The undo of `step` starts now, bounded by `timeoutMs` (see {@link UndoJournalServer}). */
  | { op: "undoing"; step: string; timeoutMs: number };

/** The main thread's answer. */
type LinkReply =
  | { ok: true; assured?: boolean }
  /** A write that failed: a `RecordWriteError` (its path and errno code), or another error's message. */
  | { ok: false; record?: { path: string; code: string }; message: string };

/** The two ends of a link: the main thread keeps one, the step thread is handed the other. */
export interface UndoJournalLinkEnds {
  /** For {@link serveUndoJournal}, on the main thread. */
  main: MessagePort;
  /** For {@link UndoJournalLink}, in the step thread (transferred to it). */
  thread: MessagePort;
  /** Raised by the main thread once its answer is posted: what the thread waits on. */
  answered: SharedArrayBuffer;
}

/** A new link between the main thread and a step thread. */
export function undoJournalLinkEnds(): UndoJournalLinkEnds {
  const { port1, port2 } = new MessageChannel();
  return { main: port1, thread: port2, answered: new SharedArrayBuffer(4) };
}

/**
 * On the main thread: writes what the thread at the other end sends to
 * `journal`, and answers. The port does not keep the worker alive.
 * @returns what ends the undo under way when its thread is gone.
 */
export function serveUndoJournal(
  port: MessagePort,
  answered: SharedArrayBuffer,
  journal: UndoJournal,
  overdue: Overdue = () => undefined,
): UndoJournalServer {
  const server = new UndoJournalServer(port, answered, journal, overdue);
  port.on("message", (request: LinkRequest) => server.serve(request));
  port.unref();
  return server;
}

/**
 * Told that the undo of `step` is still under way {@link THREAD_STOP_GRACE_MS}
 * past its `rollback_timeout` (`timeoutMs`): its thread did not give it up.
 */
export type Overdue = (step: string, timeoutMs: number) => void;

/**
 * The main thread's end of a link. It follows the undo under way (its
 * `rollback_started`, then an outcome per step) so that one whose thread
 * is gone mid-way — ended by the worker, or crashed — is recorded as
 * failed rather than left looking started: a later rollback runs it again.
 * It also keeps each undo's deadline, as its thread tells it: the thread
 * gives the undo up at its deadline, unless a loop of the undo's own holds
 * it — with no scheduler left to give it up either (killed), the undo
 * would hold the worker's undos for ever: `overdue` is told instead.
 */
export class UndoJournalServer {
  private readonly flag: Int32Array;
  /** The steps (attempt keys) of the undo under way not ended yet, in their order: the first runs. */
  private underWay: string[] = [];
  /** When the first of them started (`performance.now()`). */
  private since = 0;
  /** Armed while an undo runs, for its deadline and the grace after it. */
  private deadline: LongTimeout | undefined;

  constructor(
    private readonly port: MessagePort,
    answered: SharedArrayBuffer,
    private readonly journal: UndoJournal,
    private readonly overdue: Overdue,
  ) {
    this.flag = new Int32Array(answered);
  }

  /** Writes (or answers) one request of the thread, and wakes it. */
  serve(request: LinkRequest): void {
    this.port.postMessage(answer(request, this.journal));
    if (request.op === "emit") this.follow(request.event);
    else if (request.op === "undoing") this.watch(request.step, request.timeoutMs);
    Atomics.store(this.flag, 0, 1);
    Atomics.notify(this.flag, 0);
  }

  /**
   * Its thread is gone: serves what it sent before it went, then records
   * the undo it left under way as `rollback_failed` (given up part-way),
   * saying `why`. The steps after it were not started: they stay to undo.
   * @returns why that line could not be written, when it could not (a later
   *   rollback runs the undo again all the same).
   */
  endUnderWay(why: string): string | undefined {
    for (let left = receiveMessageOnPort(this.port); left; left = receiveMessageOnPort(this.port))
      this.serve(left.message as LinkRequest);
    const step = this.underWay[0];
    this.underWay = [];
    this.deadline?.clear();
    if (step === undefined) return undefined;
    const event: StepRolledBackEvent = {
      type: "step_rolled_back",
      time: Date.now(),
      step,
      status: "rollback_failed",
      durationMs: Math.round((performance.now() - this.since) * 1000) / 1000,
      error: why,
      givenUp: true,
    };
    const reply = answer({ op: "emit", event }, this.journal);
    return reply.ok
      ? undefined
      : `the end of the undo of ${step} is not in the journal: ${reply.message}`;
  }

  /**
   * The undo under way was given up (by its scheduler): the give-up's own
   * grace ends the thread if it holds on, with the scheduler's reason —
   * this deadline, armed a moment later by the thread, must not race it.
   */
  disarm(): void {
    this.deadline?.clear();
    this.deadline = undefined;
  }

  /** Stops serving: its thread is gone, or the worker stops. */
  close(): void {
    this.deadline?.clear();
    this.port.close();
  }

  private follow(event: JournalEvent): void {
    if (event.type === "rollback_started") this.underWay = [...event.steps];
    else if (event.type === "step_rolled_back" || event.type === "step_finished")
      this.underWay = this.underWay.filter((step) => step !== event.step);
    else return;
    this.deadline?.clear();
    this.since = performance.now();
  }

  /** Arms the deadline of the undo of `step`, starting now: see {@link Overdue}. */
  private watch(step: string, timeoutMs: number): void {
    this.deadline?.clear();
    this.deadline = setLongTimeout(
      () => this.overdue(step, timeoutMs),
      timeoutMs + THREAD_STOP_GRACE_MS,
    );
  }
}

function answer(request: LinkRequest, journal: UndoJournal): LinkReply {
  if (request.op === "roomAssured") return { ok: true, assured: journal.roomAssured() };
  if (request.op === "undoing") return { ok: true };
  try {
    journal.emit(request.event);
    return { ok: true };
  } catch (error) {
    if (error instanceof RecordWriteError)
      return { ok: false, record: { path: error.path, code: error.code }, message: error.message };
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** In a step thread: the worker's main journal, written by the main thread (see the file's comment). */
export class UndoJournalLink implements UndoJournal {
  private readonly flag: Int32Array;

  constructor(
    /** The worker's journal folder, which the undo reads itself. */
    readonly dir: string,
    private readonly port: MessagePort,
    answered: SharedArrayBuffer,
  ) {
    this.flag = new Int32Array(answered);
  }

  /** Records an event of an undo, once written. @throws RecordWriteError as the main journal threw it. */
  emit(event: JournalEvent): void {
    const reply = this.ask({ op: "emit", event });
    if (reply.ok) return;
    if (reply.record) throw new RecordWriteError(reply.record.path, { code: reply.record.code });
    throw new Error(reply.message);
  }

  roomAssured(): boolean {
    const reply = this.ask({ op: "roomAssured" });
    return reply.ok && reply.assured === true;
  }

  /** Tells the main thread that the undo of `step` starts, bounded by `timeoutMs`. */
  undoing(step: string, timeoutMs: number): void {
    this.ask({ op: "undoing", step, timeoutMs });
  }

  /** Sends a request and waits, holding this thread, for the main thread's answer. */
  private ask(request: LinkRequest): LinkReply {
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage(request);
    for (;;) {
      Atomics.wait(this.flag, 0, 0);
      const reply = receiveMessageOnPort(this.port);
      if (reply) return reply.message as LinkReply;
    }
  }
}
