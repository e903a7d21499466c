import { randomFillSync } from "node:crypto";
import {
  closeSync,
  existsSync,
  ftruncateSync,
  openSync,
  statSync,
  truncateSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { RecordWriteError } from "./record-write-error";
import { afterReserveWrite } from "./test-kill-hook";

/** What is given back per turn: a block of most file systems. */
const CHUNK = 4096;
/** The lines of one undo: its process (a shell undo) and its outcome, each of which may need a block. */
const UNDO_BYTES = 2 * CHUNK;
/**
 * The most an undo's error may take in its outcome line (its JSON text): the
 * rest of that line and the undo's process line fit in what is left of
 * {@link UNDO_BYTES}, the room {@link JournalReserve.roomForUndo} assures.
 */
export const UNDO_ERROR_BYTES = CHUNK;
/** The reserve of a run with no steps: the rollback's start, the run's end, and one undo's lines. */
const BASE_BYTES = 8 * 1024 + UNDO_BYTES;
/** Room per step: its `step_rolled_back` line, and its undo's `step_process` line. */
const PER_STEP_BYTES = 512;
/** However many steps: enough for a rollback of 100 steps, small beside any disk. */
const MAX_BYTES = 64 * 1024;

/**
 * Room a run keeps on its disk for the lines of its rollback: a spare file
 * in the run folder (`journal.reserve`, what databases call a ballast file),
 * written right after the journal's first line. When the disk is full, the
 * journal gives it back a block at a time, each just before a line of the
 * rollback that did not fit: an undo that happened is then recorded, and a later
 * `momoflow rollback` does not run it again. Only the rollback and the run's
 * end draw on it: a forward step using it would spend it on more work to undo.
 */
export class JournalReserve {
  private constructor(
    readonly path: string,
    private bytes: number,
  ) {}

  /**
   * Writes the spare file: `bytes` that take real blocks (random, so a
   * compressing file system cannot store them in less).
   * @throws RecordWriteError when the disk has no room for it (the part written is removed).
   */
  static create(path: string, bytes: number): JournalReserve {
    const size = Math.ceil(bytes / CHUNK) * CHUNK;
    let fd: number | undefined;
    try {
      fd = openSync(path, "w");
      const content = randomFillSync(Buffer.allocUnsafe(size));
      for (let offset = 0; offset < size;) {
        const n = writeSync(fd, content, offset, size - offset);
        if (n <= 0) throw new Error("short write");
        offset += n;
      }
    } catch (error) {
      removeQuietly(path);
      throw new RecordWriteError(path, error);
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
    afterReserveWrite();
    return new JournalReserve(path, size);
  }

  /** The reserve a run left (to `momoflow rollback`), or undefined when there is none. */
  static existing(path: string): JournalReserve | undefined {
    try {
      return existsSync(path) ? new JournalReserve(path, statSync(path).size) : undefined;
    } catch {
      return undefined;
    }
  }

  /** How big a run of `steps` steps makes its reserve. */
  static bytesFor(steps: number): number {
    return Math.min(MAX_BYTES, BASE_BYTES + PER_STEP_BYTES * steps);
  }

  /** Bytes still held. */
  get left(): number {
    return this.bytes;
  }

  /** Whether the lines of one more undo are sure to find room (each up to a block long). */
  get roomForUndo(): boolean {
    return this.bytes >= UNDO_BYTES;
  }

  /** Frees one block of the reserve; false when there was nothing left to free. */
  giveBack(): boolean {
    if (this.bytes === 0) return false;
    const size = Math.max(0, this.bytes - CHUNK);
    try {
      if (size === 0) unlinkSync(this.path);
      else truncateSync(this.path, size);
    } catch {
      return false;
    }
    this.bytes = size;
    return true;
  }

  /**
   * Grows the spare file back towards `bytes` (whole blocks), as far as the
   * disk has room: a long-lived writer (a worker's journal) gets back the
   * room a full disk made it give. A block that does not fit is cut off
   * again, so the file only ever holds whole blocks; what was held is kept.
   * @returns the bytes held after it.
   */
  topUp(bytes: number): number {
    const want = Math.ceil(bytes / CHUNK) * CHUNK;
    if (this.bytes >= want) return this.bytes;
    let fd: number | undefined;
    try {
      fd = openSync(this.path, "a");
      const block = randomFillSync(Buffer.allocUnsafe(CHUNK));
      while (this.bytes < want) {
        if (writeSync(fd, block, 0, CHUNK) !== CHUNK) throw new Error("short write");
        this.bytes += CHUNK;
      }
    } catch {
      // The disk is full again: cut a part-written block, keep what is whole.
      if (fd !== undefined) cutTo(fd, this.bytes);
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
    return this.bytes;
  }

  /** Removes the spare file: the run has nothing left that a rollback would record. */
  remove(): void {
    removeQuietly(this.path);
    this.bytes = 0;
  }
}

/** Cuts the file back to `size` bytes; when even that fails, the next top-up or give-back sets its size. */
function cutTo(fd: number, size: number): void {
  try {
    ftruncateSync(fd, size);
  } catch {
    // A truncate needs no new blocks: it fails only with the file system itself.
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Gone already, or the folder is: either way it holds no room.
  }
}
