import { existsSync } from "node:fs";
import type { RunSummary } from "./run-index";

/**
 * Whether `run` is a run of a workflow file that was renamed or moved since
 * (to the file whose workflows have, by name, the steps `stepsOf` gives now):
 * the path the run recorded is gone, and the run recorded the same steps,
 * each as written (ids and digests, comments and whitespace aside). A file
 * still at the recorded path keeps its runs (a copy has none of its own),
 * and a workflow of the same name with other steps is another workflow:
 * rolling back its run would undo what this file never did.
 */
export function isMovedSourceRun(
  run: RunSummary,
  stepsOf: (workflowId: string) => Readonly<Record<string, string>> | undefined,
): boolean {
  // Cheapest first: a runs folder may hold thousands of runs of other files.
  if (!run.source || !run.stepDefinitions) return false;
  const steps = stepsOf(run.workflowId);
  if (!steps || !sameDigests(run.stepDefinitions, steps)) return false;
  return !existsSync(run.source);
}

function sameDigests(
  a: Readonly<Record<string, string>>,
  b: Readonly<Record<string, string>>,
): boolean {
  const ids = Object.keys(a);
  // A workflow of no steps has nothing to tell it from another.
  if (ids.length === 0 || ids.length !== Object.keys(b).length) return false;
  return ids.every((id) => Object.hasOwn(b, id) && a[id] === b[id]);
}
