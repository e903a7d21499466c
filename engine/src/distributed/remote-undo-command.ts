import type { CommandRegistry } from "../commands/registry";
import { Dispatcher } from "./dispatcher";
import { parseRedisAddress, type RedisAddress } from "./redis-address";
import { checkRedisReachable } from "./redis-reachable";
import { REMOTE_UNDO_COMMAND, undoRemotely, type RemoteRollbackData } from "./remote-step";
import { foundUndoneNote } from "../record/found-undone-text";

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
  const dispatchers = new Map<string, Promise<Dispatcher>>();
  const dispatcherFor = (recorded: string): Promise<Dispatcher> => {
    const on = where.on ?? recorded;
    let found = dispatchers.get(on);
    if (!found) {
      const address = parseRedisAddress(on);
      if (where.password !== undefined && address.password === undefined)
        address.password = where.password;
      found = reachedDispatcher(address);
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
          await dispatcherFor(String(args.on)),
          data,
          invocation.signal,
          (text) => invocation.writeOutput?.("stdout", text),
        );
        if (outcome === "never_taken") {
          // Nothing of it ran: the rollback records it as never run, not as undone.
          invocation.reportNeverStarted?.();
        } else if (outcome !== "undone") {
          // Undone there by the undo of a rollback killed meanwhile: not run again now.
          invocation.logger.warn(foundUndoneNote(outcome.foundUndoneOn));
          invocation.reportFoundUndone?.(outcome.foundUndoneOn);
        }
      },
    },
    { replace: true },
  );
  return async () => {
    const reached = await Promise.allSettled(dispatchers.values());
    await Promise.all(reached.map((d) => (d.status === "fulfilled" ? d.value.close() : undefined)));
  };
}

/**
 * A dispatcher on `address` once its Redis answered (asked once per rollback,
 * within the deadline a run's start has). The queues' clients wait for Redis
 * for ever, so an undo sent to a Redis that is down would wait its step's
 * whole `rollback_timeout` and then read as an undo that did not stop.
 * @throws Error saying that Redis is not reachable and that nothing was sent.
 */
async function reachedDispatcher(address: RedisAddress): Promise<Dispatcher> {
  try {
    await checkRedisReachable(address);
  } catch (error) {
    throw new Error(
      `Redis at ${address.shown} is not reachable (${(error as Error).message}): nothing was sent to its worker; roll back again once Redis is back`,
      { cause: error },
    );
  }
  return new Dispatcher(address);
}
