/**
 * Checks rollback data read back from a run record before an undo trusts it.
 *
 * @throws Error naming the command when the data is not an object with a string `path`.
 */
export function expectRollbackData<T extends { path: string }>(command: string, data: unknown): T {
  if (
    data === null ||
    typeof data !== "object" ||
    typeof (data as { path?: unknown }).path !== "string"
  ) {
    throw new Error(`${command}: malformed rollback data ${JSON.stringify(data)}`);
  }
  return data as T;
}
