import { dirname, resolve } from "node:path";
import type { CommandRegistry } from "../../commands/registry";
import type { WorkflowContext } from "../../runtime/context";
import type { StepExecution } from "../../runtime/step";
import type { ResolvedAction } from "./resolve-action";
import { importModuleFile } from "../../runtime/module-file-url";
import { moduleLoadProblem } from "./module-load-error";
import { isModuleSyntaxError, syntaxErrorLocation } from "../../runtime/syntax-error-location";
import { recordableValue } from "../../record/json-stand-ins";
import { noteStop, STOP_GRACE_MS, StopReason } from "../../runtime/stop-grace";
import { durationText, formatDuration } from "../../units/quantity-text";
import { callOwningStrayErrors, StrayError, strayErrorText } from "../../runtime/stray-errors";

/**
 * Runs a resolved action and gives its output: a command through the
 * registry (which checks its arguments), or an exported function of a
 * JavaScript module called with `(args, context)`, where `context.logger`
 * is the step's own (its lines go to the step's log) and `context.signal`
 * aborts at the step's timeout as well as on cancellation (a function that
 * returns after its timeout's signal fails as timed out, its output unused). A function's
 * output JSON cannot hold is given as the record keeps it (`"[circular]"`, `"10n"`).
 */
export async function runAction(
  action: ResolvedAction,
  registry: CommandRegistry,
  context: WorkflowContext,
  execution: StepExecution,
): Promise<unknown> {
  if (action.kind === "command") return registry.invoke(action.command, action.args, execution);
  const file = resolve(dirname(action.path), action.module);
  const what = `js("${action.module}", "${action.exportName}")`;
  const stepContext = context.forStep(execution);
  const late = (error: unknown): void => stepContext.logger.warn(strayErrorText(what, error, true));
  let module: Record<string, unknown>;
  try {
    // The module's own code runs as it loads: what it starts and leaves is the step's too.
    module = (await callOwningStrayErrors(what, () => importModuleFile(file), late)) as Record<
      string,
      unknown
    >;
  } catch (error) {
    if (error instanceof StrayError) throw error;
    const where = await syntaxErrorLocation(error, file);
    throw new Error(
      `js("${action.module}", "${action.exportName}"): cannot load ${file}: ${moduleLoadProblem(error, file)}${where === undefined ? "" : `\n${where}`}`,
      { cause: error },
    );
  }
  const fn = module[action.exportName];
  if (typeof fn !== "function") {
    throw new Error(`${action.module} has no exported function "${action.exportName}"`);
  }
  const { signal } = stepContext;
  let abortedAt: number | undefined;
  const onAbort = (): void => {
    abortedAt = performance.now();
  };
  signal.addEventListener("abort", onAbort, { once: true });
  let output: unknown;
  try {
    output = await callOwningStrayErrors(
      what,
      () => (fn as (args: unknown, context: WorkflowContext) => unknown)(action.args, stepContext),
      late,
    );
  } catch (error) {
    throw await withModuleLocation(error, action, file);
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
  // Its timeout came while it ran, and it went on to return within the grace
  // it is given to stop: past its deadline, its output is not a success.
  if (abortedAt !== undefined && signal.reason instanceof StopReason) {
    noteStop(
      signal.reason,
      `it did not stop at its signal and returned ${formatDuration(performance.now() - abortedAt)} later, ` +
        `within the ${durationText(STOP_GRACE_MS)} it is given to stop: its output is not used`,
    );
    throw signal.reason;
  }
  // Later steps read what the record keeps, as a resumed run reads it: what JSON cannot
  // hold (a cycle, a BigInt) as its stand-in, so that the engine's walks over a value
  // (references, masks, fingerprints) never loop on a cycle; a function is no output.
  if (typeof output === "function" || typeof output === "symbol") return undefined;
  return recordableValue(output);
}

/**
 * A function's error as it is, unless it is a module's syntax error (an
 * `import()` at run time of a file that does not parse), which Node's ESM
 * loader reports without a place: then one that says so and where, as a
 * module that does not load says it.
 */
async function withModuleLocation(
  error: unknown,
  action: { module: string; exportName: string },
  file: string,
): Promise<unknown> {
  if (!isModuleSyntaxError(error)) return error;
  const where = await syntaxErrorLocation(error, file);
  if (where === undefined) return error;
  return new Error(
    `js("${action.module}", "${action.exportName}"): cannot load a module it imports: SyntaxError: ${error.message}\n${where}`,
    { cause: error },
  );
}
