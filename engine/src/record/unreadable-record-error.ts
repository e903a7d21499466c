/**
 * A run record that cannot be used at all: its journal cannot be read, has no
 * valid `run_started` line, or is of another format version. Bad input to a
 * command (exit code 2), not a failure of the rollback.
 */
export class UnreadableRecordError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "UnreadableRecordError";
  }
}
