/**
 * Whether this process has finished a run before, that is, whether the JIT
 * has had a run to compile the engine's loops in.
 *
 * Some of a run's once-per-run work over all its steps (checking its ids
 * for repeats, its first journal line, a large `result.json`) has two ways:
 * a hand-written loop that costs a fraction of the builtin's once the JIT
 * has compiled it, and a builtin (`Set`, `JSON.stringify`) that is fast from
 * its first call. Before it is compiled, a loop runs in the interpreter at
 * several times the builtin's cost, and is compiled on the way (valgrind, a
 * process's first run of 1,000 steps: the first line 27.4M instructions by
 * hand against 4.6M through `JSON.stringify`; the ids 6.5M against 0.5M
 * through a `Set`). A process's first run — every `momoflow run` is one —
 * takes the builtins; later runs the loops.
 */
let finishedRuns = 0;

/** True once a run has finished in this process: the hand-written loops then pay. */
export function processWarm(): boolean {
  return finishedRuns > 0;
}

/** Called by a run as it ends. */
export function noteRunFinished(): void {
  finishedRuns++;
}
