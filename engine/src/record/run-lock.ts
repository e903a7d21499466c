// Placeholder until the lock module lands (see the wt-lock branch).
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";

/** Takes the rollback lock of a run; resolves with its release. */
export async function acquireRunLock(
  lockPath: string,
  options: { runId?: string; onWait?: (owner: { pid: number }) => void } = {},
): Promise<() => void> {
  for (;;) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => unlinkSync(lockPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(readFileSync(lockPath, "utf8").trim());
      if (owner > 0) {
        try {
          process.kill(owner, 0);
          options.onWait?.({ pid: owner });
          await new Promise((r) => setTimeout(r, 50));
          continue;
        } catch {
          // dead
        }
      }
      unlinkSync(lockPath);
    }
  }
}
