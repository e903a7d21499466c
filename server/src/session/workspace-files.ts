import { readdirSync } from "node:fs";
import { join } from "node:path";

/** Folders never searched for workflows. */
const SKIPPED = new Set(["node_modules", ".git", ".momoflow", "dist", "out"]);

/**
 * Every `.momoflow` file under `root`, found without following symbolic
 * links; unreadable folders are skipped. Stops at `limit` files so a huge
 * tree cannot stall the server.
 */
export function findMomoflowFiles(root: string, limit = 10_000): string[] {
  const found: string[] = [];
  const stack = [root];
  while (stack.length > 0 && found.length < limit) {
    const dir = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name) && !entry.name.startsWith("."))
          stack.push(join(dir, entry.name));
      } else if (entry.isFile() && entry.name.endsWith(".momoflow")) {
        found.push(join(dir, entry.name));
      }
    }
  }
  return found.sort();
}
