import { readdirSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import picomatch from "picomatch";

/** Whether a pattern has glob syntax (`*`, `?`, `[…]`, `{…}`, `!(…)`), rather than naming one path. */
export function isGlob(pattern: string): boolean {
  return picomatch.scan(pattern).isGlob;
}

/**
 * The files a glob matches, as absolute paths: a relative pattern under
 * `cwd`, an absolute one (`${workflow.dir}/data/*.csv`) where it says. Only
 * the folder before the first glob character is walked (`data/**\/*.csv`
 * walks `data`); dot files match as any other (`dot`), symbolic links are
 * not followed.
 */
export function globFiles(pattern: string, cwd: string): string[] {
  const { base } = picomatch.scan(pattern);
  const matches = picomatch(pattern, { dot: true });
  // A relative pattern is matched against paths relative to cwd, an absolute one against absolute paths.
  const matched = isAbsolute(pattern)
    ? (path: string) => matches(path.split(sep).join("/"))
    : (path: string) => matches(relative(cwd, path).split(sep).join("/"));
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
      else if (matched(path)) found.push(path);
    }
  };
  walk(resolve(cwd, base));
  return found;
}
