/**
 * A step's own MF022 (a `max_parallel` above its workflow's `concurrency`)
 * as the workspace's uses of the workflow make it. A call runs the called
 * steps under the caller's concurrency and never reads the workflow's own,
 * so the warning is only about running the workflow on its own: where the
 * workspace only ever calls it (no test runs it on its own), it is a hint,
 * not a warning that a user reads as noise; it stays a warning when a test
 * runs the workflow on its own or nothing calls it. Either way, when the
 * workspace calls it, the message says it is about running it on its own
 * (the checker alone says so only for callers in the file's own scope).
 * `momoflow check` knows no workspace and keeps the checker's warning.
 */
import { type CheckResult, type Diagnostic, ownConcurrencyMessage } from "@momoflow/language";
import type { WorkspaceWorkflowUses } from "../analysis/workflow-uses";

/** The diagnostics to publish, and what told them apart from the checker's (empty: none did). */
export interface WorkspaceAwareDiagnostics {
  diagnostics: readonly Diagnostic[];
  /** Which diagnostics were changed and how: a result published again when only this changed. */
  signature: string;
}

/**
 * The check's diagnostics with each step's own MF022 made as the workspace's
 * uses say. `uses` is only asked for (it checks every known file) when the
 * check has such a diagnostic.
 */
export function withWorkspaceUses(
  result: CheckResult,
  uses: () => WorkspaceWorkflowUses,
): WorkspaceAwareDiagnostics {
  let diagnostics: Diagnostic[] | undefined;
  let signature = "";
  result.diagnostics.forEach((diagnostic, at) => {
    const own = diagnostic.code === "MF022" ? diagnostic.data?.ownConcurrency : undefined;
    if (!own) return;
    const path = result.document.path;
    if (!own.calledInScope && !uses().isCalled(path, own.workflow)) return;
    const onlyCalled = !uses().isRunOnItsOwn(path, own.workflow);
    diagnostics ??= result.diagnostics.slice();
    diagnostics[at] = {
      ...diagnostic,
      severity: onlyCalled ? "hint" : diagnostic.severity,
      message: ownConcurrencyMessage(own, true),
    };
    signature += `${at}${onlyCalled ? "h" : "w"};`;
  });
  return { diagnostics: diagnostics ?? result.diagnostics, signature };
}
