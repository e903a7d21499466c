/**
 * Names a rename must not give because one value would hide another: a
 * fan-out step's item and a param or var of its workflow (MF019), and the
 * built-in roots `env`, `run`, `workflow` and `steps`, which a bare name
 * cannot stand for (a param renamed `run` would silently read `run` instead).
 */
import type { WorkflowDeclaration } from "@momoflow/language";
import type { SymbolRef } from "../analysis/locate";

/** The built-in roots of references (language.md, references). */
const ROOTS: ReadonlySet<string> = new Set(["env", "run", "workflow", "steps"]);

/**
 * Why `newName` would make `symbol` (a param, var, command parameter or
 * fan-out item) hide or be hidden by another value, or undefined. `workflow`
 * is the workflow that declares the symbol, when it is a workflow's.
 */
export function hidingProblem(
  symbol: SymbolRef,
  newName: string,
  workflow: WorkflowDeclaration | undefined,
): string | undefined {
  const kind = symbol.kind;
  if (kind !== "param" && kind !== "var" && kind !== "item" && kind !== "command-param")
    return undefined;
  if (ROOTS.has(newName))
    return `"${newName}" is a built-in value (${newName}.…), not a name of your own`;
  if (!workflow) return undefined;
  if (kind === "item") {
    const value = [...(workflow.params ?? []), ...(workflow.vars ?? [])].find(
      (m) => m?.name?.text === newName,
    );
    return value
      ? `a ${value.kind} named "${newName}" already exists in workflow "${symbol.workflow}": the item would hide it`
      : undefined;
  }
  if (kind === "command-param") return undefined;
  for (const step of workflow.steps ?? []) {
    const item = step?.properties?.find((p) => p?.name?.text === "for_each")?.item?.text;
    if (item === newName)
      return `the item "${newName}" of step "${step.name?.text}" has that name: it would hide the ${kind} there`;
  }
  return undefined;
}
