import { Redis } from "ioredis";
import { CLOSED_CLIENT_GRACE_MS, connectionOptions, type RedisAddress } from "./redis-address";
import { durationText } from "../units/quantity-text";

/** How long a run waits, before anything runs, for its Redis to answer. */
export const REACHABLE_TIMEOUT_MS = 10_000;

/**
 * How long connections refused are tried again before the run is refused:
 * a Redis started that very moment. Past it nothing listens at the address,
 * and waiting for the whole {@link REACHABLE_TIMEOUT_MS} would only hide that.
 */
export const REFUSED_GRACE_MS = 1_000;

/**
 * Resolves once Redis at `address` answers a PING (its password, if any,
 * accepted). The queues' own clients wait for Redis for ever — right once a
 * run is under way, where Redis restarting must not fail it — so a run whose
 * Redis is wrong or down from the start would hang with nothing to show:
 * this asks once, with a deadline, before anything runs. A connection still
 * refused after {@link REFUSED_GRACE_MS} ends the wait at once: nothing
 * listens there (see {@link RedisRefusedError}).
 * @throws Error saying why Redis did not answer (refused, unknown host, wrong password, timeout).
 */
export async function checkRedisReachable(
  address: RedisAddress,
  timeoutMs: number = REACHABLE_TIMEOUT_MS,
  refusedGraceMs: number = REFUSED_GRACE_MS,
): Promise<void> {
  let lastError: Error | undefined;
  // Its options are the queues' (a command waits while the client reconnects): the deadline ends the wait.
  const client = new Redis({
    ...(connectionOptions(address) as object),
    connectTimeout: timeoutMs,
    disconnectTimeout: CLOSED_CLIENT_GRACE_MS,
  });
  let timer: NodeJS.Timeout | undefined;
  let refusedTimer: NodeJS.Timeout | undefined;
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
    // A refusal, an unknown host or a wrong password: kept to say why, the client tries again.
    client.on("error", (error: Error) => {
      lastError = error;
      if (!isRefused(error) || refusedTimer !== undefined) return;
      // Still refused once the grace is over (not merely refused once, by a Redis starting): said now.
      refusedTimer = setTimeout(() => {
        if (lastError && isRefused(lastError)) reject(new RedisRefusedError(address));
      }, refusedGraceMs);
    });
  });
  try {
    await Promise.race([client.ping(), deadline]);
  } finally {
    clearTimeout(timer);
    clearTimeout(refusedTimer);
    client.disconnect();
  }
}

/**
 * Nothing listens at the address: every connection was refused. Not a Redis
 * slow to answer — one to start, or an address to correct.
 */
export class RedisRefusedError extends Error {
  constructor(address: RedisAddress) {
    super(
      `nothing listens at ${address.shown} (connection refused): start Redis there (redis-server --port ${address.port}) and a worker (momoflow worker --on ${address.shown} --name NAME), or give --on the address where Redis listens`,
    );
    this.name = "RedisRefusedError";
  }
}

function isRefused(error: Error): boolean {
  return (error as NodeJS.ErrnoException).code === "ECONNREFUSED";
}
