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
