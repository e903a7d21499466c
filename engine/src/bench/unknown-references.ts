import { spawnSync } from "node:child_process";
import { closeSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { CommandRegistry } from "../commands/registry";
import { parseDocument } from "../language/parse";
import { LanguageWorkspace } from "../language/workspace";
import { timeSyncBatches, type BatchPlan } from "./batch-timing";
import type { BenchProgress } from "./bench-progress";
import type {
  MeasuredGoal,
  UnknownReferencesCase,
  UnknownReferencesKeystroke,
  UnknownReferencesSize,
} from "./bench-report";
import { bundledEntry } from "./bundled-entry";
import { garbageCollector } from "./garbage-collection";
import { summarize } from "./statistics";
import { SERVER_NODE_FLAGS, timeKeystrokes } from "./unknown-references-keystroke";
import { makeBenchFolder } from "./bench-temp-folder";

/** The target: `momoflow check` of a file with 20,000 unknown step references within 1 s. */
const GOAL = { references: 20_000, limitMs: 1_000 };
/** The target: the language server within 50 ms per keystroke at 4,000 unknown references. */
const KEYSTROKE_GOAL = { references: 4_000, limitMs: 50 };

/** How big the cases are and how often each is timed. */
export interface UnknownReferencesPlan {
  /** Steps of the one workflow, each with one unknown step reference: one case per size, ascending. */
  sizes: number[];
  /** Samples of each in-process figure and of each `momoflow check` command. */
  samples: number;
  /** The language server's keystrokes: the file's size, keystrokes timed, keystrokes not timed. */
  keystroke: { references: number; rounds: number; warmup: number };
}

/**
 * One workflow of `references` steps, each with one misspelt step id (two
 * letters swapped, one edit from the step before it): every other step in
 * `needs`, the others in `${steps.<id>.output}`. Each is MF002 with a
 * "did you mean" among all the workflow's ids: the checker's worst case.
 */
export function unknownReferencesFile(references: number): string {
  return referencesFile(references, (i) => `stpe_${String(Math.max(0, i - 1)).padStart(5, "0")}`);
}

/**
 * The floor of {@link unknownReferencesFile}: the same file, as long, with
 * each id spelled right (the first step names the one after it, as no step
 * comes before it). No MF002, no error: what `momoflow check` costs on a file
 * of that size whose ids are all known (the steps that read an output
 * without needing it are MF010 warnings, one for every other step).
 */
export function knownReferencesFile(references: number): string {
  const last = references - 1;
  return referencesFile(references, (i) => (i === 0 ? stepId(Math.min(1, last)) : stepId(i - 1)));
}

function stepId(i: number): string {
  return `step_${String(i).padStart(5, "0")}`;
}

/** One workflow of `references` steps, step `i` naming `target(i)` once (see unknownReferencesFile). */
function referencesFile(references: number, targetOf: (i: number) => string): string {
  const id = stepId;
  const lines = ["workflow unknown_references {"];
  for (let i = 0; i < references; i++) {
    const target = targetOf(i);
    lines.push(`  step ${id(i)} {`);
    if (i % 2 === 0) lines.push(`    needs: ${target}`, `    run: log(message: "step ${i}")`);
    else lines.push(`    run: log(message: "after \${steps.${target}.output}")`);
    lines.push("  }");
  }
  lines.push("}", "");
  return lines.join("\n");
}

/**
 * The checker and the language server on files of unknown step references,
 * each against the parse alone of the same text in the same run (the floor):
 * the check through a fresh workspace in this process (nothing cached) and
 * `momoflow check <file>` as a new process (process start included, what a
 * user waits for) at each size; one-letter changes in the built language
 * server over a real LSP connection. The goals are judged on the command and
 * on the keystrokes. What cannot run here (no built bundle) is said in
 * `notMeasured`.
 *
 * @throws Error when a check does not report one MF002 per reference.
 */
export async function measureUnknownReferences(
  plan: UnknownReferencesPlan,
  registry: CommandRegistry,
  progress: BenchProgress,
): Promise<UnknownReferencesCase> {
  const notMeasured: string[] = [];
  const cli = bundledEntry("cli.js");
  if (!cli) notMeasured.push("momoflow check as a process: dist/cli.js is not built");
  const dir = makeBenchFolder("unknown");
  let sizes: UnknownReferencesSize[];
  try {
    sizes = plan.sizes.map((references) =>
      measureSize(references, plan.samples, registry, cli, dir),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  for (const size of sizes) progress(sizeLine(size));

  const server = bundledEntry("server.js");
  let keystroke: UnknownReferencesKeystroke | undefined;
  if (server) keystroke = await measureKeystroke(server, plan.keystroke, progress);
  else notMeasured.push("the language server's keystrokes: dist/server.js is not built");

  const largest = sizes[sizes.length - 1]!;
  const scaled = (ms: number, references: number): number => (ms * GOAL.references) / references;
  const inProcessMs = scaled(largest.checkUs.median / 1000, largest.references);
  const goals: MeasuredGoal[] = [];
  const result: UnknownReferencesCase = {
    description:
      `check(path) through a fresh workspace of one workflow of ${count(largest.references)} steps, ` +
      "each with a misspelt step id (MF002 with a did-you-mean); floor: parseDocument of the same file",
    references: largest.references,
    bytes: largest.bytes,
    checkUs: largest.checkUs,
    parseUs: largest.parseUs,
    ratioToParse: largest.ratioToParse,
    goal: {
      description: `check of ${count(GOAL.references)} unknown step references within ${GOAL.limitMs} ms (median, in-process)`,
      references: GOAL.references,
      limitMs: GOAL.limitMs,
      medianMs: inProcessMs,
      met: inProcessMs <= GOAL.limitMs,
    },
    sizes,
    goals,
    notMeasured,
  };
  if (largest.commandMs) {
    const valueMs = scaled(largest.commandMs.median, largest.references);
    goals.push(
      goal(
        `momoflow check of a file of ${count(GOAL.references)} unknown step references within ${GOAL.limitMs} ms (median wall time, process start included)`,
        GOAL.limitMs,
        valueMs,
        largest.references === GOAL.references
          ? undefined
          : `scaled from ${count(largest.references)}`,
      ),
    );
  }
  if (keystroke) {
    result.keystroke = keystroke;
    goals.push(
      goal(
        `the language server within ${KEYSTROKE_GOAL.limitMs} ms per keystroke at ${count(KEYSTROKE_GOAL.references)} unknown step references (median, change sent to diagnostics read)`,
        KEYSTROKE_GOAL.limitMs,
        keystroke.ms.median,
        keystroke.references === KEYSTROKE_GOAL.references
          ? undefined
          : `measured at ${count(keystroke.references)}, not scaled`,
      ),
    );
  }
  for (const g of goals)
    progress(`  goal: ${g.description}: ${g.valueMs.toFixed(1)} ms — ${g.met ? "met" : "NOT met"}`);
  for (const reason of notMeasured) progress(`  not measured: ${reason}`);
  return result;
}

function goal(
  description: string,
  limitMs: number,
  valueMs: number,
  note: string | undefined,
): MeasuredGoal {
  const measured: MeasuredGoal = { description, limitMs, valueMs, met: valueMs <= limitMs };
  if (note) measured.note = note;
  return measured;
}

/** One size: in-process check and parse, and the command when the CLI is built. */
function measureSize(
  references: number,
  samples: number,
  registry: CommandRegistry,
  cli: string | undefined,
  dir: string,
): UnknownReferencesSize {
  const text = unknownReferencesFile(references);
  const path = join(dir, `unknown-references-${references}.momoflow`);
  const host = { readFile: (p: string) => (p === path ? text : undefined) };
  const check = () => new LanguageWorkspace({ host, registry }).check(path);
  const unknown = check().diagnostics.filter((d) => d.code === "MF002").length;
  if (unknown !== references)
    throw new Error(
      `the unknown-references file gives ${unknown} MF002 for ${references} references`,
    );
  // Each call is long: one call per sample, one call of warm-up.
  const batch: BatchPlan = { samples, batchSize: 1, warmup: 1 };
  garbageCollector().collect?.();
  const parseUs = summarize(timeSyncBatches(() => parseDocument(text, path), batch));
  garbageCollector().collect?.();
  const checkUs = summarize(timeSyncBatches(check, batch));
  const size: UnknownReferencesSize = {
    references,
    bytes: Buffer.byteLength(text),
    checkUs,
    parseUs,
    ratioToParse: checkUs.median / parseUs.median,
  };
  if (cli) {
    writeFileSync(path, text);
    const known = join(dir, `known-references-${references}.momoflow`);
    writeFileSync(known, knownReferencesFile(references));
    const commandMs: number[] = [];
    const knownCommandMs: number[] = [];
    const nodeStartMs: number[] = [];
    // Interleaved, so that the floors see the same load as the figure.
    for (let i = 0; i < samples + 1; i++) {
      const command = timeCommand(cli, path, { status: 1, unknown: references });
      const floor = timeCommand(cli, known, { status: 0, unknown: 0 });
      const start = timeProcess(["-e", ""]);
      // The first round is the warm-up (disk cache of the bundle).
      if (i === 0) continue;
      commandMs.push(command);
      knownCommandMs.push(floor);
      nodeStartMs.push(start);
    }
    size.commandMs = summarize(commandMs);
    size.commandRatioToParse = (size.commandMs.median * 1000) / parseUs.median;
    size.knownCommandMs = summarize(knownCommandMs);
    size.commandRatioToKnown = size.commandMs.median / size.knownCommandMs.median;
    size.nodeStartMs = summarize(nodeStartMs);
  }
  return size;
}

/** Wall ms of `node <args>` as a new process, from spawn to exit. */
function timeProcess(args: string[]): number {
  const started = performance.now();
  const { status } = spawnSync(process.execPath, args, { stdio: "ignore" });
  const elapsed = performance.now() - started;
  if (status !== 0) throw new Error(`node ${args.join(" ")} exited ${status}`);
  return elapsed;
}

/**
 * `node cli.js check <file>` as a new process, wall ms from spawn to exit;
 * its output goes to a file (all of it is written, as to a terminal or a log).
 *
 * @throws Error when the command does not exit with `expected.status` and
 * print one MF002 line per unknown reference.
 */
function timeCommand(
  cli: string,
  file: string,
  expected: { status: number; unknown: number },
): number {
  const out = `${file}.out`;
  const fd = openSync(out, "w");
  let status: number | null;
  const started = performance.now();
  try {
    status = spawnSync(process.execPath, [cli, "check", file], {
      stdio: ["ignore", fd, fd],
    }).status;
  } finally {
    closeSync(fd);
  }
  const elapsed = performance.now() - started;
  const printed = readFileSync(out, "utf8")
    .split("\n")
    .filter((l) => l.includes(" MF002: ")).length;
  if (status !== expected.status || printed !== expected.unknown)
    throw new Error(
      `momoflow check ${file} exited ${status} with ${printed} MF002 lines, expected ${expected.status} with ${expected.unknown}`,
    );
  return elapsed;
}

/** Keystrokes in the built server, against the parse alone of the same text. */
async function measureKeystroke(
  server: string,
  plan: UnknownReferencesPlan["keystroke"],
  progress: BenchProgress,
): Promise<UnknownReferencesKeystroke> {
  const text = unknownReferencesFile(plan.references);
  const timing = await timeKeystrokes(server, text, plan);
  const expected = Math.min(plan.references, 1_000);
  if (timing.diagnostics < expected)
    throw new Error(`the server published ${timing.diagnostics} diagnostics, expected ${expected}`);
  garbageCollector().collect?.();
  const parseUs = summarize(
    timeSyncBatches(() => parseDocument(text, "/keystroke.momoflow"), {
      samples: Math.max(3, Math.min(plan.rounds, 10)),
      batchSize: 1,
      warmup: 1,
    }),
  );
  const keystroke: UnknownReferencesKeystroke = {
    description:
      `one-letter changes of a log message in the built language server ` +
      `(node ${SERVER_NODE_FLAGS.join(" ")} server.js --stdio, as the extension starts it; real LSP), ` +
      `a file of ${count(plan.references)} unknown step references; each timed from didChange sent to ` +
      "the diagnostics of its version read; floor: parseDocument of the same text in this process",
    references: plan.references,
    ms: timing.ms,
    parseUs,
    ratioToParse: (timing.ms.median * 1000) / parseUs.median,
    diagnostics: timing.diagnostics,
  };
  if (timing.serverCpuMs !== undefined) keystroke.serverCpuMs = timing.serverCpuMs;
  progress(
    `  keystroke at ${count(plan.references)} unknown references: ${timing.ms.median.toFixed(1)} ms ` +
      `(p95 ${timing.ms.p95.toFixed(1)})` +
      (timing.serverCpuMs === undefined ? "" : `, server CPU ${timing.serverCpuMs.toFixed(1)} ms`) +
      `, parse alone ${(parseUs.median / 1000).toFixed(1)} ms, ×${keystroke.ratioToParse.toFixed(2)} parse`,
  );
  return keystroke;
}

function sizeLine(size: UnknownReferencesSize): string {
  const ms = (us: number): string => `${(us / 1000).toFixed(1)} ms`;
  return (
    `  unknown references (${count(size.references)}): check ${ms(size.checkUs.median)}, ` +
    `parse ${ms(size.parseUs.median)}, ×${size.ratioToParse.toFixed(1)} parse` +
    (size.commandMs
      ? `; momoflow check ${size.commandMs.median.toFixed(0)} ms, ×${size.commandRatioToParse!.toFixed(1)} parse, ` +
        `×${size.commandRatioToKnown!.toFixed(2)} the check of the same file with known ids ` +
        `(${size.knownCommandMs!.median.toFixed(0)} ms; node start alone ${size.nodeStartMs!.median.toFixed(0)} ms)`
      : "")
  );
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}
