import { execFileSync } from "node:child_process";
import { mkdtempSync, rmdirSync, statfsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** A small tmpfs mounted for a test: a disk that can be filled up in a moment. */
export interface Tmpfs {
  dir: string;
  /** Unmounts it and removes its mount point; safe to call twice. */
  unmount(): void;
}

/**
 * Mounts a tmpfs of `sizeBytes` on a fresh folder, or says why it cannot be
 * (not root, no permission to mount in this container, no Linux).
 */
export function mountTmpfs(sizeBytes: number): Tmpfs | { reason: string } {
  if (process.platform !== "linux") return { reason: "tmpfs needs Linux" };
  if (process.getuid?.() !== 0) return { reason: "mounting a tmpfs needs root" };
  const dir = mkdtempSync(join(tmpdir(), "momoflow-tmpfs-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${sizeBytes}`, "tmpfs", dir], {
      stdio: "pipe",
    });
  } catch (error) {
    rmdirSync(dir);
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return { reason: `mount -t tmpfs failed: ${stderr || (error as Error).message}` };
  }
  let mounted = true;
  return {
    dir,
    unmount() {
      if (!mounted) return;
      try {
        execFileSync("umount", [dir], { stdio: "pipe" });
      } catch {
        // Still busy (a process holds a file): detach it now, it goes when released.
        execFileSync("umount", ["-l", dir], { stdio: "pipe" });
      }
      mounted = false;
      rmdirSync(dir);
    },
  };
}

/** Bytes that an unprivileged writer can still write on the file system of `dir`. */
export function freeBytes(dir: string): number {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
}

/**
 * Writes `file` (on the file system of the tmpfs) so big that only
 * `leaveBytes` (rounded down to whole blocks) stay free.
 */
export function fillLeaving(file: string, leaveBytes: number): void {
  const block = statfsSync(dirname(file)).bsize;
  const free = freeBytes(dirname(file));
  const leave = Math.floor(leaveBytes / block) * block;
  if (leave > free) throw new Error(`cannot leave ${leave} bytes free: only ${free} are`);
  writeFileSync(file, Buffer.alloc(free - leave, 0x2e));
}
