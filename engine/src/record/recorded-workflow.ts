import type { WorkflowDefinition } from "../runtime/definition";

/** The workflow of a run, as its record names it (`run_started`, `result.json`). */
export interface RecordedWorkflow {
  id: string;
  name: string;
  /** The declared version, or the default `1.0.0` when none was declared (see `defaultVersion`). */
  version: string;
  /**
   * True when the workflow declared no version: `version` is then the
   * default, not a version anyone wrote. Absent when one was declared, and
   * in records of earlier momoflow versions (which cannot tell).
   */
  defaultVersion?: true;
}

/** How a run's record names `definition`. */
export function recordedWorkflow(definition: WorkflowDefinition): RecordedWorkflow {
  return {
    id: definition.id,
    name: definition.name,
    version: definition.version,
    ...(definition.versionDeclared ? {} : { defaultVersion: true }),
  };
}
