/**
 * A write to the run record failed or was cut short (a full disk, an I/O
 * error). Whatever was about to happen after it must not: the record is what
 * makes the effect undoable.
 */
export class RecordWriteError extends Error {
  /** The errno code (`ENOSPC`, `EIO`, …), or `short` for a write the system cut short. */
  readonly code: string;

  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    const code = errnoCode(cause);
    super(`the run record could not be written: ${describe(code)} at ${path}`, { cause });
    this.name = "RecordWriteError";
    this.code = code;
  }
}

/** A full disk or quota, in the words a user expects. */
function describe(code: string): string {
  switch (code) {
    case "ENOSPC":
    case "EDQUOT":
      return "disk full";
    case "short":
      return "the write was cut short (disk full?)";
    case "EROFS":
      return "read-only file system";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    default:
      return `${code} error`;
  }
}

function errnoCode(cause: unknown): string {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === "string" ? code : "short";
}
