import { mkdirSync, rmSync, statSync } from "node:fs";
import type { CommandSpec } from "../command";
import { topmostMissingDirectory } from "./missing-ancestor";
import { expectRollbackData } from "./rollback-data";
import { resolveTarget } from "./target-path";

/** Rollback data of `create_directory`. */
export interface CreateDirectoryRollbackData {
  /** Absolute path of the folder. */
  path: string;
  /** The topmost folder the call created; absent when the folder existed. */
  created?: string;
}

/** `create_directory(path)`: makes a folder and its parents; undone by removing what it created. */
export const createDirectoryCommand: CommandSpec = {
  description: "Make a folder and its parents",
  doc: [
    "Makes the folder `path` (relative to the run's working directory) and any missing",
    "parents, like `mkdir -p`. A folder that exists already is fine.",
    "",
    "**Undo:** removes the topmost folder it created, with everything put in it since;",
    "folders that existed before are left alone.",
    "",
    "**Output:** the absolute path of the folder.",
  ].join("\n"),
  params: [{ name: "path", type: "path", description: "The folder to make." }],
  undoDescription: "removing what it created",
  run(args, invocation) {
    const target = resolveTarget(invocation, args.path as string);
    const existing = statSync(target, { throwIfNoEntry: false });
    if (existing && !existing.isDirectory()) {
      throw new Error(`create_directory: "${target}" exists and is not a folder`);
    }
    const data: CreateDirectoryRollbackData = { path: target };
    const created = topmostMissingDirectory(target);
    if (created) data.created = created;
    invocation.remember(data);
    mkdirSync(target, { recursive: true });
    return target;
  },
  rollback(_args, rollbackData) {
    if (rollbackData === undefined || rollbackData === null) return;
    const data = expectRollbackData<CreateDirectoryRollbackData>("create_directory", rollbackData);
    if (data.created !== undefined) rmSync(data.created, { recursive: true, force: true });
  },
};
