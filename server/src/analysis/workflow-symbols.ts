/**
 * The symbols a workflow or command declares, as occurrences name them: its
 * steps, its params and vars, a command's file and parameter names. Built
 * once per declaration (the tree is immutable).
 */
import type {
  CommandSymbol,
  ParamDeclaration,
  VarDeclaration,
  WorkflowDeclaration,
} from "@momoflow/language";
import type { StepSymbolRef, ValueSymbolRef } from "./symbol-ref";

const stepCache = new WeakMap<WorkflowDeclaration, Map<string, StepSymbolRef>>();
const valueCache = new WeakMap<WorkflowDeclaration, Map<string, ValueSymbolRef>>();

/** The steps of a workflow by id. */
export function stepSymbols(
  workflow: WorkflowDeclaration,
  path: string,
): Map<string, StepSymbolRef> {
  let steps = stepCache.get(workflow);
  if (!steps) {
    steps = new Map();
    const name = workflow.name?.text ?? "";
    for (const step of workflow.steps ?? []) {
      const id = step?.name?.text;
      if (id && !steps.has(id)) steps.set(id, { kind: "step", name: id, workflow: name, path });
    }
    stepCache.set(workflow, steps);
  }
  return steps;
}

/** The params and vars of a workflow by name (one namespace: the first declaration decides). */
export function valueSymbols(
  workflow: WorkflowDeclaration,
  path: string,
): Map<string, ValueSymbolRef> {
  let values = valueCache.get(workflow);
  if (!values) {
    values = new Map();
    const name = workflow.name?.text ?? "";
    const members = workflow.members?.filter(
      (m): m is ParamDeclaration | VarDeclaration => m?.kind === "param" || m?.kind === "var",
    ) ?? [...(workflow.params ?? []), ...(workflow.vars ?? [])];
    for (const member of members) {
      const text = member?.name?.text;
      if (text && !values.has(text)) {
        values.set(text, { kind: member.kind, name: text, workflow: name, path });
      }
    }
    valueCache.set(workflow, values);
  }
  return values;
}

/** The file that declares a command; undefined for a built-in. */
export function commandPath(command: CommandSymbol): string | undefined {
  return command.kind === "declared" ? command.path : undefined;
}

/** The names of a command's parameters. */
export function commandParamNames(command: CommandSymbol): ReadonlySet<string> {
  const names =
    command.kind === "declared"
      ? (command.decl.params ?? []).map((p) => p?.name?.text)
      : command.signature.params.map((p) => p.name);
  return new Set(names.filter((n): n is string => !!n));
}
