import { cpSync, lstatSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname, isAbsolute, join, relative } from "node:path";
import type { CommandSpec } from "../command";
import { createBackupFolder } from "./backup-folder";
import { expectRollbackData } from "./rollback-data";
import { resolveTarget } from "./target-path";

/** Rollback data of `delete_path`. */
export interface DeletePathRollbackData {
  /** Absolute path of what was deleted. */
  path: string;
  /**
   * Where it is kept until the undo; absent when nothing was there. The
   * backup is complete whenever it exists (a copy is written beside it and
   * renamed into place), so its presence tells the undo that the delete began.
   */
  backup?: string;
}

/** `delete_path(path)`: removes a file or folder; undone by restoring it from a backup kept with the run. */
export const deletePathCommand: CommandSpec = {
  description: "Remove a file or folder",
  doc: [
    "Removes the file, folder (with its contents) or symbolic link at `path` (relative",
    "to the run's working directory). Nothing there is fine.",
    "",
    "**Undo:** what was removed is kept with the run record (moved there, not copied,",
    "when on the same file system) and put back.",
    "",
    "**Output:** the absolute path.",
  ].join("\n"),
  params: [{ name: "path", type: "path", description: "What to remove." }],
  undoDescription: "restoring it from a backup kept with the run",
  run(args, invocation) {
    const target = resolveTarget(invocation, args.path as string);
    const data: DeletePathRollbackData = { path: target };
    if (!lstatSync(target, { throwIfNoEntry: false })) {
      invocation.logger.info(`delete_path: "${target}" does not exist; nothing to delete`);
      invocation.remember(data);
      return target;
    }
    if (isInside(invocation.backupDir, target)) {
      throw new Error(`delete_path: refusing to delete "${target}": it holds the run record`);
    }
    const backup = join(createBackupFolder(invocation, "delete_path"), "deleted");
    data.backup = backup;
    invocation.remember(data);
    moveOrCopy(target, backup);
    return target;
  },
  rollback(_args, rollbackData) {
    if (rollbackData === undefined || rollbackData === null) return;
    const data = expectRollbackData<DeletePathRollbackData>("delete_path", rollbackData);
    if (data.backup === undefined) return;
    // No backup: the delete never began (the run was killed first), or it was restored already.
    if (!lstatSync(data.backup, { throwIfNoEntry: false })) {
      rmSync(`${data.backup}.partial`, { recursive: true, force: true });
      return;
    }
    // Whatever is at the path now (a partial delete, or something made later) gives way.
    rmSync(data.path, { recursive: true, force: true });
    mkdirSync(dirname(data.path), { recursive: true });
    moveOrCopy(data.backup, data.path);
  },
};

/**
 * Moves `from` to `to`. Across file systems, copies beside `to`, renames the
 * copy into place, then removes `from`, so `to` is only ever complete.
 */
function moveOrCopy(from: string, to: string): void {
  try {
    renameSync(from, to);
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
  }
  const partial = `${to}.partial`;
  rmSync(partial, { recursive: true, force: true });
  cpSync(from, partial, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
  renameSync(partial, to);
  rmSync(from, { recursive: true, force: true });
}

/** `inner` is `outer` or lies within it. */
function isInside(inner: string, outer: string): boolean {
  const rel = relative(outer, inner);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}
