import { existsSync } from "node:fs";
import { LanguageWorkspace } from "../language/workspace";
import { listRuns, type RunSummary } from "../record/run-index";
import { shownPath } from "./diagnostic-format";
import { isMomoflowFile } from "./momoflow-files";
import { nearestNames } from "../language/edit-distance";
import { shellQuote } from "../commands/shell-quote";
import { runsElsewhereLine } from "./ancestor-runs";

/** What `rollback <file>` looked for and did not find. */
export interface RunLookup {
  /** The file as the user gave it. */
  given: string;
  /** The file, absolute. */
  file: string;
  runsDir: string;
  /** `--workflow`, when given. */
  workflow?: string;
  /** The file's workflows' steps as written now (see `fileStepDefinitions`); only for a `.momoflow` file. */
  sourceSteps?: (workflowId: string) => Readonly<Record<string, string>> | undefined;
}

/** How many runs of files no longer there are named, newest first. */
const SHOWN = 3;

/**
 * Why no run of a file was found, and what to do: the runs of a workflow of
 * the file's name whose file is gone but whose steps differ (the file was
 * renamed and changed, or it is another workflow: not taken, named with the
 * command that rolls one back), and for a moved file, where else to look.
 */
export function noRunMessage(lookup: RunLookup): string {
  const of = lookup.workflow ? `workflow \`${lookup.workflow}\` of ` : "";
  const lines = [`no run of ${of}${lookup.given} in ${lookup.runsDir}`];
  const unknown =
    lookup.workflow !== undefined && lookup.sourceSteps?.(lookup.workflow) === undefined;
  if (unknown) {
    const names = declaredWorkflows(lookup.file);
    const has = names.length ? `it has: ${names.join(", ")}` : "it declares none";
    const [nearest] = nearestNames(lookup.workflow!, names);
    const guess = nearest ? `; did you mean \`${nearest}\`?` : "";
    lines[0] = `${lookup.given} has no workflow \`${lookup.workflow}\`${guess} (${has}), and ${lines[0]}`;
  } else if (lookup.sourceSteps) {
    for (const run of goneFileRuns(lookup).slice(0, SHOWN))
      lines.push(
        `  ${shownPath(run.source!)}, no longer there, ran workflow \`${run.workflowId}\` with other steps than this file's (run ${run.runId}): not taken; to roll it back: momoflow rollback ${shellQuote(shownPath(run.dir))}`,
      );
    lines.push(
      runsElsewhereLine(lookup.file, lookup.runsDir, lookup.workflow) ??
        "  (a file moved from another folder has its runs there: give that folder with --workdir)",
    );
  }
  return lines.join("\n");
}

/** Runs of a workflow the file declares (or `--workflow`), from `.momoflow` files gone since, newest first. */
function goneFileRuns(lookup: RunLookup): RunSummary[] {
  const declares = lookup.sourceSteps!;
  return listRuns(lookup.runsDir)
    .filter(
      (run) =>
        run.source !== undefined &&
        run.source !== lookup.file &&
        isMomoflowFile(run.source) &&
        (lookup.workflow === undefined || run.workflowId === lookup.workflow) &&
        declares(run.workflowId) !== undefined &&
        !existsSync(run.source),
    )
    .reverse();
}

/** The names of the workflows the `.momoflow` file declares (none when it cannot be read). */
function declaredWorkflows(file: string): string[] {
  const workflows = new LanguageWorkspace().parse(file)?.file.workflows ?? [];
  return workflows.flatMap((w) => (w?.name?.text ? [w.name.text] : []));
}
