import {
  isMainThread,
  parentPort,
  Worker,
  workerData,
  type MessagePort,
} from "node:worker_threads";
import type { Logger } from "../runtime/logger";
import type { SourceBundle } from "./source-bundle";
import type { StepJobData, StepJobResult, UndoJobData, UndoJobResult } from "./step-job";
import { paramValuesOf, type AttemptParams } from "./undo-param-values";
import {
  serveUndoJournal,
  UndoJournalLink,
  undoJournalLinkEnds,
  type UndoJournalServer,
} from "./undo-journal-link";
import { THREAD_ENDED, THREAD_STOP_GRACE_MS } from "./thread-stop-grace";
import { durationText } from "../units/quantity-text";
import { WorkerJournal } from "./worker-journal";
import { runStepHere } from "./worker-step-run";
import { importEditedModulesAnew } from "../runtime/module-file-url";
import { callFunctionsFromTimers } from "../runtime/reaping-turn";
import { undoStepHere, type UndoJournal } from "./worker-undo";
import { ThreadChildProcesses } from "./thread-child-processes";
import { watchChildProcesses } from "./child-process-watch";

/** Messages between a worker's main thread and a step thread. */
type ToThread =
  /** A step to run; its source's texts only when this thread has not been sent them yet. */
  | { type: "run"; id: number; job: StepJobData; bundle?: SourceBundle }
  /** A step to undo from the journal, with the values its attempts' undos read (see `UndoParamValues`). */
  | { type: "undo"; id: number; job: UndoJobData; params: AttemptParams }
  /** Stops what `id` runs: why, as the main thread's signal says it. */
  | { type: "abort"; id: number; reason: string };
type FromThread =
  | { type: "done"; id: number; result: StepJobResult | UndoJobResult }
  | { type: "failed"; id: number; error: string }
  | { type: "log"; level: keyof Logger; message: string }
  /** The values an attempt's undo reads (see `UndoParamValues`): kept by the main thread, for its undos. */
  | { type: "undo-params"; attempt: string; values: Record<string, string> }
  /** A child process its work started, and its end (see `ThreadChildProcesses`). */
  | { type: "child"; pid: number }
  | { type: "child-exited"; pid: number };

/** What a step thread needs to know of its worker. */
interface ThreadPlace {
  momoflowStepThread: true;
  worker: string;
  workdir: string;
  /** The worker's journal folder. */
  journalDir: string;
  /** Its slot: which of the journal's writers it is. */
  slot: number;
  /** The size past which its journal starts a new segment. */
  segmentBytes: number;
  /** Its end of the link through which its undos record their events in the main journal. */
  undoJournal: { port: MessagePort; answered: SharedArrayBuffer };
}

/** A step thread, and the sources it holds. */
interface StepThread {
  thread: Worker;
  sources: Set<string>;
  /** The main thread's end of its undo journal link. */
  link: UndoJournalServer;
  /** The child processes of its work: ended once it is gone. */
  children: ThreadChildProcesses;
  /** Why it is gone (ended by the worker, crashed), once it is: it takes no more work. */
  gone?: string;
}

/** What a step or undo whose thread is gone fails with: why it is. */
class ThreadGoneError extends Error {}

/**
 * Steps and undos run off the worker's event loop, each in a thread of its
 * own slot: one that keeps its thread busy (a CPU-bound `js()` function, a
 * rollback that is one) cannot stop the worker from renewing its jobs'
 * locks, so it is never taken for lost while it works, nor its undo handed
 * out again. A thread lives as long as the worker and keeps its compiled
 * workflows, its sources and its journal file open; an undo's events go to
 * the main journal, through the thread's link (see `undo-journal-link`).
 * One whose step or undo does not stop once told to is ended by the worker
 * (see {@link THREAD_STOP_GRACE_MS}), and a new one takes the next.
 */
export class StepThreads {
  private readonly idle: StepThread[] = [];
  private readonly all: StepThread[] = [];
  /** Threads whose earlier work left child processes running: they take no work until those end. */
  private readonly holding = new Set<StepThread>();
  private nextId = 0;
  private readonly pending = new Map<
    number,
    {
      resolve: (r: StepJobResult | UndoJobResult) => void;
      reject: (e: Error) => void;
      thread: Worker;
    }
  >();

  constructor(
    private readonly script: string,
    private readonly place: {
      worker: string;
      workdir: string;
      journalDir: string;
      segmentBytes: number;
      logger: Logger;
      /** The main journal: where the undos record their events (the main thread writes them). */
      undoJournal: UndoJournal;
      /** Keeps the values an attempt's undo reads (see `UndoParamValues`). */
      keepUndoParams: (attempt: string, values: Record<string, string>) => void;
    },
  ) {}

