import { Redis } from "ioredis";
import { connectionOptions, type RedisAddress } from "./redis-address";
import { durationText } from "../units/quantity-text";

/** How long a run waits, before anything runs, for its Redis to answer. */
export const REACHABLE_TIMEOUT_MS = 10_000;

/**
 * Resolves once Redis at `address` answers a PING (its password, if any,
 * accepted). The queues' own clients wait for Redis for ever — right once a
 * run is under way, where Redis restarting must not fail it — so a run whose
 * Redis is wrong or down from the start would hang with nothing to show:
 * this asks once, with a deadline, before anything runs.
 * @throws Error saying why Redis did not answer (refused, unknown host, wrong password, timeout).
 */
export async function checkRedisReachable(
  address: RedisAddress,
  timeoutMs: number = REACHABLE_TIMEOUT_MS,
): Promise<void> {
  let lastError: Error | undefined;
  // Its options are the queues' (a command waits while the client reconnects): the deadline ends the wait.
  const client = new Redis({
    ...(connectionOptions(address) as object),
    connectTimeout: timeoutMs,
  });
  // A refusal, an unknown host or a wrong password: kept to say why, the client tries again.
  client.on("error", (error: Error) => (lastError = error));
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `Redis at ${address.shown} did not answer within ${durationText(timeoutMs)}${lastError ? ` (${lastError.message})` : ""}`,
          ),
        ),
      timeoutMs,
    );
  });
  try {
    await Promise.race([client.ping(), deadline]);
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}
