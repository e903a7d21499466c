/**
 * Why a `js()` module could not be loaded, for the step's error, which names
 * the module and its file: Node's own message names neither for a syntax
 * error ("Unexpected number"), and says a missing module is "imported from"
 * momoflow's own bundle.
 */
export function moduleLoadProblem(error: unknown, file: string): string {
  const code = (error as { code?: string } | null)?.code;
  if (code === "ERR_MODULE_NOT_FOUND" && String((error as Error).message).includes(file))
    return "no such file";
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
