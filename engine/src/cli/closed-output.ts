import { exitProcess } from "../runtime/process-exit-guard";

/**
 * What happens when the reader of the CLI's output goes away
 * (`momoflow check … | head`): Node ignores SIGPIPE, so every later write
 * fails with EPIPE, which would end the process with a stack trace.
 */

/** 128 + SIGPIPE: the status a shell reports for a command whose reader went away. */
export const CLOSED_OUTPUT_EXIT_CODE = 141;

let installed = false;
/** exit: a closed output ends the process; drop: the command goes on; ignore: every write error is dropped (the terminal is gone). */
let policy: "exit" | "drop" | "ignore" = "exit";

/**
 * From now on a closed stdout or stderr ends the process at once, quietly,
 * with {@link CLOSED_OUTPUT_EXIT_CODE} — as `grep` or `git log` end when
 * SIGPIPE kills them. Call before any output; calling again does nothing.
 */
export function endQuietlyWhenOutputCloses(): void {
  if (installed) return;
  installed = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (policy === "ignore") return;
      if (!isClosedOutput(error)) throw error;
      if (policy === "exit") exitProcess(CLOSED_OUTPUT_EXIT_CODE);
      // "drop": the output is lost; the command goes on.
    });
  }
}

/**
 * A closed output no longer ends the process: what is written is dropped and
 * the command goes on. `momoflow run` needs this: ending in the middle of a
 * run would leave its completed steps in place, neither finished nor undone.
 */
export function keepGoingWhenOutputCloses(): void {
  if (policy === "exit") policy = "drop";
}

/** Every write error is dropped from now on: the terminal was closed (SIGHUP), later writes fail with EIO. */
export function ignoreOutputErrors(): void {
  policy = "ignore";
  endQuietlyWhenOutputCloses();
}

function isClosedOutput(error: NodeJS.ErrnoException): boolean {
  // After the first EPIPE the stream is destroyed: later writes fail with ERR_STREAM_DESTROYED.
  return error.code === "EPIPE" || error.code === "ERR_STREAM_DESTROYED";
}
