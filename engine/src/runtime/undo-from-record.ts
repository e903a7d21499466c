import type { CommandRegistry } from "../commands/registry";
import { undoFromRecipe } from "../commands/undo-recipe";
import type { WorkflowContext } from "./context";
import type { StepExecution, StepResult, UndoRecipe, WorkflowStep } from "./step";
import {
  isRecordedFunctionUndo,
  undoWithRecordedFunction,
  type RecordedFunctionUndo,
} from "./undo-recorded-function";

/** What the attempts of a step to undo left in the record (see {@link undoFromRecord}). */
export interface RecordedAttempts {
  /** The undo recorded with them; absent when none was. */
  recipe: UndoRecipe | undefined;
  /** The rollback data each call of a recipe or of the workflow's `rollback()` is given, in order. */
  calls: readonly unknown[];
  /** The result the workflow's `rollback()` is given with one call's data. */
  result: (data: unknown) => StepResult;
  /**
   * The recipe cannot serve and the workflow's code must (an undo that
   * reads the step's own output, resolved again from the recorded output).
   */
  recipeUnusable?: boolean;
}

/** Where a step is undone from its record, and with what. */
export interface RecordUndoPlace {
  registry: CommandRegistry;
  /** The context the workflow's code and a recorded function are given. */
  context: WorkflowContext;
  /** Secret params' values, by name: what a recipe kept as their references reads. */
  params: Readonly<Record<string, string>>;
  /** The step as the workflow declares it now, when there is one (never on a worker). */
  step: WorkflowStep | undefined;
  /** Why the undo cannot be made, when none of the ways can (said as the undo's failure). */
  missing: () => string;
}

/** Which way a step's undo from the record is made (see {@link undoFromRecord}). */
export type RecordUndoWay =
  | { kind: "recipe"; recipe: UndoRecipe }
  | { kind: "workflow code"; rollback: NonNullable<WorkflowStep["rollback"]> }
  | { kind: "recorded function"; recipe: RecordedFunctionUndo };

/** The way {@link undoFromRecord} undoes these attempts with the step `step`, if any; undefined when none can. */
export function recordUndoWay(
  attempts: RecordedAttempts,
  step: WorkflowStep | undefined,
): RecordUndoWay | undefined {
  const { recipe } = attempts;
  if (recipe && recipe.kind !== "code" && !attempts.recipeUnusable)
    return { kind: "recipe", recipe };
  if (step?.reversible && step.rollback)
    return { kind: "workflow code", rollback: step.rollback.bind(step) };
  if (isRecordedFunctionUndo(recipe)) return { kind: "recorded function", recipe };
  return undefined;
}

/**
 * Undoes a step from its record, the one way every rollback from a record
 * does (`momoflow rollback`, a resumed run's earlier attempts, a worker's
 * undo): by its recipe (a command, each attempt's data in turn); else,
 * its undo being code, by the workflow's own `rollback()`, when the
 * workflow is had and declares the step; else by the `js()` function the
 * record names, with the arguments the step was resolved with (the step
 * removed from the file since, or a worker, which keeps no workflow for
 * its undos).
 *
 * @throws Error from the undo, or saying why it cannot be made (`place.missing`).
 */
export async function undoFromRecord(
  attempts: RecordedAttempts,
  place: RecordUndoPlace,
  execution: StepExecution,
): Promise<void> {
  const way = recordUndoWay(attempts, place.step);
  if (!way) throw new Error(place.missing());
  if (way.kind === "recipe") {
    for (const data of attempts.calls)
      await undoFromRecipe(place.registry, way.recipe, data, execution, place.params);
  } else if (way.kind === "workflow code") {
    for (const data of attempts.calls)
      await way.rollback(place.context, attempts.result(data), execution);
  } else {
    await undoWithRecordedFunction(
      place.registry,
      way.recipe,
      place.context,
      execution,
      place.params,
    );
  }
}
