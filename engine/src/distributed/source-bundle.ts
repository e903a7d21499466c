import { createHash } from "node:crypto";
import { resolve } from "node:path";
import type { CheckResult } from "../language/scope";
import { LanguageWorkspace, fileSystemHost, type WorkspaceHost } from "../language/workspace";

/**
 * A workflow's source as a job carries it: the file and every file it
 * imports (transitively), by their absolute paths on the scheduler's machine,
 * and a hash of them all. A worker compiles from these texts, never from its
 * own disk, so both compile the same workflow.
 */
export interface SourceBundle {
  entry: string;
  files: Record<string, string>;
  hash: string;
}

/** Reads `file` and its imports as the checker reads them; with that check (its syntax trees). */
export function checkedSources(file: string): { bundle: SourceBundle; check: CheckResult } {
  const files: Record<string, string> = {};
  const recording: WorkspaceHost = {
    readFile(path) {
      const text = fileSystemHost.readFile(path);
      if (text !== undefined) files[path] = text;
      return text;
    },
  };
  const entry = resolve(file);
  const check = new LanguageWorkspace(recording).check(entry);
  return { bundle: { entry, files, hash: bundleHash(entry, files) }, check };
}

/** The hash of a bundle's texts and names: what a worker checks before it runs a step. */
export function bundleHash(entry: string, files: Readonly<Record<string, string>>): string {
  const hash = createHash("sha256").update(entry).update("\0");
  for (const path of Object.keys(files).sort())
    hash.update(path).update("\0").update(files[path]!).update("\0");
  return hash.digest("hex");
}

/** A host that serves the bundle's texts and nothing else. */
export function bundleHost(bundle: SourceBundle): WorkspaceHost {
  return { readFile: (path) => bundle.files[path] };
}
