import type { ConnectionOptions } from "bullmq";

/** Where the queue's Redis is: `redis://[user:password@]host[:port][/db]` (`rediss://` for TLS). */
export interface RedisAddress {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls: boolean;
  /** The address as it may be shown: without its password. */
  shown: string;
}

/**
 * Reads a Redis URL as `--on` takes it.
 * @throws Error naming what is wrong with it.
 */
export function parseRedisAddress(text: string): RedisAddress {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`--on ${text}: expected a Redis URL such as redis://localhost:6379`);
  }
  if (url.protocol !== "redis:" && url.protocol !== "rediss:")
    throw new Error(`--on ${text}: expected redis:// or rediss://, not ${url.protocol}//`);
  if (!url.hostname) throw new Error(`--on ${text}: the URL names no host`);
  const port = url.port === "" ? 6379 : Number(url.port);
  const dbText = url.pathname.replace(/^\//, "");
  const db = dbText === "" ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0)
    throw new Error(`--on ${text}: the database "${dbText}" is not a number`);
  const address: RedisAddress = {
    host: url.hostname,
    port,
    db,
    tls: url.protocol === "rediss:",
    shown: `${url.protocol}//${url.username ? `${decodeURIComponent(url.username)}@` : ""}${url.host}${db ? `/${db}` : ""}`,
  };
  if (url.username) address.username = decodeURIComponent(url.username);
  if (url.password) address.password = decodeURIComponent(url.password);
  return address;
}

/**
 * How long a client closed while it waits to reconnect (its Redis refused
 * or away) keeps the process: ioredis waits this long for the `close` of a
 * socket that has closed already (2 s by default), which held a run refused
 * at its start for 2 s after it had said why.
 */
export const CLOSED_CLIENT_GRACE_MS = 100;

/**
 * BullMQ's connection options for an address. `maxRetriesPerRequest: null`
 * as BullMQ requires for workers: a command waits for Redis to come back
 * rather than failing the step it serves.
 */
export function connectionOptions(address: RedisAddress): ConnectionOptions {
  return {
    host: address.host,
    port: address.port,
    db: address.db,
    ...(address.username ? { username: address.username } : {}),
    ...(address.password ? { password: address.password } : {}),
    ...(address.tls ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}
