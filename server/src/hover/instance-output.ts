/**
 * Where `steps.<id>.output` is the output of one instance: in the rollback
 * of fan-out step `<id>` itself, which undoes each instance alone (the
 * checker's MF021 rule, `stepOutputFieldIn`).
 */
import { type Position, type SourceFile, fansOut } from "@momoflow/language";
import { contains } from "../analysis/range-contains";

/** Whether `position` is in the `rollback` of fan-out step `id` of a workflow of `file`. */
export function undoesInstanceAt(file: SourceFile, position: Position, id: string): boolean {
  for (const workflow of file.workflows ?? []) {
    for (const step of workflow?.steps ?? []) {
      if (step?.name?.text !== id || !fansOut(step)) continue;
      const rollback = step.properties?.find((p) => p?.name?.text === "rollback")?.value;
      if (rollback && contains(rollback.range, position)) return true;
    }
  }
  return false;
}
