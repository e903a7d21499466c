import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** A file of the seeded tree: its content and its permission bits. */
interface SeedFile {
  content: string;
  mode: number;
}

/**
 * What the user has before the fault workflows run: files that steps
 * overwrite, copy onto or delete (some with modes other than the umask's, so
 * a restore that loses the mode is caught), a folder tree that is deleted
 * whole, the templates that steps copy from, and a counter file that shell
 * steps append to.
 */
const SEED: Record<string, SeedFile> = {
  "config.txt": { content: "config v1\n", mode: 0o644 },
  "script.sh": { content: "#!/bin/sh\necho old\n", mode: 0o755 },
  "secret.txt": { content: "only mine\n", mode: 0o600 },
  "notes.txt": { content: "my notes\n", mode: 0o640 },
  "data.json": { content: '{ "v": 1 }\n', mode: 0o644 },
  "counter.txt": { content: "base\n", mode: 0o644 },
  "old-logs/a.log": { content: "log a\n", mode: 0o644 },
  "old-logs/sub/b.log": { content: "log b\n", mode: 0o600 },
  "old-logs/run.sh": { content: "#!/bin/sh\n", mode: 0o750 },
  "templates/script.sh": { content: "#!/bin/sh\necho new\n", mode: 0o700 },
  "templates/report.md": { content: "# Report\n", mode: 0o644 },
};

/** Writes the seeded tree into `dir` (which must exist), modes set explicitly. */
export function writeSeedTree(dir: string): void {
  for (const [rel, file] of Object.entries(SEED)) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
    chmodSync(path, file.mode);
  }
  // Folders with modes of their own, in the folder that is deleted whole.
  chmodSync(join(dir, "old-logs"), 0o750);
  chmodSync(join(dir, "old-logs", "sub"), 0o700);
}
