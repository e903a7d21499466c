import { Queue, type ConnectionOptions } from "bullmq";
import { workerQueueName } from "./queue-names";

/**
 * Refuses a worker whose name another worker connected to this Redis holds.
 * A name is where the undos of its steps are sent (its own queue): with two
 * workers of one name (two machines, two folders), the undo of a step can be
 * taken by the one that did not run it, whose journal holds nothing to undo,
 * and the step is reported undone while its effect stays on the other. A
 * worker killed is gone from Redis's clients at once (its connection closed),
 * so a worker started again under its name is not refused; one whose machine
 * vanished holds the name until Redis drops its connection.
 * @throws Error naming the worker and where it runs.
 */
export async function refuseNameInUse(connection: ConnectionOptions, name: string): Promise<void> {
  const queue = new Queue(workerQueueName(name), { connection });
  try {
    const connected = await queue.getWorkers();
    if (connected.length === 0) return;
    const where = connected.map((c) => c.addr).filter(Boolean);
    throw new Error(
      `a worker named ${name} is already connected to this Redis${where.length ? ` (from ${where.join(", ")})` : ""}: the undos of its steps go to it by name, so each worker needs a name of its own`,
    );
  } finally {
    await queue.close();
  }
}