  /** Runs one attempt of a step in a thread; aborting `signal` stops it there. */
  run(job: StepJobData, bundle: SourceBundle, signal: AbortSignal): Promise<StepJobResult> {
    const what = `${job.stepId} of run ${job.runId} (attempt ${job.attempt})`;
    return this.send(signal, what, (id, slot) => {
      // The texts cross to a thread once: it keeps them, and its compiled workflows.
      const message: ToThread = { type: "run", id, job };
      if (!slot.sources.has(bundle.hash)) {
        message.bundle = bundle;
        slot.sources.add(bundle.hash);
      }
      return message;
    }) as Promise<StepJobResult>;
  }

  /**
   * Undoes a step in a thread (see `undoStepHere`), with the values of the
   * secret params its attempts' undos read; aborting `giveUp` gives it up.
   * An undo whose thread is gone (ended once given up, or crashed) is
   * `rollback_failed`, saying why; its journal says so too.
   */
  async undo(job: UndoJobData, params: AttemptParams, giveUp: AbortSignal): Promise<UndoJobResult> {
    const what = `the undo of ${job.stepId} of run ${job.runId}`;
    try {
      return (await this.send(giveUp, what, (id) => ({
        type: "undo",
        id,
        job,
        params,
      }))) as UndoJobResult;
    } catch (error) {
      if (!(error instanceof ThreadGoneError)) throw error;
      return { worker: this.place.worker, status: "rollback_failed", error: error.message };
    }
  }

  /**
   * Sends the message `make` builds to an idle thread (a new one when none
   * is), and waits for its end. Once `signal` aborts, the thread is told to
   * stop it, and ended when it has not within {@link THREAD_STOP_GRACE_MS}.
   * @param what the work, as the worker's log names it.
   * @throws ThreadGoneError when its thread is gone before it ended.
   */
  private send(
    signal: AbortSignal,
    what: string,
    make: (id: number, slot: StepThread) => ToThread,
  ): Promise<StepJobResult | UndoJobResult> {
    const slot = this.idle.pop() ?? this.start();
    const { thread } = slot;
    const id = this.nextId++;
    let grace: NodeJS.Timeout | undefined;
    const onAbort = (): void => {
      const reason = signal.reason instanceof Error ? signal.reason.message : String(signal.reason);
      thread.postMessage({ type: "abort", id, reason } satisfies ToThread);
      slot.link.disarm();
      grace = setTimeout(() => this.end(slot, what, reason), THREAD_STOP_GRACE_MS);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    const message = make(id, slot);
    return new Promise<StepJobResult | UndoJobResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, thread });
      thread.postMessage(message);
    }).finally(() => {
      clearTimeout(grace);
      signal.removeEventListener("abort", onAbort);
      if (slot.gone !== undefined) return;
      slot.children.workEnded();
      // Its children (a daemon) are reaped by it alone: it waits for them, kept from work that could get it ended.
      if (slot.children.holdsLeftChildren()) this.holding.add(slot);
      else this.idle.push(slot);
    });
  }

  /**
   * Ends a thread whose work did not stop within its grace: V8 stops its
   * code wherever it is, a CPU loop included. What it ran fails, saying so;
   * the next step gets a new thread.
   */
  private end(slot: StepThread, what: string, reason: string): void {
    if (slot.gone !== undefined) return;
    const why = `${reason}; ${THREAD_ENDED}`;
    this.place.logger.warn(`${what} ${why}`);
    // Gone from now on: its exit is not another loss.
    this.lost(slot.thread, why);
    // Its work's children first: ended now, they are reaped as the thread that started them ends.
    // (Stopping the thread's code first through the inspector, Runtime.terminateExecution, was tried:
    // Node 20 aborts the whole worker when that lands inside an async callback scope.)
    void slot.children.endBeforeThread().then(() => slot.thread.terminate());
  }

  async close(): Promise<void> {
    for (const slot of this.all) slot.link.close();
    await Promise.all(this.all.map((t) => t.thread.terminate()));
  }

  private start(): StepThread {
    const link = undoJournalLinkEnds();
    const data: ThreadPlace = {
      momoflowStepThread: true,
      worker: this.place.worker,
      workdir: this.place.workdir,
      journalDir: this.place.journalDir,
      segmentBytes: this.place.segmentBytes,
      // A new number for each thread, a thread that died included: one writer per file.
      slot: this.all.length,
      undoJournal: { port: link.thread, answered: link.answered },
    };
    const thread = new Worker(this.script, {
      workerData: data,
      transferList: [link.thread],
      // Node's default, said here because the worker relies on it: the files a thread opened
      // (its journal segment, a step's log) are closed when it exits, also when it is ended.
      trackUnmanagedFds: true,
    });
    const slot: StepThread = {
      thread,
      sources: new Set(),
      children: new ThreadChildProcesses(this.place.logger, () => {
        // The children its earlier work left have all ended (and been reaped): it takes work again.
        if (this.holding.delete(slot) && slot.gone === undefined) this.idle.push(slot);
      }),
      link: serveUndoJournal(link.main, link.answered, this.place.undoJournal, (step, ms) =>
        // No scheduler gave it up (killed meanwhile), and its thread did not: it ends here.
        this.end(slot, `the undo of ${step}`, `past its rollback_timeout (${durationText(ms)})`),
      ),
    };
    thread.on("message", (message: FromThread) => {
      if (message.type === "log") return this.place.logger[message.level](message.message);
      if (message.type === "undo-params")
        return this.place.keepUndoParams(message.attempt, message.values);
      if (message.type === "child") return slot.children.started(message.pid);
      if (message.type === "child-exited") return slot.children.exited(message.pid);
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.type === "done") waiting.resolve(message.result);
      else waiting.reject(new Error(message.error));
    });
    // A thread that dies fails what it ran; the next step gets a new one.
    thread.on("error", (error) => this.lost(thread, error.message));
    thread.on("exit", (code) => {
      this.lost(thread, `its step thread exited with code ${code}`);
      // Gone for good, its messages all read: what its work started is ended.
      slot.children.endLeft();
    });
    this.all.push(slot);
    return slot;
  }

  /** A thread is gone (ended, crashed): what it ran fails with `why`, an undo under way in its journal too. */
  private lost(thread: Worker, why: string): void {
    const slot = this.all.find((s) => s.thread === thread);
    if (!slot || slot.gone !== undefined) return;
    slot.gone = why;
    const unrecorded = slot.link.endUnderWay(why);
    if (unrecorded !== undefined) this.place.logger.warn(unrecorded);
    slot.link.close();
    for (const [id, waiting] of this.pending)
      if (waiting.thread === thread) {
        this.pending.delete(id);
        waiting.reject(new ThreadGoneError(why));
      }
    const at = this.idle.indexOf(slot);
    if (at >= 0) this.idle.splice(at, 1);
    this.holding.delete(slot);
  }
}

