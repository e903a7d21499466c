import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { listRuns } from "../record/run-index";
import { runsDirOf } from "../record/run-paths";
import { shellQuote } from "../commands/shell-quote";
import { shownPath } from "./diagnostic-format";

/**
 * The nearest folder above `file`'s that has runs of it recorded (its
 * `.momoflow/runs`), other than `runsDir`: where an earlier version, the
 * editor, or `--workdir` ran it from (a run works in the file's folder by
 * default). Only looked for once no run was found: it reads each run's first
 * journal line there.
 *
 * @param workflow only runs of this workflow, when given.
 * @returns the folder (to give as `--workdir`), or undefined.
 */
export function ancestorWithRunsOf(
  file: string,
  runsDir: string,
  workflow?: string,
): string | undefined {
  const skipped = resolve(runsDir);
  for (let folder = dirname(file); ; folder = dirname(folder)) {
    const runs = runsDirOf(folder);
    if (resolve(runs) !== skipped && existsSync(runs)) {
      const ofFile = listRuns(folder).some(
        (run) => run.source === file && (workflow === undefined || run.workflowId === workflow),
      );
      if (ofFile) return folder;
    }
    if (dirname(folder) === folder) return undefined;
  }
}

/** The line that says where runs of `file` are, above its folder (see {@link ancestorWithRunsOf}); undefined when none. */
export function runsElsewhereLine(
  file: string,
  runsDir: string,
  workflow?: string,
): string | undefined {
  const folder = ancestorWithRunsOf(file, runsDir, workflow);
  return folder === undefined
    ? undefined
    : `  runs of it are recorded in ${shownPath(runsDirOf(folder))} (it was run from there): give that folder with --workdir ${shellQuote(shownPath(folder))}`;
}
