import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";

/** How long a claim lasts without its worker renewing it: what a vanished machine holds a name for. */
const CLAIM_TTL_MS = 15_000;
/** How often a worker renews its claim. */
const RENEW_EVERY_MS = 5_000;

/** Sets the claim when it is free or this worker's own (`ARGV[1]` its token): 1, else 0. */
const RENEW_SCRIPT = `
local v = redis.call('GET', KEYS[1])
if v == false or string.sub(v, 1, string.len(ARGV[1])) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1] .. ' ' .. ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0`;

/** Replaces a dead holder's claim (`ARGV[1]`, as read) with this one, unless another did first: 1, else 0. */
const TAKE_OVER_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0`;

/** Releases the claim when it is still this worker's (`ARGV[1]` its token). */
const RELEASE_SCRIPT = `
local v = redis.call('GET', KEYS[1])
if v and string.sub(v, 1, string.len(ARGV[1])) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/** The key of a worker name's claim. */
function claimKey(name: string): string {
  return `momoflow-worker-name:${name}`;
}

/** A worker's hold on its name on one Redis: renewed while it runs, released when it stops. */
export interface WorkerNameClaim {
  release(): Promise<void>;
}

/** A worker of this name holds it on this Redis: the message says where from. */
export class WorkerNameTakenError extends Error {
  constructor(name: string, from: string | undefined) {
    super(
      `a worker named ${name} is already connected to this Redis${from ? ` (from ${from})` : ""}: the undos of its steps go to it by name, so each worker needs a name of its own`,
    );
    this.name = "WorkerNameTakenError";
  }
}

/**
 * Claims worker name `name` on this Redis, atomically: `SET NX` of a key that
 * holds a token of this worker and the id of its Redis connection. Two workers
 * of one name started at the same instant cannot both pass (one of them sets
 * the key). A claim whose holder's connection is gone (the worker was killed:
 * Redis closes its connection at once) is taken over, atomically too; one
 * whose holder vanished with its machine expires once its holder stops
 * renewing it (every {@link RENEW_EVERY_MS}, on `commands`).
 *
 * @throws WorkerNameTakenError when a live worker holds the name.
 */
export async function claimWorkerName(commands: Redis, name: string): Promise<WorkerNameClaim> {
  const token = randomUUID();
  const key = claimKey(name);
  const value = async (): Promise<string> => `${token} ${String(await commands.client("ID"))}`;
  const ttl = String(CLAIM_TTL_MS);
  for (let tries = 0; ; tries++) {
    if ((await commands.set(key, await value(), "PX", CLAIM_TTL_MS, "NX")) === "OK") break;
    const held = await commands.get(key);
    if (held === null) continue; // expired or released in between: try again
    const holder = await connectedClient(commands, held.split(" ")[1] ?? "");
    if (holder.connected || tries > 2) throw new WorkerNameTakenError(name, holder.addr);
    // Its holder's connection is gone: the first to replace what was read takes the name.
    if ((await commands.eval(TAKE_OVER_SCRIPT, 1, key, held, await value(), ttl)) === 1) break;
  }
  const renew = setInterval(() => {
    void (async () => {
      await commands.eval(RENEW_SCRIPT, 1, key, token, String(await commands.client("ID")), ttl);
    })().catch(() => {
      // Redis away: the next renewal (or the claim's expiry) settles it.
    });
  }, RENEW_EVERY_MS);
  renew.unref();
  return {
    async release() {
      clearInterval(renew);
      await commands.eval(RELEASE_SCRIPT, 1, key, token).catch(() => undefined);
    },
  };
}

/** Whether the Redis connection of this id is open, and where it comes from. */
async function connectedClient(
  commands: Redis,
  id: string,
): Promise<{ connected: boolean; addr?: string }> {
  if (!/^\d+$/.test(id)) return { connected: false };
  let list: string;
  try {
    list = String(await commands.client("LIST", "ID", id));
  } catch {
    // Not allowed to list clients: take the holder as alive (its claim expires if it is not).
    return { connected: true };
  }
  const addr = /\baddr=(\S+)/.exec(list)?.[1];
  return addr === undefined ? { connected: false } : { connected: true, addr };
}
