import { explainDiskFull } from "./disk-full";

/**
 * Work on a large file (a copy, a fingerprint) given up part-way because its
 * step was stopped: Ctrl+C, SIGTERM, or the step's timeout. What it wrote is
 * a temp file, which the caller removes: the real file is as it was.
 */
export class FileWorkStoppedError extends Error {}

/** Throws {@link FileWorkStoppedError}, saying it was `doing`, when `signal` has aborted. */
export function throwIfStopped(signal: AbortSignal, doing: string): void {
  if (signal.aborted) {
    throw new FileWorkStoppedError(`stopped while ${doing}`, { cause: signal.reason });
  }
}

/**
 * Waits for `work` — a call run off the main thread (a clone, a chunk's
 * write, a flush) — until it settles or `signal` aborts, whichever comes
 * first: a stop does not wait for a call that a stalled file system (a hung
 * NFS server, a stuck disk) holds in the kernel, out of reach of any signal.
 * Stopped first, it throws {@link FileWorkStoppedError} at once; the call
 * goes on to its end, and `abandoned` runs then, given what the call gave
 * (undefined when it failed): to close or remove what it made.
 *
 * @throws FileWorkStoppedError when `signal` aborted first; `work`'s error otherwise.
 */
export function untilStopped<T>(
  work: Promise<T>,
  signal: AbortSignal,
  doing: string,
  abandoned?: (value: T | undefined) => unknown,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const stop = (): void => {
      reject(new FileWorkStoppedError(`stopped while ${doing}`, { cause: signal.reason }));
      const after = (value?: T): void => {
        // Its own failure, or the cleanup's, is nobody's to hear now: the step has ended.
        Promise.resolve(value)
          .then(abandoned)
          .catch(() => {});
      };
      work.then(after, () => after());
    };
    if (signal.aborted) return stop();
    signal.addEventListener("abort", stop, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", stop);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", stop);
        reject(error);
      },
    );
  });
}

/**
 * `error` reworded for the user when it is a {@link FileWorkStoppedError}
 * (saying what was being done, what stopped it, and what was left as it
 * was), else `error` as it is.
 */
export function explainStopped(error: unknown, doing: string, unchanged: string): unknown {
  if (!(error instanceof FileWorkStoppedError)) return error;
  return new Error(`${doing}: ${error.message}; ${unchanged}`, { cause: error });
}

/**
 * A restore from `backup` that failed, reworded for the user: for a full disk
 * or a stop, saying that the backup is kept and the next rollback restores it.
 */
export function explainRestoreFailure(error: unknown, doing: string, backup: string): unknown {
  return explainStopped(
    explainDiskFull(
      error,
      doing,
      `the backup is kept (${backup}); roll back again when there is room`,
    ),
    doing,
    `the backup is kept (${backup}); roll back again to restore it`,
  );
}
