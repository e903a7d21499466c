import { accessSync, constants, realpathSync, statSync, type Stats } from "node:fs";
import { dirname, resolve, sep } from "node:path";
import { isMomoflowFile } from "./momoflow-files";
import { UsageError } from "./usage-error";
import { makeFolders } from "../runtime/make-folders";

/**
 * What a command does with its working directory:
 * - `run`: runs a workflow there and writes its run record (creates a missing folder);
 * - `bench`: writes benchmark reports there (creates a missing folder);
 * - `rollback`: reads runs recorded there and appends to them (a missing folder
 *   has no runs: it is an error, and nothing is created).
 */
export type WorkingDirectoryPurpose = "run" | "bench" | "rollback" | "worker" | "prune";

/**
 * Pseudo file systems of the kernel: files there are not files, run records
 * cannot live there (and `mkdir -p` under `/proc/self/fd` never ends in Node).
 * `/dev/shm` is a real tmpfs, so it is allowed.
 */
const PSEUDO_ROOTS = ["/proc", "/sys", "/dev"];
const REAL_UNDER_PSEUDO = ["/dev/shm"];

/** The working directory used when `--workdir` is not given, and how errors name it. */
export interface DefaultWorkingDirectory {
  readonly path: string;
  readonly label: string;
}

/** The current directory: the default of commands that have no workflow file (`bench`). */
export function currentDirectory(): DefaultWorkingDirectory {
  return { path: process.cwd(), label: "the current directory" };
}

/**
 * The default working directory of a workflow file: the folder of a
 * `.momoflow` file, so that its relative paths, shell actions and run records
 * do not depend on where it is run from (as `just` does). A JavaScript
 * workflow module keeps the current directory: it is often built output
 * (`dist/`), whose folder is not where its work belongs.
 */
export function workflowWorkingDirectory(file: string): DefaultWorkingDirectory {
  if (!isMomoflowFile(file)) return currentDirectory();
  return { path: dirname(resolve(file)), label: `the folder of ${file}` };
}

/**
 * The absolute path of the working directory a command was given with
 * `--workdir` (or, when `given` is undefined, `fallback`), once it
 * is known to be usable: a folder (created for `run` and `bench` when missing)
 * that is not in a pseudo file system (/proc, /sys, /dev, judged on the real
 * path of its nearest existing folder) and that can be written.
 *
 * @throws UsageError (exit 2) naming the folder and the reason otherwise.
 */
export function usableWorkingDirectory(
  given: string | undefined,
  purpose: WorkingDirectoryPurpose,
  fallback: DefaultWorkingDirectory = currentDirectory(),
): string {
  // resolve("") is the current folder: an empty value (`--workdir=`, an unset variable) is a mistake, not that.
  if (given !== undefined && given.trim() === "")
    throw new UsageError("--workdir: expected a folder, got an empty value");
  const path = resolve(given ?? fallback.path);
  // The folder is named in each reason: the option's own text only when it differs (a relative path).
  const label =
    given === undefined ? fallback.label : given === path ? "--workdir" : `--workdir ${given}`;
  const fail = (reason: string): never => {
    throw new UsageError(`${label}: ${reason}`);
  };
  const existing = nearestExisting(path, fail);
  const pseudo = pseudoRoot(realpathOf(existing.path, fail));
  if (pseudo) {
    fail(`${path} lies in ${pseudo}, a pseudo file system where run records cannot live`);
  }
  if (!existing.stats.isDirectory()) {
    fail(
      existing.path === path
        ? `${path} is a file, not a folder`
        : `${existing.path} is a file, so the folder ${path} cannot be created`,
    );
  }
  if (existing.path !== path) {
    if (purpose === "rollback") fail(`there is no folder ${path} (so no runs to roll back)`);
    if (purpose === "prune") fail(`there is no folder ${path} (so no worker journal to prune)`);
    const denied = writeDenied(existing.path);
    if (denied) fail(`the folder ${path} cannot be created: ${existing.path} is ${denied}`);
    create(path, fail);
  }
  const denied = writeDenied(path);
  if (denied) fail(`the folder ${path} is ${denied}`);
  return path;
}

/** The path itself when it exists, else its nearest existing ancestor. */
function nearestExisting(
  path: string,
  fail: (reason: string) => never,
): { path: string; stats: Stats } {
  for (let at = path; ; at = dirname(at)) {
    try {
      return { path: at, stats: statSync(at) };
    } catch (error) {
      const code = errorCode(error);
      // ENOTDIR: a part of the path is a file; going up finds it.
      if ((code !== "ENOENT" && code !== "ENOTDIR") || dirname(at) === at) {
        fail(`${at} cannot be reached (${describe(error)})`);
      }
    }
  }
}

function realpathOf(path: string, fail: (reason: string) => never): string {
  try {
    return realpathSync(path);
  } catch (error) {
    return fail(`${path} cannot be reached (${describe(error)})`);
  }
}

/** The pseudo file system `realPath` lies in, if any. */
function pseudoRoot(realPath: string): string | undefined {
  const within = (root: string): boolean => realPath === root || realPath.startsWith(root + sep);
  if (REAL_UNDER_PSEUDO.some(within)) return undefined;
  return PSEUDO_ROOTS.find(within);
}

/** Why `folder` cannot be written to (e.g. "read-only (read-only file system)"), or undefined. */
function writeDenied(folder: string): string | undefined {
  try {
    // A folder is written through: creating an entry needs write and search permission.
    accessSync(folder, constants.W_OK | constants.X_OK);
    return undefined;
  } catch (error) {
    return `not writable (${describe(error)})`;
  }
}

function create(path: string, fail: (reason: string) => never): void {
  try {
    makeFolders(path);
  } catch (error) {
    fail(`the folder ${path} cannot be created (${describe(error)})`);
  }
}

const REASONS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOSPC: "disk full",
  EDQUOT: "disk quota exceeded",
  ENOTDIR: "a part of the path is a file",
  ELOOP: "too many symbolic links",
  ENAMETOOLONG: "name too long",
  EIO: "input/output error",
};

function describe(error: unknown): string {
  const code = errorCode(error);
  if (code && REASONS[code]) return REASONS[code];
  return code ?? (error instanceof Error ? error.message : String(error));
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}
