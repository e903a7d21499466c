import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { WorkflowDefinition, type WorkflowDefinitionInit } from "../runtime/definition";
import { UsageError } from "./usage-error";
import { importFile } from "../runtime/import-file";
import { syntaxErrorLocation } from "../runtime/syntax-error-location";
import { ownStrayErrorsOfSteps } from "./module-step-stray-errors";
import { loadOwningStrayErrors } from "./module-load-stray-errors";
import { isJavaScriptModule } from "./momoflow-files";

/**
 * Loads a workflow module: a JavaScript module whose default export is a
 * `WorkflowDefinition` (or a plain object of its shape, or a function returning
 * one). The definition's `source` is set to the module's absolute path so
 * its runs can be found again for rollback. The errors its own code throws
 * outside its evaluation fail the load (module-load-stray-errors.ts); its steps
 * own the errors their code throws outside its call, as `js()` steps do
 * (module-step-stray-errors.ts).
 */
export async function loadWorkflowModule(file: string): Promise<WorkflowDefinition> {
  const path = resolve(file);
  if (!existsSync(path)) throw new UsageError(`${file}: no such file`);
  if (!isJavaScriptModule(path)) {
    throw new UsageError(
      `${file}: expected a .momoflow file or a JavaScript workflow module (.mjs, .cjs or .js)`,
    );
  }
  const exported = await loadOwningStrayErrors(file, () => loadExport(file, path));
  if (!isDefinitionLike(exported)) {
    throw new UsageError(
      `${file}: the default export must be a WorkflowDefinition (an object with an id and steps)`,
    );
  }
  const init: WorkflowDefinitionInit = { ...(exported as WorkflowDefinitionInit), source: path };
  const definition = new WorkflowDefinition(init);
  ownStrayErrorsOfSteps(definition);
  return definition;
}

/** The module's default export; one that is a function (not a class), called. */
async function loadExport(file: string, path: string): Promise<unknown> {
  let module: { default?: unknown };
  try {
    module = (await importFile(pathToFileURL(path).href)) as { default?: unknown };
  } catch (error) {
    const where = await syntaxErrorLocation(error, path);
    const why =
      where === undefined
        ? (error as Error).message
        : `SyntaxError: ${(error as Error).message}\n${where}`;
    throw new UsageError(`${file}: cannot load the module: ${why}`);
  }
  const exported = module.default;
  if (
    typeof exported === "function" &&
    !(exported.prototype instanceof Object && "validate" in exported.prototype)
  ) {
    return (exported as () => unknown)();
  }
  return exported;
}

function isDefinitionLike(value: unknown): boolean {
  const v = value as { id?: unknown; steps?: unknown } | null | undefined;
  return typeof v === "object" && v !== null && typeof v.id === "string" && Array.isArray(v.steps);
}
