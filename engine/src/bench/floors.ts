import { closeSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { JournalEvent } from "../record/journal-event";
import { timeSyncBatches, type BatchPlan } from "./batch-timing";
import type { BenchFloors } from "./bench-report";
import { summarize } from "./statistics";

/** A step's outcome as the journal holds it: what one serialization floor stringifies. */
const SAMPLE_EVENT: JournalEvent = {
  type: "step_finished",
  time: 1_764_000_000_000,
  step: "s1234",
  status: "success",
  attempts: 1,
  metrics: {
    startTime: 1_764_000_000_000,
    endTime: 1_764_000_000_000,
    durationMs: 0.012,
    cpuUserMs: 0.011,
    cpuSystemMs: 0,
    peakMemoryBytes: 123_456_789,
    memory: { kind: "heap_growth", bytes: 120 },
  },
};

/** A ~100-byte journal line (an intent, padded): what one journal write floor writes. */
const SAMPLE_LINE =
  JSON.stringify({
    type: "step_started",
    time: 1_764_000_000_000,
    step: "s1234",
    attempt: 1,
  }).padEnd(99, " ") + "\n";

/**
 * The floors of a recorded step, measured in the same run as the engine's
 * figures: one `writeSync` of a ~100-byte journal line (to a file in
 * `dir`), one `JSON.stringify` of a step's outcome event, one
 * `process.resourceUsage()`, and one awaited no-op call (the baseline,
 * measured by the caller). A recorded step cannot cost less than one write.
 */
export function measureFloors(dir: string, plan: BatchPlan, awaitNoopUs: number): BenchFloors {
  const path = join(dir, "floor.jsonl");
  const fd = openSync(path, "w");
  let journalWrite: number[];
  try {
    journalWrite = timeSyncBatches(() => writeSync(fd, SAMPLE_LINE), plan);
  } finally {
    closeSync(fd);
  }
  const stringify = timeSyncBatches(() => JSON.stringify(SAMPLE_EVENT), plan);
  const resourceUsage = timeSyncBatches(() => process.resourceUsage(), plan);
  const journalWriteUs = summarize(journalWrite);
  const stringifyUs = summarize(stringify);
  return {
    description:
      "per call, batched like the baseline: writeSync of a ~100-byte journal line, JSON.stringify of a step_finished event, process.resourceUsage(), await of a no-op async function",
    journalLineBytes: Buffer.byteLength(SAMPLE_LINE),
    journalWriteUs,
    stringifyUs,
    resourceUsageUs: summarize(resourceUsage),
    awaitNoopUs,
    recordedStepUs: journalWriteUs.median + stringifyUs.median,
  };
}
