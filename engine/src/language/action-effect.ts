/**
 * What running an action leaves behind — the one home of the rule that the
 * checker (MF011), the compiler (a step's `reversible` and `effectFree`) and
 * the graph all follow (language.md §5):
 *
 * - `reversible`: it can be undone — an explicit `rollback`, a built-in with
 *   an automatic undo, or a declared command that is reversible either way;
 * - `effect-free`: there is nothing to undo — `rollback: none`, or a built-in
 *   whose signature is `effectFree` (`sleep`, `log`, `fail`), reached
 *   directly or through declared commands;
 * - `irreversible`: it has effects nothing undoes (a shell or `js(...)`
 *   action, a built-in without undo);
 * - `unknown`: an unknown command or a missing action, already an error.
 */
import type { Expression, Property } from "./ast";
import type { CommandSymbol } from "./scope";

export type ActionEffect = "reversible" | "irreversible" | "effect-free" | "unknown";

/** The name `js(...)` actions use (language.md §5); not a command. */
export const JS_ACTION = "js";

/** The declared commands being followed, outermost first: one met again is a loop (MF043). */
type Visiting = readonly string[];

/**
 * What a block with this `run` and `rollback` leaves behind: a step, or a
 * declared command's body. A `rollback` replaces whatever `run` would leave:
 * `none` makes it effect-free, any other value reversible.
 */
export function undoEffect(
  run: Expression | undefined,
  rollback: Expression | undefined,
  commands: ReadonlyMap<string, CommandSymbol>,
  visiting: Visiting = [],
): ActionEffect {
  if (rollback) return rollback.kind === "none" ? "effect-free" : "reversible";
  return actionEffect(run, commands, visiting);
}

/** What a step running `command` (with no `rollback` of its own) leaves behind. */
export function commandEffect(
  command: CommandSymbol,
  commands: ReadonlyMap<string, CommandSymbol>,
  visiting: Visiting = [],
): ActionEffect {
  if (command.kind === "builtin") {
    if (command.signature.reversible) return "reversible";
    return command.signature.effectFree ? "effect-free" : "irreversible";
  }
  if (visiting.includes(command.name)) return "unknown";
  const properties = command.decl.properties ?? [];
  return undoEffect(valueOf(properties, "run"), valueOf(properties, "rollback"), commands, [
    ...visiting,
    command.name,
  ]);
}

/** What an action (the value of `run`) leaves behind, without checking it. */
export function actionEffect(
  expr: Expression | undefined,
  commands: ReadonlyMap<string, CommandSymbol>,
  visiting: Visiting = [],
): ActionEffect {
  if (!expr) return "unknown";
  if (expr.kind === "string") return "irreversible";
  if (expr.kind !== "call" || !expr.callee?.text) return "unknown";
  if (expr.callee.text === JS_ACTION) return "irreversible";
  const command = commands.get(expr.callee.text);
  return command ? commandEffect(command, commands, visiting) : "unknown";
}

/** The value of the first property `name` that has one. */
function valueOf(properties: readonly Property[], name: string): Expression | undefined {
  return properties.find((p) => p?.name?.text === name && p.value)?.value;
}
