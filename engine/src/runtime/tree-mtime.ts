import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * The newest modification time of a path: of a file, its own; of a folder,
 * the newest of the folder and of everything under it — a folder's own time
 * changes only when an entry is added or removed, not when a file in it is
 * rewritten, so an input folder whose file changed would still look old.
 * Links are followed for files; folders are entered by their real entries
 * only (a linked folder counts by its link's target time, not walked), so a
 * link cycle cannot loop. Throws when the path is not there.
 */
export function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    try {
      newest = Math.max(newest, entry.isDirectory() ? newestMtime(child) : statSync(child).mtimeMs);
    } catch {
      // An entry gone since the listing, or a dangling link: nothing newer there.
    }
  }
  return newest;
}
