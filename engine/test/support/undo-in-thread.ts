import { resolve } from "node:path";
import { Worker } from "node:worker_threads";
import type { UndoJobData, UndoJobResult } from "../../src/distributed/step-job";
import { serveUndoJournal, undoJournalLinkEnds } from "../../src/distributed/undo-journal-link";
import type { UndoJournal } from "../../src/distributed/worker-undo";

const SOURCE = resolve(__dirname, "../../src");

/**
 * The thread's side: `undoStepHere` over an `UndoJournalLink`, from the
 * sources (tsx), its result posted back.
 */
const THREAD = `
require("tsx/cjs");
const { parentPort, workerData } = require("node:worker_threads");
const { UndoJournalLink } = require(${JSON.stringify(`${SOURCE}/distributed/undo-journal-link.ts`)});
const { undoStepHere } = require(${JSON.stringify(`${SOURCE}/distributed/worker-undo.ts`)});
const { silentLogger } = require(${JSON.stringify(`${SOURCE}/runtime/logger.ts`)});
const { job, worker, workdir, dir, port, answered } = workerData;
const journal = new UndoJournalLink(dir, port, answered);
undoStepHere(job, { worker, workdir, logger: silentLogger }, journal).then(
  (result) => parentPort.postMessage({ result }),
  (error) => parentPort.postMessage({ error: String(error && error.stack || error) }),
);
`;

/**
 * Undoes `job` as a worker's step thread does: `undoStepHere` in a real
 * thread, its events written to `journal` on this thread through the link a
 * step thread has. The thread is ended before this returns.
 */
export async function undoInThread(
  job: UndoJobData,
  place: { worker: string; workdir: string },
  journal: UndoJournal,
): Promise<UndoJobResult> {
  const link = undoJournalLinkEnds();
  serveUndoJournal(link.main, link.answered, journal);
  const thread = new Worker(THREAD, {
    eval: true,
    workerData: { job, ...place, dir: journal.dir, port: link.thread, answered: link.answered },
    transferList: [link.thread],
  });
  try {
    const reply = await new Promise<{ result?: UndoJobResult; error?: string }>((done, fail) => {
      thread.once("message", done);
      thread.once("error", fail);
    });
    if (reply.error !== undefined) throw new Error(`the undo threw in its thread: ${reply.error}`);
    return reply.result!;
  } finally {
    await thread.terminate();
    link.main.close();
  }
}
