import { cpSync, renameSync, rmSync } from "node:fs";

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
 * full) is removed and the source is left as it was.
 */
export function moveTree(from: string, to: string, crossDevice: CrossDeviceMove): void {
  try {
    renameSync(from, to);
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
  }
  const { staging } = crossDevice;
  rmSync(staging, { recursive: true, force: true });
  try {
    cpSync(from, staging, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  crossDevice.onCopied?.();
  renameSync(staging, to);
  crossDevice.removeSource(from);
}
