import { runFolderNamedByLatest } from "../record/latest-run-file";
import { errorMessage } from "../runtime/step";
import { UsageError } from "./usage-error";

/**
 * A command's run argument as a path: the run folder a runs folder's
 * `latest` file names when it is that file (`momoflow rollback
 * .momoflow/runs/latest`), else `path` itself.
 *
 * @throws UsageError when `latest` names no run folder here.
 */
export function runFolderOfArgument(path: string): string {
  try {
    return runFolderNamedByLatest(path) ?? path;
  } catch (error) {
    throw new UsageError(errorMessage(error));
  }
}
