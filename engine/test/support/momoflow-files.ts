import { readdirSync } from "node:fs";
import { join } from "node:path";

/** Every `.momoflow` file under `dir`, at any depth, sorted by path. */
export function momoflowFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return momoflowFiles(path);
      return entry.name.endsWith(".momoflow") ? [path] : [];
    })
    .sort();
}
