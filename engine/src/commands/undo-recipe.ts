import type { CommandInvocation } from "./command";
import type { CommandRegistry } from "./registry";
import type { UndoRecipe } from "../runtime/step";
import { resolveRecipeArgs, type ReferenceLookup } from "../runtime/recipe-reference";
import { secretParamVariable } from "../runtime/secret-param-source";
import { placedInvocation, requireFolder } from "../runtime/placed-execution";
import { SecretMask } from "../runtime/secret-mask";
import { ownOutputNeverRecorded } from "../runtime/own-output-never-recorded";
import { MissingSecretParamError } from "../runtime/missing-secret-param-error";

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
 * A `StepExecution` can be passed as the invocation as it is. References the
 * record kept instead of values (`env.NAME`, secret `param.NAME`, see
 * `RecipeReference`) are resolved now: environment variables from
 * `invocation.env`, secret params from `params` or else the environment
 * variable `MOMOFLOW_PARAM_<NAME>`. A missing one fails the undo, naming it;
 * a failure's message shows the values read as `${env.NAME}` and `***`.
 *
 * @throws Error for an unknown command or kind, a command without automatic
 *   undo, bad arguments, or whatever the undo throws.
 */
export async function undoFromRecipe(
  registry: CommandRegistry,
  recipe: UndoRecipe,
  rollbackData: unknown,
  invocation: CommandInvocation,
  params: Readonly<Record<string, string>> = {},
): Promise<void> {
  switch (recipe.kind) {
    case "run":
    case "undo": {
      const placed = placedRecipe(registry, recipe, invocation, params);
      try {
        if (recipe.kind === "run")
          await registry.invoke(recipe.command, placed.args, placed.invocation);
        else await registry.undo(recipe.command, placed.args, rollbackData, placed.invocation);
      } catch (error) {
        if (!placed.hides || !(error instanceof Error)) throw error;
        throw new Error(placed.hide(error.message), { cause: error });
      }
      return;
    }
    case "after_output":
      // The record keeps no more of such an undo than its command: the step's id names what it reads.
      if (invocation.stepId !== undefined) throw ownOutputNeverRecorded(invocation.stepId);
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

/** An undo recipe made ready to run from the record (see {@link placedRecipe}). */
export interface PlacedRecipe {
  /** Its arguments, their references resolved. */
  args: Record<string, unknown>;
  /** Its step's folder and variables, hiding in messages what it read. */
  invocation: CommandInvocation;
  /** Hides, in a message, the secrets and environment values the undo read. */
  hide: (text: string) => string;
  /** Whether `hide` hides anything. */
  hides: boolean;
}

/**
 * A recipe's arguments and invocation as its undo runs from the record: in
 * the folder and with the variables its step ran with, references resolved
 * from `params` and the environment (see {@link undoFromRecipe}).
 *
 * @throws Error naming a reference that cannot be resolved, or a folder gone.
 */
export function placedRecipe(
  registry: CommandRegistry,
  recipe: UndoRecipe,
  invocation: CommandInvocation,
  params: Readonly<Record<string, string>>,
): PlacedRecipe {
  const placed = placedUndo(recipe, invocation, params, readsVariables(registry, recipe));
  const { args, mask } = resolveRecipeArgs(
    recipe.args,
    referenceLookup(placed.invocation.env, params, placed.unavailable),
  );
  const hide = (text: string): string => mask.text(placed.mask.text(text));
  // Hidden also where the message is made: a script's first line is cut there, maybe inside a value.
  const ready = placedInvocation(
    placed.invocation,
    placed.invocation.workingDirectory,
    placed.invocation.env,
  );
  ready.hideInMessage = hide;
  return { args, invocation: ready, hide, hides: !(mask.empty && placed.mask.empty) };
}

/**
 * Whether the undo's command may read its environment variables: a shell
 * script (`sh`), a library's command or an unknown one may; the other
 * built-ins read none (only their arguments, which name what they read).
 */
function readsVariables(registry: CommandRegistry, recipe: UndoRecipe): boolean {
  return recipe.command === "sh" || registry.get(recipe.command)?.builtin !== true;
}

/** An undo placed where its step ran, and the step's variables that could not be read now. */
interface PlacedUndo {
  invocation: CommandInvocation;
  mask: SecretMask;
  /** Variables of the step whose references the rollback cannot resolve, with why (only for an undo that reads no variables). */
  unavailable: ReadonlyMap<string, unknown>;
}

/**
 * The invocation of an undo in the folder and with the variables its step
 * ran with (a recipe's `workdir` and `env`): the variables' references are
 * resolved from the rollback's own environment, then set over it, so
 * `${env.NAME}` in the recipe reads them. A folder that is gone fails the undo.
 * A variable that cannot be resolved (its environment variable or secret is
 * not given to the rollback) fails an undo that `readsVariables`; one that
 * reads none (`create_file`'s) goes on without it, unless its own arguments
 * read that variable.
 */
function placedUndo(
  recipe: UndoRecipe,
  invocation: CommandInvocation,
  params: Readonly<Record<string, string>>,
  readsVariables: boolean,
): PlacedUndo {
  const unavailable = new Map<string, unknown>();
  if (recipe.workdir === undefined && recipe.env === undefined) {
    return { invocation, mask: SecretMask.none, unavailable };
  }
  let env = invocation.env;
  let mask = SecretMask.none;
  if (recipe.env) {
    const lookup = referenceLookup(env, params);
    let variables = recipe.env;
    if (!readsVariables) {
      variables = {};
      for (const [name, value] of Object.entries(recipe.env)) {
        try {
          resolveRecipeArgs({ [name]: value }, lookup);
          variables[name] = value;
        } catch (error) {
          unavailable.set(name, error);
        }
      }
    }
    // The values read hide in messages too: a failed undo's output may print them ($TOKEN).
    const resolved = resolveRecipeArgs(variables, lookup);
    env = { ...env, ...(resolved.args as Record<string, string>) };
    mask = resolved.mask;
  }
  const folder = recipe.workdir ?? invocation.workingDirectory;
  if (recipe.workdir !== undefined) requireFolder("the undo", recipe.workdir, folder);
  return { invocation: placedInvocation(invocation, folder, env), mask, unavailable };
}

/**
 * Where an undo from the record finds the values its recipe kept as
 * references. A variable of the step's that could not be resolved
 * (`unavailable`) fails the reading with its own reason, rather than reading
 * whatever the rollback's environment holds under that name.
 */
function referenceLookup(
  env: Readonly<Record<string, string | undefined>>,
  params: Readonly<Record<string, string>>,
  unavailable: ReadonlyMap<string, unknown> = new Map(),
): ReferenceLookup {
  return (ref) => {
    const dot = ref.indexOf(".");
    const [root, name] = [ref.slice(0, dot), ref.slice(dot + 1)];
    if (root === "env") {
      if (unavailable.has(name)) throw unavailable.get(name);
      const value = env[name];
      if (value === undefined)
        throw new Error(
          `it reads the environment variable ${name}, which is not set in this rollback's environment`,
        );
      return value;
    }
    if (root === "param") {
      const value = Object.hasOwn(params, name) ? params[name] : env[secretParamVariable(name)];
      if (value === undefined) throw new MissingSecretParamError(name);
      return value;
    }
    throw new Error(`the run record holds an unknown reference "${ref}"`);
  };
}
