import { createHash } from "node:crypto";
import {
  foldersOfGoneProcesses,
  pidNamespace,
  removeFolderQuietly,
} from "../record/process-owned-folders";
import { stopKilledTestProcesses } from "./killed-test-processes";

/** The start of every test's working folder's name. */
const TEST_FOLDER_PREFIX = "momoflow-test-";

/**
 * The start of the name of the working folder this process makes for the
 * test `name` of `file`: `momoflow-test-<test>-<namespace>-<pid>-`, where
 * `<test>` is a digest of the file and the name. A failed test's folder is
 * kept; the next run of the same test removes it (see {@link sweepKeptTestFolders}).
 */
export function testFolderPrefix(file: string, name: string): string {
  return `${testKeyPrefix(file, name)}${pidNamespace()}-${process.pid}-`;
}

/**
 * Removes the folders that earlier runs of the test `name` of `file` kept in
 * `tmp` (it failed there, or its `momoflow test` was killed): one kept folder
 * per test, not one per run — the editor runs tests again and again. What a
 * killed one's shell actions left running is stopped first (see
 * {@link stopKilledTestProcesses}). A folder whose process is alive (a run
 * of the same test going on), or of another pid namespace (a temporary
 * folder shared by containers), is left alone, as are folders this user
 * cannot remove.
 */
export async function sweepKeptTestFolders(tmp: string, file: string, name: string): Promise<void> {
  for (const folder of foldersOfGoneProcesses(tmp, testKeyPrefix(file, name))) {
    await stopKilledTestProcesses(folder);
    removeFolderQuietly(folder);
  }
}

/** `momoflow-test-<12 hex digits of the test's file and name>-`. */
function testKeyPrefix(file: string, name: string): string {
  const key = createHash("sha256").update(`${file}\0${name}`).digest("hex").slice(0, 12);
  return `${TEST_FOLDER_PREFIX}${key}-`;
}
