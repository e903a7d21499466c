import type { Worker } from "node:worker_threads";

/** The part of `node:inspector`'s `Session` used here. */
interface InspectorSession {
  connect(): void;
  disconnect(): void;
  post(method: string, params: object, callback?: (error: Error | null) => void): void;
  on(event: string, listener: (message: { params: InspectorEvent }) => void): void;
}

interface InspectorEvent {
  sessionId: string;
  workerInfo?: { workerId: string };
  message?: string;
}

/** How long a thread's answer to the stop of its code is waited for. */
const ANSWER_WAIT_MS = 1000;

/**
 * Stops the JavaScript a step thread is busy in without ending the thread:
 * the inspector's `Runtime.terminateExecution`, sent to the thread through
 * the worker's own in-process inspector session (no port is opened). Once
 * its code is stopped, the thread's event loop runs again, and waits for
 * (reaps) the child processes the worker ended; only then is the thread
 * ended (`Worker#terminate`). A thread ended while its code is busy in a
 * callback of the loop's poll phase (after an `await` of I/O, a message)
 * never runs its loop again, and its ended children would stay zombies of
 * the worker until the worker exits: only the thread that started a child
 * waits for it.
 *
 * Made in the worker's main thread before any step thread is started (the
 * inspector tells of each thread as it starts); where Node has no inspector
 * it stops nothing, and the thread is ended as it is.
 */
export class ThreadScriptStop {
  private readonly session: InspectorSession | undefined;
  /** The inspector's session id of each step thread, by its `threadId`. */
  private readonly sessions = new Map<number, string>();
  /** Who waits for the answer of each message sent to a thread, by its id. */
  private readonly answers = new Map<number, (stopped: boolean) => void>();
  private nextId = 1;

  constructor() {
    this.session = connectedSession();
    const session = this.session;
    if (!session) return;
    session.on("NodeWorker.attachedToWorker", ({ params }) => {
      if (params.workerInfo)
        this.sessions.set(Number(params.workerInfo.workerId), params.sessionId);
    });
    session.on("NodeWorker.detachedFromWorker", ({ params }) => {
      for (const [thread, id] of this.sessions)
        if (id === params.sessionId) this.sessions.delete(thread);
    });
    session.on("NodeWorker.receivedMessageFromWorker", ({ params }) => {
      const answer = JSON.parse(params.message ?? "{}") as { id?: number };
      if (answer.id === undefined) return;
      this.answers.get(answer.id)?.(true);
    });
    session.post("NodeWorker.enable", { waitForDebuggerOnStart: false });
  }

  /**
   * Stops the code `thread` runs, and resolves once it has (true), or
   * false: no inspector, or no answer within a second (a thread blocked in
   * a call that never returns to JavaScript).
   */
  stop(thread: Worker): Promise<boolean> {
    const sessionId = this.sessions.get(thread.threadId);
    if (!this.session || sessionId === undefined) return Promise.resolve(false);
    const id = this.nextId++;
    const message = JSON.stringify({ id, method: "Runtime.terminateExecution" });
    return new Promise<boolean>((resolve) => {
      const settle = (stopped: boolean): void => {
        clearTimeout(timer);
        this.answers.delete(id);
        resolve(stopped);
      };
      const timer = setTimeout(() => settle(false), ANSWER_WAIT_MS);
      this.answers.set(id, settle);
      this.session!.post("NodeWorker.sendMessageToWorker", { sessionId, message }, (error) => {
        if (error) settle(false);
      });
    });
  }

  /** Leaves the inspector: the worker is stopping. */
  close(): void {
    this.session?.disconnect();
  }
}

/** A session of this thread's inspector, connected; undefined where Node has none. */
function connectedSession(): InspectorSession | undefined {
  try {
    // Loaded here only: a build of Node without an inspector throws at the import.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Session } = require("node:inspector") as {
      Session: new () => InspectorSession;
    };
    const session = new Session();
    session.connect();
    return session;
  } catch {
    return undefined;
  }
}
