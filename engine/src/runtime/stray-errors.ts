import { AsyncLocalStorage } from "node:async_hooks";
import { errorMessage } from "./step";
import { guardProcessExit, ProcessExitRefused } from "./process-exit-guard";

/**
 * Errors a user's code throws outside its call. A `js()` function runs in the
 * momoflow process: a promise it never awaits that rejects, or a timer's
 * callback that throws, reaches Node as an unhandled rejection or an uncaught
 * exception, which would end the whole run mid-way (no rollback, no summary,
 * a record left as killed). Node's async context follows the work the
 * function started, so each such error is given to the call that started it:
 * while the call runs it fails the call, after it returned it is reported.
 * Any other error ends the process as Node would. The call's
 * `process.exit` is refused in the same way: it fails the call while it
 * runs, and is reported, the run going on, after it returned
 * (process-exit-guard.ts).
 */

/** The call an error belongs to. */
interface StrayErrorOwner {
  /** The call, as its errors name it: `js("./m.mjs", "f")`. */
  readonly what: string;
  /** Whether the call still runs (it has not returned). */
  running(): boolean;
  /** Called with an error its code threw outside the call. */
  report(error: unknown): void;
}

const owners = new AsyncLocalStorage<StrayErrorOwner>();

/**
 * Errors the process may see a second time, already given to their caller (see
 * {@link ignoreSecondRejection}), or to their owner (a refused `process.exit`).
 */
const seenAlready = new WeakSet<object>();

/** An error a user's code threw outside its call, while the call ran. */
export class StrayError extends Error {}

/**
 * Calls `call` (a user's function) so that an error its code throws outside
 * the call — in work it started and did not await — fails the call while it
 * runs, with a {@link StrayError} that says so, and is given to `afterReturn`
 * once it has returned (the work it left may still throw).
 * @param what names the call in the error: `js("./m.mjs", "f")`.
 */
export async function callOwningStrayErrors(
  what: string,
  call: () => unknown,
  afterReturn: (error: unknown) => void,
): Promise<unknown> {
  listen();
  let fail: (error: unknown) => void = () => undefined;
  const stray = new Promise<never>((_resolve, reject) => (fail = reject));
  let running = true;
  const owner: StrayErrorOwner = {
    what,
    running: () => running,
    report(error) {
      if (running) fail(new StrayError(strayErrorText(what, error), { cause: error }));
      else afterReturn(error);
    },
  };
  try {
    return await Promise.race([owners.run(owner, call), stray]);
  } finally {
    running = false;
  }
}

/**
 * `js("./m.mjs", "f"): its code threw outside its call (…): boom (at file:///…/m.mjs:5:3)`;
 * once the call `returned`: `js("./m.mjs", "f") had returned when work it left threw (…): …`.
 */
export function strayErrorText(what: string, error: unknown, returned = false): string {
  if (error instanceof ProcessExitRefused) return error.message;
  const where = error instanceof Error ? firstFrame(error.stack) : undefined;
  const how = "a promise nothing awaited or caught, a timer's or an event's callback";
  const head = returned
    ? `${what} had returned when work it left threw (${how})`
    : `${what}: its code threw outside its call (in work it did not await: ${how})`;
  return `${head}: ${errorMessage(error)}${where === undefined ? "" : ` (${where})`}`;
}

/**
 * Notes an error already given to its caller that Node may reject a second
 * time unhandled (Node 20's ES module importing CommonJS that does not parse
 * rejects an internal promise no code can reach with the same error): that
 * rejection is ignored rather than ending the process.
 */
export function ignoreSecondRejection(error: unknown): void {
  if (typeof error !== "object" || error === null) return;
  seenAlready.add(error);
  listen();
}

let listening = false;

function listen(): void {
  if (listening) return;
  listening = true;
  process.on("unhandledRejection", onUnhandledRejection);
  process.on("uncaughtException", onUncaughtException);
  // While the call runs and after: momoflow's own exits, which work begun in a call may
  // make (a write to a closed terminal), go through exitProcess, which the guard lets be.
  guardProcessExit(() => {
    const owner = owners.getStore();
    if (owner === undefined) return undefined;
    return {
      what: owner.what,
      returned: !owner.running(),
      refuse(refused) {
        // Reported here once: what is thrown may reach Node unhandled, or the user's catch.
        seenAlready.add(refused);
        owner.report(refused);
      },
    };
  });
}

function onUnhandledRejection(reason: unknown): void {
  if (typeof reason === "object" && reason !== null && seenAlready.has(reason)) return;
  const owner = owners.getStore();
  if (owner) return owner.report(reason);
  // The process's own listeners (a program using the library) handle the rest; else Node's way.
  if (process.listenerCount("unhandledRejection") > 1) return;
  throw reason;
}

function onUncaughtException(error: unknown): void {
  if (typeof error === "object" && error !== null && seenAlready.has(error)) return;
  const owner = owners.getStore();
  if (owner) return owner.report(error);
  if (process.listenerCount("uncaughtException") > 1) return;
  // Not a user's call's: end the process as Node does without a listener (its stack trace, exit 1).
  process.off("uncaughtException", onUncaughtException);
  process.off("unhandledRejection", onUnhandledRejection);
  process.nextTick(() => {
    throw error;
  });
}

/** The first line of `stack` that says where (`at file:///…/m.mjs:5:3`), without its function name. */
export function firstFrame(stack: string | undefined): string | undefined {
  const line = stack?.split("\n").find((l) => /^\s+at /.test(l));
  if (line === undefined) return undefined;
  const place = /\(([^()]+)\)\s*$/.exec(line)?.[1] ?? line.trim().replace(/^at /, "");
  return `at ${place}`;
}
