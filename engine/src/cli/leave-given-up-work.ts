import { exitProcess } from "../runtime/process-exit-guard";

/**
 * The command is over, its record written, but work it gave up on (a step
 * or an undo that ignored its signal) may still hold the process open — a
 * timer, a socket — printing into the void: the process exits (with the
 * command's code, set by then) once its output had a moment to reach its
 * pipes (`afterMs`). An unref'd timer: a process nothing holds exits first.
 */
export function leaveGivenUpWorkBehind(afterMs = 1000): void {
  setTimeout(() => exitProcess(), afterMs).unref();
}
