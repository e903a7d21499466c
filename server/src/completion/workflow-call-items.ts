/**
 * Completion of a workflow call's callee, `run: workflow re|`: the workflows
 * in scope (the file's and imported ones). Its arguments, on any line, are
 * the scanner's (see cursor/scan-state.ts: a call frame marked `workflow`).
 */
import { type FileScope, workflowCalls } from "@momoflow/language";

const CALLEE = /\brun\s*:\s*workflow\s+[A-Za-z0-9_]*$/;

/** Whether the cursor at `offset` of `text` is at the callee of `run: workflow `. */
export function atWorkflowCallee(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  return CALLEE.test(text.slice(lineStart, offset));
}

/**
 * Whether `caller` calling `name` would be a call cycle (MF042): `name` is
 * `caller`, or calls it, directly or through other workflows in scope.
 */
export function callMakesCycle(caller: string, name: string, scope: FileScope): boolean {
  const pending = [name];
  const seen = new Set<string>();
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (next === caller) return true;
    if (seen.has(next)) continue;
    seen.add(next);
    const decl = scope.workflows.get(next)?.decl;
    if (decl) for (const { call } of workflowCalls(decl)) pending.push(call.callee.text);
  }
  return false;
}
