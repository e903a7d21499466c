import { dirname } from "node:path";
import { statSync } from "node:fs";

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
    const blocking = code === "ENOTDIR" ? fileInPlaceOfFolder(path) : undefined;
    super(
      blocking === undefined
        ? `the run record could not be written: ${describe(code)} at ${path}`
        : `the run record could not be written: ${blocking} is a file, not a folder (the record goes in ${dirname(path)})`,
      { cause },
    );
    this.name = "RecordWriteError";
    this.code = code;
  }
}

/** A full disk or quota, a path that cannot be a folder…, in the words a user expects. */
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
    case "ENOTDIR":
      return "a file stands in place of one of its folders";
    case "EISDIR":
      return "a folder stands where the file goes";
    case "ENAMETOOLONG":
      return "the path is too long";
    case "EMFILE":
    case "ENFILE":
      return "too many open files";
    default:
      return `${code} error`;
  }
}

function errnoCode(cause: unknown): string {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === "string" ? code : "short";
}

/**
 * The file that stands where a folder of `path` should be (`.momoflow/runs`
 * made a file by hand, say): the nearest ancestor that exists and is no folder.
 */
function fileInPlaceOfFolder(path: string): string | undefined {
  for (let dir = dirname(path); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      if (!statSync(dir).isDirectory()) return dir;
    } catch {
      // Not there (or unreadable): look one up.
    }
  }
  return undefined;
}
