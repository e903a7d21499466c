/**
 * Completion of a workflow call's callee, `run: workflow re|`: the workflows
 * in scope (the file's and imported ones). Its arguments, on any line, are
 * the scanner's (see cursor/scan-state.ts: a call frame marked `workflow`).
 */

const CALLEE = /\brun\s*:\s*workflow\s+[A-Za-z0-9_]*$/;

/** Whether the cursor at `offset` of `text` is at the callee of `run: workflow `. */
export function atWorkflowCallee(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  return CALLEE.test(text.slice(lineStart, offset));
}
