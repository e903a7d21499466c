import {
  closeSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readFileSync,
  rmSync,
  writeSync,
} from "node:fs";

/** The name of the backup beside a file written in place: `main.momoflow.fmt-backup`. */
export const IN_PLACE_BACKUP_SUFFIX = ".fmt-backup";

/**
 * Thrown when a backup of an earlier in-place write is still beside the file:
 * that write was stopped (killed, power lost), and the backup may hold the
 * only whole copy of the file's text. Nothing is written until the user has
 * looked at it.
 */
export class StaleBackupError extends Error {
  constructor(readonly backup: string) {
    super(`${backup} is there`);
    this.name = "StaleBackupError";
  }
}

/**
 * Writes `text` into `file` itself, not through a new file and a rename: for
 * a file with more than one name (hard links), which a rename would split in
 * two, leaving the other names with the old text. The file keeps its inode,
 * so its links, mode and owner too.
 *
 * A write in place is not atomic, so it is made safe as careful editors make
 * it (vim's `backupcopy=yes`): the old bytes are first copied to
 * `<file>.fmt-backup` and flushed; the new text is then written over the
 * file, which is cut to its length and flushed; only then is the backup
 * removed. A write that fails (disk full, a size limit) puts the old bytes
 * back where they were — they fit in the room they had, the file not yet
 * cut — and removes the backup; a process stopped part-way leaves the backup,
 * which the next write finds ({@link StaleBackupError}).
 *
 * @throws StaleBackupError when the backup of an earlier write is there.
 * @throws the write's own error (the file as it was) otherwise; when even
 * putting the old bytes back failed, the backup is kept and the error's
 * `keptBackup` names it.
 */
export function writeInPlace(file: string, text: string): void {
  const backup = file + IN_PLACE_BACKUP_SUFFIX;
  const old = readFileSync(file);
  writeBackup(backup, old);
  const fd = openSync(file, "r+");
  try {
    try {
      const bytes = Buffer.from(text, "utf8");
      writeWhole(fd, bytes);
      ftruncateSync(fd, bytes.length);
      fsyncSync(fd);
    } catch (error) {
      if (!restore(fd, old)) throw Object.assign(error as Error, { keptBackup: backup });
      rmSync(backup, { force: true });
      throw error;
    }
  } finally {
    closeSync(fd);
  }
  rmSync(backup, { force: true });
}

/** The old bytes, flushed, in a file no one else may read (the text may hold what its mode kept from others). */
function writeBackup(backup: string, old: Buffer): void {
  let fd: number;
  try {
    fd = openSync(backup, "wx", 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") throw new StaleBackupError(backup);
    throw error;
  }
  try {
    writeWhole(fd, old);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(backup, { force: true });
    throw error;
  }
  closeSync(fd);
}

/**
 * After a failed write: the old bytes back over the new ones, the file cut
 * to their length. False when that failed too: the backup is then the only
 * whole copy.
 */
function restore(fd: number, old: Buffer): boolean {
  try {
    writeWhole(fd, old);
    ftruncateSync(fd, old.length);
    fsyncSync(fd);
    return true;
  } catch {
    return false;
  }
}

/** `bytes` at the start of the file, all of them: a write may take fewer than given. */
function writeWhole(fd: number, bytes: Buffer): void {
  let written = 0;
  while (written < bytes.length) {
    written += writeSync(fd, bytes, written, bytes.length - written, written);
  }
}
