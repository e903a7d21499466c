import type { Property, WorkflowDeclaration } from "../ast";
import type { BlockProperties } from "./block-properties";
import type { DiagnosticSink } from "./diagnostic-sink";

/** A workflow's `concurrency` when it does not write one (language.md, workflow properties). */
export const DEFAULT_CONCURRENCY = 1;

/**
 * MF022 on each `max_parallel` written above the workflow's `concurrency`:
 * no more steps run at once than the workflow's concurrency, so that many
 * instances never run at once (language.md § Fan-out). The default
 * concurrency is a fixed number, so a workflow without `concurrency` is
 * measured against it; a value taken from a param is only known at the run,
 * and then nothing is said. `--concurrency` of `momoflow run` may raise the
 * bound for one run, which the message names as the other way out.
 *
 * Workflow-wide (it reads the workflow's property and every step's), so an
 * edit of `concurrency` alone re-checks every step's bound.
 */
export function reportMaxParallelAboveConcurrency(
  workflow: WorkflowDeclaration,
  steps: readonly BlockProperties[],
  sink: DiagnosticSink,
): void {
  const bound = concurrencyOf(workflow);
  if (bound === undefined) return;
  for (const properties of steps) {
    // Without for_each, max_parallel is MF018 already.
    if (!properties.get("for_each")) continue;
    const max = literalInt(properties.get("max_parallel"));
    if (max === undefined || max <= bound.value) continue;
    const written = bound.written ? `${bound.value}` : `${bound.value} (the default)`;
    const atMost =
      bound.value === 1
        ? "at most 1 instance runs at once"
        : `at most ${bound.value} instances run at once`;
    sink.report(
      "MF022",
      properties.get("max_parallel")!.value!.range,
      `"max_parallel: ${max}" cannot run ${max} instances at once: no more steps run at once than the workflow's concurrency, which is ${written}, so ${atMost}; set the workflow's concurrency to ${max} (or run with --concurrency ${max})`,
      { data: { raiseConcurrency: max } },
    );
  }
}

/** The workflow's concurrency as written, or the default; undefined when only the run knows it. */
function concurrencyOf(
  workflow: WorkflowDeclaration,
): { value: number; written: boolean } | undefined {
  const property = workflow.properties?.find((p) => p?.name?.text === "concurrency");
  if (!property) return { value: DEFAULT_CONCURRENCY, written: false };
  const value = literalInt(property);
  // Below 1 is MF007; from a param, the run decides.
  return value === undefined || value < 1 ? undefined : { value, written: true };
}

/** The whole number a property is written as, if it is one. */
function literalInt(property: Property | undefined): number | undefined {
  const value = property?.value;
  return value?.kind === "number" && value.integer ? value.value : undefined;
}
