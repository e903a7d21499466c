import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { LATEST_FILE } from "./run-paths";

/**
 * The run folder that a runs folder's `latest` file names, when `path` is
 * that file (`.momoflow/runs/latest`, as a user types it after seeing it
 * there); undefined for any other path. A `latest` naming no run folder is
 * an error that says which run it names.
 */
export function runFolderNamedByLatest(path: string): string | undefined {
  if (basename(path) !== LATEST_FILE || !existsSync(path) || !statSync(path).isFile())
    return undefined;
  const runId = readFileSync(path, "utf8").trim();
  const folder = join(dirname(path), runId);
  if (runId === "" || runId.includes("/") || !existsSync(folder) || !statSync(folder).isDirectory())
    throw new Error(
      `${path} names ${runId === "" ? "no run" : `run ${runId}, which is not in ${dirname(path)}`}`,
    );
  return folder;
}
