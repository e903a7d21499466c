import type { CommandInvocation } from "./command";
import type { CommandRegistry } from "./registry";
import type { UndoRecipe } from "../runtime/step";

/**
 * Undoes a step from its run-record recipe alone, after the process that ran
 * it is gone (`momoflow rollback`):
 * - `run`: runs the recipe's command with its arguments (an explicit rollback);
 * - `undo`: calls the command's automatic undo with its arguments and the
 *   rollback data the step remembered (undefined when it remembered nothing;
 *   the built-ins then do nothing);
 * - `code`: cannot be done from the record (it throws, saying so);
 * - `after_output`: the rollback needed the step's output, which the record
 *   never got (the step did not finish): it throws, saying so.
 *
 * A `StepExecution` can be passed as the invocation as it is.
 *
 * @throws Error for an unknown command or kind, a command without automatic
 *   undo, bad arguments, or whatever the undo throws.
 */
export async function undoFromRecipe(
  registry: CommandRegistry,
  recipe: UndoRecipe,
  rollbackData: unknown,
  invocation: CommandInvocation,
): Promise<void> {
  switch (recipe.kind) {
    case "run":
      await registry.invoke(recipe.command, recipe.args, invocation);
      return;
    case "undo":
      await registry.undo(recipe.command, recipe.args, rollbackData, invocation);
      return;
    case "after_output":
      throw new Error(
        `its rollback reads its own output (a call of ${recipe.command}), which was never recorded`,
      );
    case "code":
      throw new Error(
        `the undo is code (${recipe.command}), not a command in the run record; roll back with the workflow file`,
      );
    default:
      throw new Error(`unknown undo recipe kind "${String((recipe as { kind: unknown }).kind)}"`);
  }
}
