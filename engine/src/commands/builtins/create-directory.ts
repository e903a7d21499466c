import { statSync } from "node:fs";
import type { CommandSpec } from "../command";
import {
  asFolderList,
  foldersFromTopmost,
  makeFoldersFor,
  missingFolders,
  removeCreatedFolders,
} from "./created-folders";
import { expectRollbackData } from "./rollback-data";
import { refuseFileInTheWay, resolveTarget } from "./target-path";

/** Rollback data of `create_directory`, remembered before any folder is made. */
export interface CreateDirectoryRollbackData {
  /** Absolute path of the folder. */
  path: string;
  /** Every folder the call creates, topmost first; absent when the folder existed. */
  createdDirs?: string[];
  /** Records older than `createdDirs`: the topmost folder created (the rest are below it). */
  created?: string;
}

/** `create_directory(path)`: makes a folder and its parents; undone by removing what it created. */
export const createDirectoryCommand: CommandSpec = {
  description: "Make a folder and its parents",
  doc: [
    "Makes the folder `path` (relative to the run's working directory) and any missing",
    "parents, like `mkdir -p`. A folder that exists already is fine.",
    "",
    "**Undo:** removes the folders it created, deepest first, each only when empty: one",
    "that holds something put there since is left, with what it holds (said in the log).",
    "Folders that existed before are left alone.",
    "",
    "**Output:** the absolute path of the folder.",
  ].join("\n"),
  params: [{ name: "path", type: "path", description: "The folder to make." }],
  undoDescription: "removing the folders it created, when empty",
  run(args, invocation) {
    const target = resolveTarget(invocation, args.path as string);
    refuseFileInTheWay("create_directory", target);
    const existing = statSync(target, { throwIfNoEntry: false });
    if (existing && !existing.isDirectory()) {
      throw new Error(`create_directory: "${target}" exists and is not a folder`);
    }
    const data: CreateDirectoryRollbackData = { path: target };
    const created = missingFolders(target);
    if (created.length > 0) data.createdDirs = created;
    invocation.remember(data);
    makeFoldersFor("create_directory", target, "make", target);
    return target;
  },
  rollback(_args, rollbackData, invocation) {
    if (rollbackData === undefined || rollbackData === null) return;
    const data = expectRollbackData<CreateDirectoryRollbackData>("create_directory", rollbackData);
    removeCreatedFolders("create_directory", createdFolders(data), invocation.logger);
  },
};

/** The folders the call created, from a current record or an old one (`created`). */
function createdFolders(data: CreateDirectoryRollbackData): string[] {
  const listed = asFolderList(data.createdDirs);
  if (listed) return listed;
  return typeof data.created === "string" ? foldersFromTopmost(data.created, data.path) : [];
}
