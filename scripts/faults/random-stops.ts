/**
 * `npm run faults -- [--tries N] [--seed N] [--keep]`: stops the random-stops
 * workflow (engine/test/faults/fixtures/random-stops.momoflow) many more times
 * than its mocha test does, with SIGINT, SIGTERM and SIGKILL in turn at random
 * moments, and prints how often the tree came back exactly as it was. The
 * README quotes its figures. Exit code 1 when any try lost something.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  measureRun,
  planStops,
  stopAndCheck,
  STOP_SIGNALS,
  type StopOutcome,
} from "../../engine/test/support/random-stop";

interface Options {
  tries: number;
  seed: number;
  keep: boolean;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      tries: { type: "string", default: "300" },
      seed: { type: "string" },
      keep: { type: "boolean", default: false },
    },
  });
  const tries = wholeNumber("--tries", values.tries!, 1);
  const seed =
    values.seed === undefined
      ? Math.floor(Math.random() * 2 ** 31)
      : wholeNumber("--seed", values.seed, 0);
  return { tries, seed, keep: values.keep! };
}

function wholeNumber(flag: string, text: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) {
    process.stderr.write(`${flag} ${text}: expected a whole number of at least ${min}\n`);
    process.exit(2);
  }
  return n;
}

/** One row per signal and a total: tries, restored, not restored, second rollback clean. */
function summaryTable(outcomes: StopOutcome[]): string {
  const header = ["signal", "tries", "restored", "not restored", "second rollback clean"];
  const row = (name: string, of: StopOutcome[]): string[] => [
    name,
    String(of.length),
    String(of.filter((o) => o.restored).length),
    String(of.filter((o) => !o.restored).length),
    String(of.filter((o) => o.secondRollbackClean).length),
  ];
  const rows = [
    header,
    ...STOP_SIGNALS.map((s) =>
      row(
        s,
        outcomes.filter((o) => o.signal === s),
      ),
    ),
    row("all", outcomes),
  ];
  const widths = header.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
        .join("  "),
    )
    .join("\n");
}

async function main(): Promise<number> {
  const options = readOptions();
  const root = mkdtempSync(join(tmpdir(), "momoflow-faults-"));
  try {
    const runMs = await measureRun(join(root, "measure"));
    process.stdout.write(
      `random stops: ${options.tries} tries, seed ${options.seed}, the unstopped run takes ${Math.round(runMs)} ms\n`,
    );
    const outcomes: StopOutcome[] = [];
    const kept: string[] = [];
    for (const stop of planStops(options.seed, options.tries, runMs)) {
      const workdir = mkdtempSync(join(root, `try-${stop.index}-`));
      const outcome = await stopAndCheck(workdir, stop);
      outcomes.push(outcome);
      const lost = outcome.problems.length > 0;
      process.stdout.write(lost ? "x" : ".");
      if ((stop.index + 1) % 60 === 0) process.stdout.write(` ${stop.index + 1}\n`);
      if (lost && options.keep) kept.push(workdir);
      else rmSync(workdir, { recursive: true, force: true });
    }
    process.stdout.write(`\n\n${summaryTable(outcomes)}\n`);
    const failed = outcomes.filter((o) => o.problems.length > 0);
    for (const o of failed.slice(0, 10)) {
      process.stdout.write(
        `\ntry ${o.index}: ${o.signal} after ${o.delayMs} ms: ${o.problems.join("\n")}\n`,
      );
    }
    if (failed.length > 10) process.stdout.write(`\n… and ${failed.length - 10} more\n`);
    if (kept.length)
      process.stdout.write(`\nkept the folders of failed tries:\n${kept.join("\n")}\n`);
    if (failed.length)
      process.stdout.write(
        `\nreplay: npm run faults -- --tries ${options.tries} --seed ${options.seed}\n`,
      );
    return failed.length === 0 ? 0 : 1;
  } finally {
    if (!options.keep) rmSync(root, { recursive: true, force: true });
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`faults: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
