/** The error means the disk (or the user's quota) is full. */
export function isDiskFull(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOSPC" || code === "EDQUOT";
}

/**
 * `error` reworded for the user when the disk is full (saying what was being
 * written and what was left as it was), else `error` as it is.
 */
export function explainDiskFull(error: unknown, doing: string, unchanged: string): unknown {
  if (!isDiskFull(error)) return error;
  const code = (error as NodeJS.ErrnoException).code ?? "ENOSPC";
  return new Error(`${doing}: disk full (${code}); ${unchanged}`, { cause: error });
}
