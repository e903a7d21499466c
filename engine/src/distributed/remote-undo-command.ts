import type { CommandRegistry } from "../commands/registry";
import { Dispatcher } from "./dispatcher";
import { parseRedisAddress } from "./redis-address";
import { REMOTE_UNDO_COMMAND, undoRemotely, type RemoteRollbackData } from "./remote-step";

/**
 * Lets `momoflow rollback` undo, from the scheduler's record, the steps that
 * ran on workers: each undo goes to the worker that reported the step, or
 * to the workers that took its jobs when none did. The record keeps the Redis address
 * without its password: `where.on` (rollback's `--on`) replaces it, and
 * `where.password` (`MOMOFLOW_REDIS_PASSWORD`) adds one. A step no worker
 * ever took (its scheduler was killed while its jobs waited) is reported
 * never started (`reportNeverStarted`): nothing of it ran. Returns what closes
 * the connections once the rollback ended.
 */
export function registerRemoteUndo(
  registry: CommandRegistry,
  where: { on?: string; password?: string },
): () => Promise<void> {
  const dispatchers = new Map<string, Dispatcher>();
  const dispatcherFor = (recorded: string): Dispatcher => {
    const on = where.on ?? recorded;
    let found = dispatchers.get(on);
    if (!found) {
      const address = parseRedisAddress(on);
      if (where.password !== undefined && address.password === undefined)
        address.password = where.password;
      found = new Dispatcher(address);
      dispatchers.set(on, found);
    }
    return found;
  };
  registry.register(
    REMOTE_UNDO_COMMAND,
    {
      description: "Undo a step that ran on a worker (the rollback of a run --on)",
      params: [{ name: "on", type: "string" }],
      run() {
        throw new Error(`${REMOTE_UNDO_COMMAND} is an undo only`);
      },
      async rollback(args, rollbackData, invocation) {
        const data = rollbackData as RemoteRollbackData | undefined;
        if (!data) return;
        const outcome = await undoRemotely(
          dispatcherFor(String(args.on)),
          data,
          invocation.signal,
          (text) => invocation.writeOutput?.("stdout", text),
        );
        if (outcome === "never_taken") {
          // Nothing of it ran: the rollback records it as never run, not as undone.
          invocation.reportNeverStarted?.();
        }
      },
    },
    { replace: true },
  );
  return async () => {
    await Promise.all([...dispatchers.values()].map((d) => d.close()));
  };
}
