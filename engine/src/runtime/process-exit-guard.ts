import { isMainThread } from "node:worker_threads";

/**
 * Keeps a user's `js()` function from ending the momoflow process with
 * `process.exit`: in a run on one machine the function runs in that
 * process, and `process.exit(0)` there ended the run mid-way with exit code
 * 0 — success for a run that never finished, its rollback and record
 * undone. A call made by the user's code (its async context says which,
 * see stray-errors.ts) — while the function runs, or by work it left
 * running after it returned (a timer) — is refused: the guard hands a
 * {@link ProcessExitRefused} to the call's owner and throws it, which ends
 * the user's callback as an exit would have. momoflow's own exits go
 * through {@link exitProcess}, never refused. A worker's thread is left
 * alone: there an exiting thread ends the step already.
 * @param usersCallNow the user's call whose work calls `process.exit` now, if any.
 */
export function guardProcessExit(usersCallNow: () => ExitingCall | undefined): void {
  if (guarded || !isMainThread) return;
  guarded = true;
  // Given on as given: Node sets the exit code from an argument even when it is `undefined`.
  const guardedExit = function (this: NodeJS.Process, ...args: [code?: number | string | null]) {
    const call = usersCallNow();
    if (call === undefined) return nodeExit.apply(this, args);
    const refused = new ProcessExitRefused(exitRefusedText(call, args[0]));
    call.refuse(refused);
    throw refused;
  };
  process.exit = guardedExit as typeof process.exit;
}

/** The user's call whose code asks to exit, as the guard sees it. */
export interface ExitingCall {
  /** The call, as its messages name it: `js("./m.mjs", "f")`. */
  readonly what: string;
  /** Whether it had returned: the exit comes from work it left running. */
  readonly returned: boolean;
  /** Given the refusal before it is thrown: the user's code may catch what is thrown. */
  refuse(refused: ProcessExitRefused): void;
}

/**
 * Ends the process with `code`, as `process.exit` does, whatever a user's
 * code is running: momoflow's own exits (a closed output, a third Ctrl+C,
 * the end of a command that left given-up work behind) may run in the async
 * context of a user's call — begun by it, or by work it left — which the
 * guard would refuse.
 */
export function exitProcess(code?: number): never {
  // No argument keeps the exit code set before (`process.exitCode`).
  return code === undefined ? nodeExit.call(process) : nodeExit.call(process, code);
}

const nodeExit: typeof process.exit = process.exit;
let guarded = false;

/** A user's call of `process.exit`, refused: its message says why, and what to write instead. */
export class ProcessExitRefused extends Error {}

function exitRefusedText(call: ExitingCall, code: number | string | null | undefined): string {
  const exit = `process.exit(${code ?? ""})`;
  if (call.returned) {
    return (
      `${call.what} had returned when work it left called ${exit}: ignored, the run goes on ` +
      "(an exit would have ended it with its rollback and its record unfinished); " +
      "return only once the function's work is done"
    );
  }
  return (
    `${call.what} called ${exit}, which would end the momoflow run with it ` +
    "(its rollback and its record unfinished): return, or throw an error, to end the function"
  );
}
