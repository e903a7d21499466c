/**
 * Where a workflow is called: the step whose `run` is `workflow name(...)`
 * with its callee at a given range (hover says how the callee's steps are
 * named in the caller's run).
 */
import {
  type CallExpression,
  type Range,
  type SourceFile,
  type StepDeclaration,
  workflowCallOf,
} from "@momoflow/language";

/** A step that calls a workflow, and its call. */
export interface WorkflowCallSite {
  step: StepDeclaration;
  call: CallExpression;
}

/** The call whose callee name is written at `range`, if any. */
export function workflowCallSiteAt(file: SourceFile, range: Range): WorkflowCallSite | undefined {
  for (const workflow of file.workflows ?? []) {
    for (const step of workflow?.steps ?? []) {
      const call = step && workflowCallOf(step);
      const callee = call?.callee?.range;
      if (call && callee && samePosition(callee.start, range.start)) return { step, call };
    }
  }
  return undefined;
}

function samePosition(a: Range["start"], b: Range["start"]): boolean {
  return a.line === b.line && a.character === b.character;
}
