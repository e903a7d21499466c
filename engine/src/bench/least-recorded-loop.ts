import { closeSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

/** What one step of the loop gives back, as a step's result would. */
interface LoopResult {
  stepId: string;
  status: "success";
  durationMs: number;
}

/** The loop's step: an async function that does nothing, as a no-op step's `execute`. */
async function noopAction(stepId: string): Promise<{ stepId: string; status: "success" }> {
  return { stepId, status: "success" };
}

/** The file run `run` of the loop writes in `dir`: its caller removes it. */
export function leastRecordedLoopFile(dir: string, run: number): string {
  return join(dir, `least-recorded-${run}.jsonl`);
}

/**
 * The least a recorded step can do, written as one plain loop: await its
 * action, write its intent as a JSON line before it (with the outcome of the
 * step before, one `writeSync` per step, as the journal does), make its
 * outcome's line with its times, and keep a result. No engine: what a
 * process's first run of as many steps costs here without one is the floor
 * of the engine's first run (the JIT warms up on this loop too).
 *
 * @returns the loop's wall time, in µs.
 */
export async function runLeastRecordedLoop(
  dir: string,
  steps: number,
  run: number,
): Promise<number> {
  const fd = openSync(leastRecordedLoopFile(dir, run), "a");
  const bytes = Buffer.allocUnsafe(4096);
  const results: LoopResult[] = [];
  let outcome = "";
  const start = performance.now();
  try {
    for (let i = 0; i < steps; i++) {
      const id = `step_${i}`;
      const began = performance.now();
      const time = Date.now();
      const intent = `{"type":"step_started","time":${time},"step":${JSON.stringify(id)},"attempt":1}\n`;
      const length = bytes.write(outcome + intent, 0);
      writeSync(fd, bytes, 0, length);
      const result = await noopAction(id);
      const durationMs = Math.round((performance.now() - began) * 1000) / 1000;
      outcome = `{"type":"step_finished","time":${Date.now()},"step":${JSON.stringify(id)},"status":${JSON.stringify(result.status)},"attempts":1,"metrics":{"startTime":${time},"endTime":${time + Math.round(durationMs)},"durationMs":${durationMs}}}\n`;
      results.push({ stepId: result.stepId, status: result.status, durationMs });
    }
    writeSync(fd, outcome);
  } finally {
    closeSync(fd);
  }
  if (results.length !== steps) throw new Error("the least recorded loop lost a step");
  return (performance.now() - start) * 1000;
}
