/**
 * The workspace's files: every `.momoflow` file under a folder, and the
 * conversions between a file's path and its URI.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

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

/** The file system path of a `file:` URI (other schemes keep their URI as a pseudo-path). */
export function uriToPath(uri: string): string {
  return uri.startsWith("file:") ? fileURLToPath(uri) : uri;
}

/** The `file:` URI of a path (pseudo-paths that already are URIs stay as they are). */
export function pathToUri(path: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(path) && !/^[a-z]:[\\/]/i.test(path)
    ? path
    : pathToFileURL(path).href;
}
