import { join } from "node:path";

/** What the distributed room offers the CLI. */
export type DistributedModule = typeof import("../distributed/index");

/**
 * The distributed room (BullMQ, a Redis client), bundled apart as
 * dist/distributed.js next to the CLI and loaded only by `momoflow worker`,
 * `run --on` and the rollback of such a run: every other command starts
 * without parsing a Redis client.
 */
export function loadDistributed(): DistributedModule {
  // A path known only when run: the bundler leaves the separate bundle alone.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(join(__dirname, "distributed.js")) as DistributedModule;
}
