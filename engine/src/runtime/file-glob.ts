import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import picomatch from "picomatch";

/** Whether a pattern has glob syntax (`*`, `?`, `[…]`, `{…}`, `!(…)`), rather than naming one path. */
export function isGlob(pattern: string): boolean {
  return picomatch.scan(pattern).isGlob;
}

/**
 * The files a glob matches under `cwd`, as absolute paths. Only the folder
 * before the first glob character is walked (`data/**\/*.csv` walks `data`);
 * dot files match as any other (`dot`), symbolic links are not followed.
 */
export function globFiles(pattern: string, cwd: string): string[] {
  const { base } = picomatch.scan(pattern);
  const matches = picomatch(pattern, { dot: true });
  const found: string[] = [];
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // a folder that is not there matches nothing
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (matches(relative(cwd, path).split(sep).join("/"))) found.push(path);
    }
  };
  walk(join(cwd, base));
  return found;
}
