import { resolve } from "node:path";
import { compileWorkflow } from "../language/compile/compile-workflow";
import { CompileError } from "../language/compile/compile-error";
import { LanguageWorkspace } from "../language/workspace";
import type { WorkflowDefinition } from "../runtime/definition";
import { formatDiagnostic, shownPath } from "./diagnostic-format";
import type { TerminalStyle } from "./terminal-style";
import { UsageError } from "./usage-error";

/** Which workflow of a `.momoflow` file to load, with which params. */
export interface MomoflowWorkflowRequest {
  file: string;
  workflow?: string;
  paramText?: Record<string, string>;
  params?: Record<string, unknown>;
}

/**
 * Checks a `.momoflow` file and compiles one of its workflows. Warnings are
 * printed and the workflow runs; errors are printed and nothing runs
 * (a {@link UsageError}: exit code 2).
 */
export function loadMomoflowWorkflow(
  request: MomoflowWorkflowRequest,
  report: (line: string) => void,
  style?: TerminalStyle,
): WorkflowDefinition {
  const workspace = new LanguageWorkspace();
  const check = workspace.check(resolve(request.file));
  for (const d of check.diagnostics) if (d.severity !== "hint") report(formatDiagnostic(d, style));
  const errors = check.diagnostics.filter((d) => d.severity === "error").length;
  if (errors > 0)
    throw new UsageError(
      `${request.file} has ${errors} error${errors === 1 ? "" : "s"}; nothing was run`,
    );
  try {
    return compileWorkflow(check, {
      ...(request.workflow !== undefined ? { workflow: request.workflow } : {}),
      ...(request.paramText ? { paramText: request.paramText } : {}),
      ...(request.params ? { params: request.params } : {}),
      // The digest of what each step runs, for the run record (see CompileOptions.parse).
      parse: (path) => workspace.parse(path),
    });
  } catch (error) {
    if (error instanceof CompileError) throw new UsageError(error.describe(shownPath));
    throw error;
  }
}
