import { renameSync, rmSync } from "node:fs";
import { copyTreeStoppably } from "./stoppable-tree-copy";

/** How {@link moveTree} goes about a move across file systems. */
export interface CrossDeviceMove {
  /** Where the copy is written before it is renamed to the destination (same folder as it). */
  staging: string;
  /** Called once the copy is complete, before it is put in place. */
  onCopied?(): void;
  /** Removes the source once the copy is in place. */
  removeSource(from: string): void;
}

/**
 * Moves a file, folder or link `from` to `to` with a rename. Across file
 * systems (EXDEV), copies to a staging path, renames the copy into place, then
 * removes the source, so `to` is only ever complete. A failed copy (disk
 * full), or one stopped part-way by `signal` (Ctrl+C, SIGTERM, the step's
 * timeout: honoured between two chunks, see {@link copyTreeStoppably}), is
 * removed and the source is left as it was.
 *
 * @throws FileWorkStoppedError when `signal` aborted before the copy was complete.
 */
export async function moveTree(
  from: string,
  to: string,
  crossDevice: CrossDeviceMove,
  signal: AbortSignal,
): Promise<void> {
  try {
    renameSync(from, to);
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
  }
  const { staging } = crossDevice;
  rmSync(staging, { recursive: true, force: true });
  try {
    await copyTreeStoppably(from, staging, signal);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  crossDevice.onCopied?.();
  renameSync(staging, to);
  crossDevice.removeSource(from);
}
