import { undoEffect } from "../action-effect";
import type { CallExpression, Name, Property } from "../ast";
import type { CommandSymbol, WorkflowSymbol } from "../scope";
import { asWorkflowCall, CALL_SEPARATOR } from "../workflow-call";

/** A step of a called workflow, as the run names it and where it is written. */
export interface CalledStep {
  /** Its id in the run, from the calling step: `release/bump`, `release/tag/push`. */
  id: string;
  name: Name;
  /** The file that declares its workflow. */
  path: string;
}

/**
 * What the steps of a called workflow leave behind, for MF011: a step that
 * calls a workflow is as reversible as the steps it calls. The first called
 * step (in declaration order, nested calls included) that nothing undoes,
 * and the first that can be undone; either may be missing.
 */
export interface CalledEffects {
  irreversible?: CalledStep;
  reversible?: CalledStep;
}

/**
 * The effects of the steps `call` runs (`release` is the calling step's id,
 * the prefix of the called steps' ids). Commands are looked up in the
 * caller's scope, which holds what its imports declare; a call cycle (MF042
 * already) or an unknown workflow (MF040) adds nothing.
 */
export function calledEffects(
  callingStep: string,
  call: CallExpression,
  workflows: ReadonlyMap<string, WorkflowSymbol>,
  commands: ReadonlyMap<string, CommandSymbol>,
  calling: ReadonlySet<string> = new Set(),
): CalledEffects {
  const found: CalledEffects = {};
  const callee = workflows.get(call.callee?.text ?? "");
  if (!callee || calling.has(callee.name)) return found;
  const inside = new Set(calling).add(callee.name);
  for (const step of callee.decl.steps ?? []) {
    const name = step?.name;
    if (!name?.text) continue;
    const id = `${callingStep}${CALL_SEPARATOR}${name.text}`;
    const run = valueOf(step.properties, "run");
    const nested = asWorkflowCall(run);
    if (nested) {
      const deeper = calledEffects(id, nested, workflows, commands, inside);
      found.irreversible ??= deeper.irreversible;
      found.reversible ??= deeper.reversible;
    } else {
      const effect = undoEffect(run, valueOf(step.properties, "rollback"), commands);
      if (effect === "irreversible") found.irreversible ??= { id, name, path: callee.path };
      else if (effect === "reversible") found.reversible ??= { id, name, path: callee.path };
    }
    if (found.irreversible && found.reversible) break;
  }
  return found;
}

function valueOf(properties: readonly Property[] | undefined, name: string) {
  return properties?.find((p) => p?.name?.text === name && p.value)?.value;
}
