import type { Redis } from "ioredis";
import { bundleHash, type SourceBundle } from "./source-bundle";
import type { SourceRef } from "./step-job";

/**
 * Workflow sources in Redis, by hash: a run puts its source there once, and
 * its jobs carry only the hash. A worker reads a hash's texts once (and
 * checks them against it), not with every job: a job's size no longer grows
 * with the workflow's.
 */
const SOURCE_TTL_SECONDS = 7 * 24 * 3600;

function sourceKey(hash: string): string {
  return `momoflow-source:${hash}`;
}

/** Puts a run's source in Redis (kept a week after its last run: retries and late workers find it). */
export async function publishSource(client: Redis, bundle: SourceBundle): Promise<SourceRef> {
  await client.set(sourceKey(bundle.hash), JSON.stringify(bundle), "EX", SOURCE_TTL_SECONDS);
  return { entry: bundle.entry, hash: bundle.hash };
}

/** The sources a worker has read, by hash. */
export class SourceCache {
  private readonly known = new Map<string, SourceBundle>();

  constructor(private readonly client: Redis) {}

  /**
   * The source a job names.
   * @throws Error when Redis does not hold it, or its texts do not match the hash.
   */
  async get(ref: SourceRef): Promise<SourceBundle> {
    const known = this.known.get(ref.hash);
    if (known) return known;
    const text = await this.client.get(sourceKey(ref.hash));
    if (text === null)
      throw new Error(
        `the workflow's source ${ref.hash.slice(0, 12)} is not in Redis (expired, or Redis lost its data): run the workflow again`,
      );
    const bundle = JSON.parse(text) as SourceBundle;
    if (bundle.hash !== ref.hash || bundleHash(bundle.entry, bundle.files) !== ref.hash)
      throw new Error(
        `the workflow's source does not match its hash ${ref.hash.slice(0, 12)}: refused`,
      );
    this.known.set(ref.hash, bundle);
    return bundle;
  }
}
