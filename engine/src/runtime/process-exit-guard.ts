import { isMainThread } from "node:worker_threads";

/**
 * Keeps a user's `js()` function from ending the momoflow process with
 * `process.exit`: in a run on one machine the function runs in that
 * process, and `process.exit(0)` there ended the run mid-way with exit code
 * 0 — success for a run that never finished, its rollback and record
 * undone. A call made by the user's code (its async context says which,
 * see stray-errors.ts) throws a {@link ProcessExitRefused} instead, which
 * fails the step; momoflow's own calls exit as ever. A worker's thread is
 * left alone: there an exiting thread ends the step already.
 * @param usersCallNow names the user's call running now (`js("./m.mjs", "f")`), if any.
 */
export function guardProcessExit(usersCallNow: () => string | undefined): void {
  if (guarded || !isMainThread) return;
  guarded = true;
  const exit = process.exit;
  // Given on as given: Node sets the exit code from an argument even when it is `undefined`.
  const guardedExit = function (this: NodeJS.Process, ...args: [code?: number | string | null]) {
    const what = usersCallNow();
    if (what === undefined) return exit.apply(this, args);
    throw new ProcessExitRefused(
      `${what} called process.exit(${args[0] ?? ""}), which would end the momoflow run with it ` +
        "(its rollback and its record unfinished): return, or throw an error, to end the function",
    );
  };
  process.exit = guardedExit as typeof process.exit;
}

let guarded = false;

/** A user's call of `process.exit`, refused: its message says why and what to write instead. */
export class ProcessExitRefused extends Error {}
