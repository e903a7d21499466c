/**
 * A process that takes a run lock, as `momoflow rollback` does: started by the
 * run-lock tests, many at once. Usage:
 *   node --require tsx/cjs run-lock-contender.ts LOCK LOG GO HOLD_MS
 * Prints "ready", waits until the file GO exists, takes the lock, appends
 * "enter <pid>" to LOG, sleeps HOLD_MS, appends "leave <pid>", releases.
 */
import { appendFileSync, existsSync } from "node:fs";
import { acquireRunLock } from "../../src/record/run-lock";

async function main(): Promise<void> {
  const [lockPath, logPath, goPath, holdMs] = process.argv.slice(2);
  if (!lockPath || !logPath || !goPath || !holdMs) throw new Error("usage: LOCK LOG GO HOLD_MS");
  process.stdout.write("ready\n");
  while (!existsSync(goPath)) await pause(2);
  const release = await acquireRunLock(lockPath, { runId: "contended", pollMs: 10 });
  appendFileSync(logPath, `enter ${process.pid}\n`);
  await pause(Number(holdMs));
  appendFileSync(logPath, `leave ${process.pid}\n`);
  release();
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
