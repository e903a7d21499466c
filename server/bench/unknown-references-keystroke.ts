/**
 * The language server per keystroke in a file of misspelt step ids, each
 * with a "did you mean" (the checker's worst case for suggestions):
 *
 *   npm run build && npx tsx server/bench/unknown-references-keystroke.ts [--references 4000] [--rounds 20]
 *
 * `--server PATH` measures another build of the server (an older one, to compare).
 *
 * Opens the file in the built `dist/server.js --stdio` over real LSP, then
 * changes one letter of a log message at a time and times each change to
 * the diagnostics of that version, from the client's side, with the
 * server's CPU time per change. The same file with the ids spelt right is
 * the floor: what a keystroke costs with no "did you mean" to find (its
 * reads of outputs without `needs` are then MF010 warnings, cheap to find).
 */
// chevrotain is ESM only: let tsx's require() find its `import` entries (as the tests do).
import "../../engine/test/language/esm-only-dependencies";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { summarize, unknownReferencesFile, uriOf } from "@momoflow/bench";
import { MOMOFLOW_SERVER, startServer } from "./lsp-bench";

/** The target per keystroke at 4,000 unknown references. */
const GOAL_MS = 50;

/** Median and p95 ms per keystroke, and the server's mean CPU ms per keystroke. */
interface KeystrokeFigure {
  medianMs: number;
  p95Ms: number;
  cpuMs: number;
  diagnostics: number;
}

async function keystrokes(
  server: string,
  text: string,
  rounds: number,
  warmup: number,
): Promise<KeystrokeFigure> {
  const dir = mkdtempSync(join(tmpdir(), "momoflow-keystroke-"));
  const client = startServer({
    id: "momoflow",
    script: server,
    nodeFlags: [],
    languageId: "momoflow",
    settings: { momoflow: {} },
  });
  try {
    await client.initialize(dir);
    const uri = uriOf(join(dir, "unknown.momoflow"));
    await client.open(uri, text);
    let published = await client.waitForPublish(uri, 0);
    // The letter after `log(message: "s` in the first step: a keystroke that changes no diagnostic.
    const line = text.split("\n").findIndex((l) => l.includes('log(message: "'));
    const character = text.split("\n")[line]!.indexOf('"') + 1;
    const range = { start: { line, character }, end: { line, character: character + 1 } };
    const samples: number[] = [];
    let cpuStart = client.cpuMs() ?? Number.NaN;
    for (let i = 0; i < warmup + rounds; i++) {
      if (i === warmup) cpuStart = client.cpuMs() ?? Number.NaN;
      const index = client.publishCount(uri);
      const sent = performance.now();
      await client.change(uri, [{ range, text: i % 2 === 0 ? "x" : "y" }]);
      published = await client.waitForPublish(uri, index);
      if (i >= warmup) samples.push(published.at - sent);
    }
    const summary = summarize(samples);
    return {
      medianMs: summary.median,
      p95Ms: summary.p95,
      cpuMs: ((client.cpuMs() ?? Number.NaN) - cpuStart) / rounds,
      diagnostics: published.diagnostics.length,
    };
  } finally {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      references: { type: "string", default: "4000" },
      rounds: { type: "string", default: "20" },
      server: { type: "string", default: MOMOFLOW_SERVER },
    },
  });
  const references = Number(values.references);
  const rounds = Number(values.rounds);
  if (!Number.isInteger(references) || references < 2)
    throw new Error(`--references takes a whole number of at least 2, not "${values.references}"`);
  if (!Number.isInteger(rounds) || rounds < 1)
    throw new Error(`--rounds takes a whole number of at least 1, not "${values.rounds}"`);
  const text = unknownReferencesFile(references);
  // The floor: the same steps with the ids spelt right (no suggestion to look for).
  const floorText = text.replaceAll("stpe_", "step_");
  const unknown = await keystrokes(values.server, text, rounds, 3);
  // The server publishes at most its maxNumberOfProblems (1,000 by default).
  if (unknown.diagnostics < Math.min(references, 1_000))
    throw new Error(`expected ${references} diagnostics, got ${unknown.diagnostics}`);
  const floor = await keystrokes(values.server, floorText, rounds, 3);
  const row = (name: string, f: KeystrokeFigure): string =>
    `${name.padEnd(34)} median ${f.medianMs.toFixed(1).padStart(7)} ms  p95 ${f.p95Ms.toFixed(1).padStart(7)} ms  server CPU ${f.cpuMs.toFixed(1).padStart(7)} ms  (${f.diagnostics} diagnostics)`;
  console.log(`${rounds} one-letter changes, each timed to the diagnostics of its version:`);
  console.log(row(`${references.toLocaleString("en-US")} unknown step references`, unknown));
  console.log(row("the same file, ids spelt right", floor));
  console.log(
    `ratio to the floor: ×${(unknown.medianMs / floor.medianMs).toFixed(2)}; goal: under ${GOAL_MS} ms per keystroke — ${unknown.medianMs < GOAL_MS ? "met" : "NOT met"}`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
