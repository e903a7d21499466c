import { existsSync } from "node:fs";
import { dirname } from "node:path";

/**
 * The topmost folder that `mkdir -p dir` would create: `dir` itself or its
 * highest missing ancestor. Undefined when `dir` exists.
 */
export function topmostMissingDirectory(dir: string): string | undefined {
  let missing: string | undefined;
  let current = dir;
  while (!existsSync(current)) {
    missing = current;
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return missing;
}