/** Inside a step thread: runs the steps and undos its worker sends, one at a time. */
function serveSteps(place: ThreadPlace): void {
  const port = parentPort!;
  const post = (message: FromThread): void => port.postMessage(message);
  // Before any step's code: the worker ends what an ended thread's work started.
  watchChildProcesses({
    started: (pid) => post({ type: "child", pid }),
    exited: (pid) => post({ type: "child-exited", pid }),
  });
  // A worker runs for months: each step and undo runs a js() module as its file is now.
  importEditedModulesAnew();
  // Ended while a function is busy, the thread still reaps the children the worker ended first.
  callFunctionsFromTimers();
  const logger: Logger = {
    debug: (message) => post({ type: "log", level: "debug", message }),
    info: (message) => post({ type: "log", level: "info", message }),
    warn: (message) => post({ type: "log", level: "warn", message }),
    error: (message) => post({ type: "log", level: "error", message }),
  };
  const controllers = new Map<number, AbortController>();
  const sources = new Map<string, SourceBundle>();
  const journal = new WorkerJournal(place.journalDir, String(place.slot), place.segmentBytes);
  const undoJournal = new UndoJournalLink(
    place.journalDir,
    place.undoJournal.port,
    place.undoJournal.answered,
  );
  const here = { worker: place.worker, workdir: place.workdir, logger };
  port.on("message", (message: ToThread) => {
    if (message.type === "abort")
      return controllers.get(message.id)?.abort(new Error(message.reason));
    const controller = new AbortController();
    controllers.set(message.id, controller);
    let ended: Promise<StepJobResult | UndoJobResult>;
    if (message.type === "undo") {
      ended = undoStepHere(
        message.job,
        here,
        undoJournal,
        controller.signal,
        paramValuesOf(message.params),
      );
    } else {
      if (message.bundle) sources.set(message.bundle.hash, message.bundle);
      ended = runStepHere(
        message.job,
        sources.get(message.job.source.hash)!,
        here,
        journal,
        controller.signal,
        (attempt, values) => post({ type: "undo-params", attempt, values }),
      );
    }
    ended
      .then(
        (result) => post({ type: "done", id: message.id, result }),
        (error: unknown) =>
          post({
            type: "failed",
            id: message.id,
            error: error instanceof Error ? error.message : String(error),
          }),
      )
      .finally(() => controllers.delete(message.id));
  });
}

// The bundle that holds this module is also each step thread's script.
if (!isMainThread && (workerData as Partial<ThreadPlace> | null)?.momoflowStepThread)
  serveSteps(workerData as ThreadPlace);
