import { readdirSync } from "node:fs";
import { dirname } from "node:path";

/**
 * Thrown by `pruneWorkerJournal` for a worker with no journal in the working
 * directory (a name or folder mistyped): pruning it would make an empty one
 * and report nothing removed, as if that worker's journal had been pruned.
 */
export class NoWorkerJournalError extends Error {
  constructor(name: string, dir: string) {
    const others = workersWithJournal(dirname(dir));
    super(
      `worker ${name} has no journal in ${dir}: nothing to prune (${
        others.length
          ? `the workers with a journal there: ${others.join(", ")}`
          : "no worker has a journal there"
      })`,
    );
    this.name = "NoWorkerJournalError";
  }
}

/** The names of the workers whose journal folders are in `workersDir`, sorted. */
function workersWithJournal(workersDir: string): string[] {
  try {
    return readdirSync(workersDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}
