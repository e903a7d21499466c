import type { RunResultFile } from "@momoflow/record";
import type { StepOutline } from "../outline/document-outline";

/** What a step runs: its id and the digest of its definition (see `StepOutline.definitionDigest`). */
export interface StepDefinition {
  name: string;
  definition: string;
  /** The digest an older momoflow recorded for the same text (see `StepOutline.legacyDefinitionDigest`). */
  legacy?: string;
}

/** The steps of a workflow as the document declares them now. */
export function stepDefinitions(steps: readonly StepOutline[]): StepDefinition[] {
  return steps.map((s) => ({
    name: s.name,
    definition: s.definitionDigest,
    legacy: s.legacyDefinitionDigest,
  }));
}

/**
 * The steps of a workflow as its run ran them, when its record says
 * (`stepDefinitions`, written by `momoflow run` for a `.momoflow` workflow);
 * undefined for a record without them (an older momoflow's, a JavaScript
 * workflow's). The baseline of staleness: a step changed after the run —
 * in the file or an import, while the editor was open or not — reads stale.
 */
export function recordedStepDefinitions(
  result: Pick<RunResultFile, "stepDefinitions">,
): StepDefinition[] | undefined {
  const recorded = result.stepDefinitions;
  if (!recorded || typeof recorded !== "object") return undefined;
  return Object.entries(recorded).map(([name, definition]) => ({ name, definition }));
}

/**
 * Whether a run's figures are stale for the workflow as the document shows it
 * now. The figures describe what ran (each step's action, with its needs and
 * settings), so they follow their steps wherever lines move, and read as "this
 * was measured on something else" only once what would run changed.
 *
 * - `recordedSteps`: the step ids of the run (result.json);
 * - `baseline`: the steps' definitions as the run recorded them (see
 *   {@link recordedStepDefinitions}); for a record without them, when the
 *   figures were first shown;
 * - `current`: the steps' definitions now.
 *
 * Stale when the set of steps differs from the run's (a step added, removed
 * or renamed), or when any step's definition differs from the baseline's (its
 * action, `needs:` or any other property that changes how it runs, a param,
 * var or `env:` variable of its workflow that it reads, its workflow's
 * `shell:`, or a command or workflow that it calls, of the file or of a file
 * it imports: the server puts those in the definition, and says when an
 * import changed). Comments, blank lines, a `description:`, `///` docs and
 * the order steps are written in keep the figures.
 */
export function metricsAreStale(
  recordedSteps: readonly string[],
  baseline: readonly StepDefinition[],
  current: readonly StepDefinition[],
): boolean {
  const recorded = new Set(recordedSteps);
  const now = new Set(current.map((s) => s.name));
  if (recorded.size !== now.size || [...now].some((name) => !recorded.has(name))) return true;
  const before = new Map(baseline.map((s) => [s.name, s.definition]));
  if (before.size !== current.length) return true;
  return current.some((s) => {
    const then = before.get(s.name);
    // A run recorded by an older momoflow holds the digest as it was made then.
    return then !== s.definition && (s.legacy === undefined || then !== s.legacy);
  });
}
