/**
 * How the workspace uses its workflows: which ones a workflow calls (`run:
 * workflow convert_all()`) and which ones a test runs on its own
 * (`workflow: convert_all`), each resolved as the checker resolves it (an
 * imported workflow is the one of the file that declares it). The language
 * server knows every file of the workspace, where a file's own check knows
 * only what it imports.
 */
import { type CheckResult, workflowCalls } from "@momoflow/language";

/** The uses one file makes, by {@link workflowKey}. */
interface FileUses {
  called: ReadonlySet<string>;
  runOnItsOwn: ReadonlySet<string>;
}

/** One per check result: a file's uses are found again only when it was checked again. */
const usesByCheck = new WeakMap<CheckResult, FileUses>();

/** A workflow as the workspace knows it: the file that declares it and its name. */
export function workflowKey(path: string, name: string): string {
  return `${path}\n${name}`;
}

/** The calls and test runs of workflows of the checked files, gathered once per set of checks. */
export class WorkspaceWorkflowUses {
  private readonly called = new Set<string>();
  private readonly runOnItsOwn = new Set<string>();

  constructor(checks: Iterable<CheckResult>) {
    for (const check of checks) {
      const uses = fileUses(check);
      for (const key of uses.called) this.called.add(key);
      for (const key of uses.runOnItsOwn) this.runOnItsOwn.add(key);
    }
  }

  /** Whether a workflow of the files calls the workflow `name` of `path`. */
  isCalled(path: string, name: string): boolean {
    return this.called.has(workflowKey(path, name));
  }

  /** Whether a test of the files runs the workflow `name` of `path` on its own. */
  isRunOnItsOwn(path: string, name: string): boolean {
    return this.runOnItsOwn.has(workflowKey(path, name));
  }
}

function fileUses(check: CheckResult): FileUses {
  let uses = usesByCheck.get(check);
  if (uses) return uses;
  const { file } = check.document;
  const workflows = check.scope.workflows;
  const keyOf = (name: string | undefined): string | undefined => {
    const symbol = name ? workflows.get(name) : undefined;
    return symbol && workflowKey(symbol.path, symbol.name);
  };
  const called = new Set<string>();
  for (const workflow of file.workflows ?? []) {
    if (!workflow) continue;
    for (const { call } of workflowCalls(workflow)) {
      const key = keyOf(call.callee.text);
      if (key) called.add(key);
    }
  }
  const runOnItsOwn = new Set<string>();
  for (const test of file.tests ?? []) {
    const value = test?.properties?.find((p) => p?.name?.text === "workflow")?.value;
    const name =
      value?.kind === "ref" && value.segments?.length === 1 ? value.segments[0] : undefined;
    const key = keyOf(name?.text);
    if (key) runOnItsOwn.add(key);
  }
  uses = { called, runOnItsOwn };
  usesByCheck.set(check, uses);
  return uses;
}
