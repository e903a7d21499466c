import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { errorMessage } from "../runtime/step";
import { ProcessExitRefused } from "../runtime/process-exit-guard";
import { callOwningStrayErrors, firstFrame, StrayError } from "../runtime/stray-errors";
import { leaveGivenUpWorkBehind } from "./leave-given-up-work";
import { UsageError } from "./usage-error";

/**
 * Loads a workflow module (`momoflow run flow.mjs`, `momoflow rollback
 * flow.mjs`) owning the errors its own top-level code throws outside its
 * evaluation, as a `js()` module's load does (stray-errors.ts): a promise
 * nothing awaited that rejects, a timer's callback that throws, or a
 * `process.exit`, while the module loads, fails the load with a
 * {@link UsageError} naming the file and line — the command ends as after
 * any other load error (exit 2, nothing run, no record, what the module
 * left running not waited for) rather than with Node's stack trace; such an error once the module has loaded is a warning
 * on stderr, and the command goes on.
 * @param file the module as the user named it, for messages.
 * @param load imports the module and reads its definition.
 */
export async function loadOwningStrayErrors<T>(file: string, load: () => Promise<T>): Promise<T> {
  try {
    return (await callOwningStrayErrors(
      `the workflow module ${file}`,
      async () => {
        const loaded = await load();
        // A rejection its top-level code left unhandled is told one turn after the import settled.
        await new Promise((resolve) => setImmediate(resolve));
        return loaded;
      },
      (error) => process.stderr.write(`momoflow: warning: ${afterLoadText(file, error)}\n`),
    )) as T;
  } catch (error) {
    if (!(error instanceof StrayError)) throw error;
    // Its load is given up: what it left running (a top-level await's timer) must not hold the CLI.
    leaveGivenUpWorkBehind();
    throw new UsageError(`${file}: cannot load the module: ${whileLoadingText(error.cause)}`);
  }
}

const HOW = "a promise nothing awaited or caught, a timer's or an event's callback";

function whileLoadingText(error: unknown): string {
  if (error instanceof ProcessExitRefused) return error.message;
  return `its code threw as it loaded, in work it did not await (${HOW}): ${errorMessage(error)}${placeText(error)}`;
}

/** Names the module: a refused exit's message does already (`the workflow module flow.mjs had returned …`). */
function afterLoadText(file: string, error: unknown): string {
  if (error instanceof ProcessExitRefused) return error.message;
  return `${file}: work its code left threw after it loaded (${HOW}): ${errorMessage(error)}${placeText(error)}`;
}

/** ` (at flow.mjs:3:16)`: where it was thrown, a file's path relative to the working directory. */
function placeText(error: unknown): string {
  const frame = error instanceof Error ? firstFrame(error.stack) : undefined;
  if (frame === undefined) return "";
  const url = /^at (file:\/\/.+?)(:\d+:\d+)$/.exec(frame);
  if (url === null) return ` (${frame})`;
  return ` (at ${relative(process.cwd(), fileURLToPath(url[1]!))}${url[2]})`;
}
