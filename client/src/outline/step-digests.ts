import type { WorkflowOutline } from "./document-outline";

/**
 * A workflow's steps as the file has them now: step id → definition digest
 * (see `StepOutline.definitionDigest`). A run record keeps the same map
 * (`stepDefinitions`): with it, a run of the file from before it was renamed
 * or moved is told from another workflow's (see `WorkflowRunFilter.steps`).
 */
export function workflowStepDigests(outline: WorkflowOutline): Record<string, string> {
  return Object.fromEntries(outline.steps.map((s) => [s.name, s.definitionDigest]));
}
