/**
 * A request's work in slices: long handlers (semantic tokens, folding,
 * formatting, symbols of a 20,000-step file take a second or more) give the
 * event loop back between slices, so that a `$/cancelRequest` or a newer
 * `didChange` is read while they run, and stop there.
 */
import { performance } from "node:perf_hooks";
import type { CancellationToken } from "vscode-languageserver/node";
import type { Pausable } from "@momoflow/language";

/**
 * How long a slice runs before the work yields (ms). A yield costs a turn of
 * the event loop (tens of µs); a small file's whole answer fits in one slice
 * and never yields.
 */
export const SLICE_MS = 15;

/** How many items a loop handles between two looks at the clock: reading it per item costs more than most items. */
export const ITEMS_PER_LOOK = 2048;

/** Thrown at a pause when the client cancelled the request: answered RequestCancelled. */
export class RequestCancelled extends Error {
  constructor() {
    super("cancelled");
  }
}

/**
 * Thrown at a pause when the document the request reads changed while it ran
 * (a `didChange` read during a yield): answered ContentModified, as the
 * protocol allows for a state change found while a request executes. A
 * change still unread when the answer is sent is no such case: that answer
 * goes out, for the text it was asked about.
 */
export class ContentModified extends Error {
  constructor() {
    super("the document changed while the request ran");
  }
}

/**
 * A hook for tests only: when `MOMOFLOW_TEST_HOLD_FIRST_PAUSE_IN` is set, the
 * first request that reaches a pause on a document whose URI contains it
 * (once per such URI) waits there, giving the event loop back, until it is
 * cancelled or its document changes (at most {@link HOLD_LIMIT_MS}). A test
 * then cancels or edits a request it knows to be running, every time — not
 * only when the request happens to outlast the round trip of the message.
 * Unset (always, in normal use) it does nothing: the variable is read once.
 */
const HOLD_IN = process.env.MOMOFLOW_TEST_HOLD_FIRST_PAUSE_IN || undefined;
const HOLD_LIMIT_MS = 10_000;
const held = new Set<string>();

/** What a pause compares: the version of the document the request reads, when it is open. */
export type VersionOf = () => number | undefined;

/**
 * One request's work: {@link pause} at safe points (between phases, and every
 * {@link ITEMS_PER_LOOK} items of a long loop). It yields only once the
 * current slice has run {@link SLICE_MS}, then stops the work if the request
 * was cancelled or its document changed meanwhile.
 */
export class RequestWork {
  private sliceStart = performance.now();
  private readonly version: number | undefined;
  /** Set by the test hook (see {@link HOLD_IN}): this request's first pause waits. */
  private hold: boolean;

  /** @param uri the document the request reads, when it reads one (for the test hook). */
  constructor(
    private readonly token: CancellationToken | undefined,
    private readonly versionOf: VersionOf = () => undefined,
    uri?: string,
  ) {
    this.version = versionOf();
    this.hold =
      HOLD_IN !== undefined && uri !== undefined && uri.includes(HOLD_IN) && !held.has(uri);
    if (this.hold) held.add(uri!);
  }

  /** Work that never yields: for callers outside a request (tests, the CLI). */
  static readonly none = new RequestWork(undefined);

  /**
   * A safe point. Returns at once (no promise) while the slice has time left,
   * so `await` costs only a microtask on the fast path.
   */
  pause(): Promise<void> | undefined {
    if (this.hold) return this.holdUntilStale();
    if (this === RequestWork.none || performance.now() - this.sliceStart < SLICE_MS) return;
    return this.yieldToEventLoop();
  }

  /**
   * Drives `steps` to its end, with a {@link pause} at each of its safe
   * points: work that also runs at once elsewhere (the CLI's formatter, the
   * index other features read synchronously) is written as a generator.
   */
  async finish<T>(steps: Pausable<T>): Promise<T> {
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      const paused = this.pause();
      if (paused) await paused;
    }
  }

  /** Throws if the request was cancelled or its document changed: before the answer goes out. */
  throwIfStale(): void {
    if (this.token?.isCancellationRequested) throw new RequestCancelled();
    if (this.versionOf() !== this.version) throw new ContentModified();
  }

  /**
   * Three turns of the event loop, as messages reach the connection
   * (vscode-jsonrpc): its reader hands each message read from the client on
   * through an immediate of its own, queued after ours when read in the same
   * turn (a `$/cancelRequest` is acted on there), and the connection takes
   * notifications (`didChange`) from its queue one per turn, through one
   * more. A message still queued behind others is seen at a later pause.
   */
  private async yieldToEventLoop(): Promise<void> {
    for (let turn = 0; turn < 3; turn++) await nextImmediate();
    this.sliceStart = performance.now();
    this.throwIfStale();
  }

  /** The test hook's wait (see {@link HOLD_IN}). */
  private async holdUntilStale(): Promise<void> {
    this.hold = false;
    const until = performance.now() + HOLD_LIMIT_MS;
    while (!this.stale() && performance.now() < until)
      await new Promise<void>((resolve) => setTimeout(resolve, 1));
    this.sliceStart = performance.now();
    this.throwIfStale();
  }

  private stale(): boolean {
    return this.token?.isCancellationRequested === true || this.versionOf() !== this.version;
  }
}

function nextImmediate(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}
