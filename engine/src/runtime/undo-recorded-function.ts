import type { CommandRegistry } from "../commands/registry";
import { placedRecipe } from "../commands/undo-recipe";
import { moduleLoadProblem } from "../language/compile/module-load-error";
import type { WorkflowContext } from "./context";
import { importModuleFile } from "./module-file-url";
import { errorMessage, type StepExecution, type UndoRecipe } from "./step";
import { callOwningStrayErrors, strayErrorText } from "./stray-errors";

/** A `js()` rollback as the record names it: the function, and the arguments in `args`. */
export type RecordedFunctionUndo = UndoRecipe & {
  kind: "code";
  js: { module: string; export: string };
};

/** Whether `recipe` is a `js()` rollback the record names in full (records since `js` was added). */
export function isRecordedFunctionUndo(
  recipe: UndoRecipe | undefined,
): recipe is RecordedFunctionUndo {
  return recipe?.kind === "code" && recipe.js !== undefined;
}

/**
 * Undoes a step by calling the `js()` rollback its record names — the
 * module's absolute path, the export and the arguments the step was
 * resolved with — as the run would have: `fn(args, context)`, in the
 * step's folder and with its variables, references resolved as a shell
 * undo's are (`--param`, `MOMOFLOW_PARAM_<NAME>`, the environment). For a
 * step the workflow no longer declares (a called workflow edited after the
 * run), whose undo would otherwise be lost. The code itself is not in the
 * record: when the module cannot be loaded or has no such export now, the
 * undo fails saying which and why, and the run stays to undo, so that
 * `momoflow rollback` undoes it once the code is back.
 *
 * @throws Error saying what is missing, or what the function threw.
 */
export async function undoWithRecordedFunction(
  registry: CommandRegistry,
  recipe: RecordedFunctionUndo,
  context: WorkflowContext,
  execution: StepExecution,
  params: Readonly<Record<string, string>>,
): Promise<void> {
  const { module: file, export: name } = recipe.js;
  const named = `its undo is ${writtenCall(recipe)}, which the run record names, and ${file}`;
  const restore = "; put it back, and momoflow rollback undoes the step";
  const placed = placedRecipe(registry, recipe, execution, params);
  let loaded: Record<string, unknown>;
  try {
    loaded = await importModuleFile(file);
  } catch (error) {
    throw new Error(`${named} cannot be loaded: ${moduleLoadProblem(error, file)}${restore}`, {
      cause: error,
    });
  }
  const fn = loaded[name];
  if (typeof fn !== "function")
    throw new Error(`${named} has no exported function "${name}" now${restore}`);
  try {
    const stepContext = context.forStep(placed.invocation);
    const what = writtenCall(recipe);
    await callOwningStrayErrors(
      what,
      () => (fn as (args: unknown, context: WorkflowContext) => unknown)(placed.args, stepContext),
      (error) => stepContext.logger.warn(strayErrorText(what, error, true)),
    );
  } catch (error) {
    if (!placed.hides) throw error;
    throw new Error(placed.hide(errorMessage(error)), { cause: error });
  }
}

/** The call as the workflow wrote it, `js("./undo.mjs", "unmake")`, from the record's `js(./undo.mjs, unmake)`. */
function writtenCall(recipe: RecordedFunctionUndo): string {
  const match = /^js\((.*), ([^,]*)\)$/.exec(recipe.command);
  return match ? `js("${match[1]}", "${match[2]}")` : recipe.command;
}
