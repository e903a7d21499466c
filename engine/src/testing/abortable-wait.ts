import { longWait } from "../runtime/long-timeout";

/**
 * Waits `ms`, rejecting as soon as `signal` aborts. It rejects with the
 * signal's reason (not a generic AbortError) so the engine can tell why the
 * wait ended: a step timeout or a cancellation.
 */
export async function abortableWait(ms: number, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  if (ms <= 0) return;
  try {
    await longWait(ms, signal);
  } catch (error) {
    throw signal?.aborted ? signal.reason : error;
  }
}
