import { lstatSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative } from "node:path";
import type { CommandInvocation, CommandSpec } from "../command";
import { createBackupFolder } from "./backup-folder";
import { explainDiskFull } from "./disk-full";
import { explainRestoreFailure, explainStopped } from "./file-work-stop";
import { expectRollbackData } from "./rollback-data";
import { resolveTarget } from "./target-path";
import { isPartOfTree } from "./tree-containment";
import { moveTree } from "./tree-move";
import { makeFolders } from "../../runtime/make-folders";

/** Rollback data of `delete_path`, remembered before anything is removed. */
export interface DeletePathRollbackData {
  /** Absolute path of what was deleted. */
  path: string;
  /**
   * Where it is kept until the undo; absent when nothing was there. The
   * backup is complete whenever it exists (a copy is written beside it and
   * renamed into place), so its presence tells the undo that the delete began.
   */
  backup?: string;
  /**
   * Set (in a second record, only across file systems) once the copy is
   * complete and before the original is removed: what is at `path` then may
   * be the original, partly removed, which the undo replaces when every entry
   * of it is also in the backup. Without it, anything at `path` was made
   * after the delete, and the undo leaves it unless forced.
   */
  removingSource?: boolean;
}

/** `delete_path(path)`: removes a file or folder; undone by restoring it from a backup kept with the run. */
export const deletePathCommand: CommandSpec = {
  description: "Remove a file or folder",
  doc: [
    "Removes the file, folder (with its contents) or symbolic link at `path` (relative",
    "to the run's working directory). Nothing there is fine. Across file systems it is",
    "copied to the run record first: a full disk fails the step before anything is removed,",
    "and Ctrl+C or the step's `timeout` stops a large copy within a moment, nothing removed.",
    "",
    "**Undo:** what was removed is kept with the run record (moved there, not copied,",
    "when on the same file system) and put back. Something made at the path since is",
    "left, and the undo fails naming it (`momoflow rollback --force` replaces it).",
    "",
    "**Output:** the absolute path.",
  ].join("\n"),
  params: [{ name: "path", type: "path", description: "What to remove." }],
  undoDescription: "restoring it from a backup kept with the run",
  async run(args, invocation) {
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
    data.backup = join(createBackupFolder(invocation, "delete_path"), "deleted");
    invocation.remember(data);
    await moveToBackup(data, data.backup, invocation);
    return target;
  },
  async rollback(_args, rollbackData, invocation) {
    if (rollbackData === undefined || rollbackData === null) return;
    const data = expectRollbackData<DeletePathRollbackData>("delete_path", rollbackData);
    if (data.backup === undefined) return;
    await restoreFromBackup(data, data.backup, invocation);
  },
};

async function moveToBackup(
  data: DeletePathRollbackData,
  backup: string,
  invocation: CommandInvocation,
): Promise<void> {
  try {
    await moveTree(
      data.path,
      backup,
      {
        staging: `${backup}.partial`,
        onCopied: () => invocation.remember({ ...data, removingSource: true }),
        removeSource: (from) => rmSync(from, { recursive: true, force: true }),
      },
      invocation.signal,
    );
  } catch (error) {
    const doing = `delete_path: cannot back up "${data.path}" into ${invocation.backupDir}`;
    throw explainStopped(
      explainDiskFull(error, doing, "nothing was deleted"),
      doing,
      "nothing was deleted",
    );
  }
}

async function restoreFromBackup(
  data: DeletePathRollbackData,
  backup: string,
  invocation: CommandInvocation,
): Promise<void> {
  const force = invocation.force === true;
  const staging = restoreStaging(data.path);
  // Leftovers of a copy or a restore that was killed part-way.
  for (const leftover of [`${backup}.partial`, `${backup}.restored`, staging]) {
    rmSync(leftover, { recursive: true, force: true });
  }
  if (!lstatSync(backup, { throwIfNoEntry: false })) {
    // No backup and the path there: the delete never began (the run was killed
    // first), or it was restored already. Nothing there either: what was deleted
    // went with its backup (a cleaned-up run record), and nothing can put it back.
    if (lstatSync(data.path, { throwIfNoEntry: false })) return;
    throw new Error(
      `delete_path: the backup of "${data.path}" is missing (${backup}); it was not restored`,
    );
  }
  if (lstatSync(data.path, { throwIfNoEntry: false })) {
    const partlyRemoved = data.removingSource === true && isPartOfTree(data.path, backup);
    if (!force && !partlyRemoved) {
      throw new Error(
        `delete_path: "${data.path}" was made again since the step deleted it; not restored (momoflow rollback --force replaces it)`,
      );
    }
    rmSync(data.path, { recursive: true, force: true });
  }
  makeFolders(dirname(data.path));
  try {
    await moveTree(
      backup,
      data.path,
      {
        staging,
        // Renamed aside first: a backup that still exists always means "not restored yet".
        removeSource: (from) => {
          renameSync(from, `${from}.restored`);
          rmSync(`${from}.restored`, { recursive: true, force: true });
        },
      },
      invocation.signal,
    );
  } catch (error) {
    throw explainRestoreFailure(error, `delete_path: cannot restore "${data.path}"`, backup);
  }
}

/** Where a restore across file systems copies to before its rename: beside the path, hidden. */
function restoreStaging(path: string): string {
  return join(dirname(path), `.${basename(path)}.momoflow-restore`);
}

/** `inner` is `outer` or lies within it. */
function isInside(inner: string, outer: string): boolean {
  const rel = relative(outer, inner);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}
