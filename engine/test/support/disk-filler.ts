import { statfsSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/** Bytes that an unprivileged writer can still write on the file system of `dir`. */
export function freeBytes(dir: string): number {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
}

/**
 * Writes `file` so big that only `leaveBytes` (rounded down to whole blocks)
 * stay free on its file system: a disk that fills up at a chosen write.
 */
export function fillLeaving(file: string, leaveBytes: number): void {
  const dir = dirname(file);
  const block = statfsSync(dir).bsize;
  const free = freeBytes(dir);
  const leave = Math.floor(leaveBytes / block) * block;
  if (leave > free) throw new Error(`cannot leave ${leave} bytes free: only ${free} are`);
  writeFileSync(file, Buffer.alloc(free - leave, 0x2e));
}
