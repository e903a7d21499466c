import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { formatBenchReport, runBenchmarks, writeBenchReport } from "../bench";
import { usableWorkingDirectory } from "./working-directory";
import { writableOutputFile } from "./output-file-option";
import { loadDistributed } from "./distributed-module";
import { UsageError } from "./usage-error";
import { parseCommandArgs } from "./command-args";
import { makeFolders } from "../runtime/make-folders";
import {
  FIRST_RUN_CHILD_KINDS,
  measureFirstRunHere,
  type FirstRunChildKind,
} from "../bench/first-run-child";

export const benchHelp = `Usage: momoflow bench [options]

Measures the engine: execution scaling (1 to 1,000 steps), scalability (up to
100,000 steps, run record on and off), rollback at the start, middle and end,
memory per step and command overhead — each against a plain-await baseline
measured in the same run — and the language: lexing, parsing and checking a
generated 10,000-line .momoflow file (against a lexer-only baseline).
Results go to .momoflow/bench/latest.json.

Options:
  --quick              smaller sizes (about 20 s)
  --out FILE           also write the report to FILE (replaced, unless it is
                       read-only: then refused before anything is measured)
  --workdir DIR        where .momoflow/bench goes (default: the current directory)
  --json               print the report as JSON instead of the summary
  --distributed        measure steps on workers instead (BullMQ and Redis):
                       a bare BullMQ job round trip, a chain of no-op steps
                       through one worker (goal: at most 2× the round trip)
                       and in this process, and a wide graph's throughput with
                       1, 2 and 4 workers — all in the same run. Starts a
                       redis-server on a free port unless --on is given; the
                       figures go to .momoflow/bench/distributed-latest.json
  --on REDIS-URL       with --distributed: the Redis to use
  -h, --help           show this help
`;

/** `momoflow bench`: returns the exit code. */
export async function benchCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs("bench", {
    args: argv,
    options: {
      quick: { type: "boolean" },
      out: { type: "string" },
      workdir: { type: "string" },
      json: { type: "boolean" },
      distributed: { type: "boolean" },
      on: { type: "string" },
      help: { type: "boolean", short: "h" },
      // A process the bench itself starts (bench/first-run-processes.ts): not in the help.
      "first-run-child": { type: "string" },
      steps: { type: "string" },
    },
  });
  if (values.help) {
    process.stdout.write(benchHelp);
    return 0;
  }
  if (values["first-run-child"] !== undefined)
    return firstRunChild(values["first-run-child"], values.steps);
  if (values.steps !== undefined)
    throw new UsageError(
      "--steps is for --first-run-child (the processes the bench starts itself)",
    );
  const workDir = usableWorkingDirectory(values.workdir, "bench");
  // Before minutes of measuring, not after them.
  const out = values.out === undefined ? undefined : writableOutputFile("--out", values.out);
  if (values.on !== undefined && !values.distributed)
    throw new UsageError("--on is for --distributed: the other benchmarks run in this process");
  if (values.distributed) return benchDistributed(workDir, values, out);
  const report = await runBenchmarks({
    quick: values.quick ?? false,
    workDir,
    onProgress: (line) => process.stderr.write(`${line}\n`),
  });
  if (out) writeBenchReport(report, out);
  if (values.json) process.stdout.write(JSON.stringify(report, null, 2) + "\n");
  else {
    process.stdout.write(formatBenchReport(report));
    process.stdout.write(`\nsaved to ${join(workDir, ".momoflow", "bench", "latest.json")}\n`);
  }
  return 0;
}

/**
 * `momoflow bench --first-run-child KIND --steps N`: measures this fresh
 * process's first run and prints its figures as one JSON line.
 */
async function firstRunChild(kind: string, steps: string | undefined): Promise<number> {
  if (!(FIRST_RUN_CHILD_KINDS as readonly string[]).includes(kind))
    throw new UsageError(
      `--first-run-child takes ${FIRST_RUN_CHILD_KINDS.join(", ")}, not "${kind}"`,
    );
  const count = Number(steps);
  if (!Number.isSafeInteger(count) || count < 1)
    throw new UsageError(`--steps takes a whole number of steps from 1, not "${steps ?? ""}"`);
  const figures = await measureFirstRunHere(kind as FirstRunChildKind, count);
  process.stdout.write(`${JSON.stringify(figures)}\n`);
  return 0;
}

/** `momoflow bench --distributed`: steps on workers, against a bare BullMQ round trip. */
async function benchDistributed(
  workDir: string,
  values: { quick?: boolean; on?: string; json?: boolean },
  out: string | undefined,
): Promise<number> {
  const figures = await loadDistributed().measureDistributed({
    cliPath: process.argv[1]!,
    ...(values.on ? { on: values.on } : {}),
    quick: values.quick ?? false,
    progress: (line) => process.stderr.write(`${line}\n`),
  });
  const text = JSON.stringify({ createdAt: new Date().toISOString(), ...figures }, null, 2) + "\n";
  const saved = join(workDir, ".momoflow", "bench", "distributed-latest.json");
  makeFolders(dirname(saved));
  writeFileSync(saved, text);
  if (out) writeFileSync(out, text);
  if (values.json) process.stdout.write(text);
  else
    process.stdout.write(
      `${loadDistributed().formatDistributedFigures(figures)}\nsaved to ${saved}\n`,
    );
  return 0;
}
