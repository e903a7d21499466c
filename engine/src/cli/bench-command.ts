import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { formatBenchReport, runBenchmarks, writeBenchReport } from "../bench";
import { usableWorkingDirectory } from "./working-directory";

export const benchHelp = `Usage: momoflow bench [options]

Measures the engine: execution scaling (1 to 1,000 steps), scalability (up to
100,000 steps, run record on and off), rollback at the start, middle and end,
memory per step and command overhead — each against a plain-await baseline
measured in the same run — and the language: lexing, parsing and checking a
generated 10,000-line .momoflow file (against a lexer-only baseline).
Results go to .momoflow/bench/latest.json.

Options:
  --quick              smaller sizes (about 20 s)
  --out FILE           also write the report to FILE
  --workdir DIR        where .momoflow/bench goes (default: the current directory)
  --json               print the report as JSON instead of the summary
  -h, --help           show this help
`;

/** `momoflow bench`: returns the exit code. */
export async function benchCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean" },
      out: { type: "string" },
      workdir: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(benchHelp);
    return 0;
  }
  const workDir = usableWorkingDirectory(values.workdir, "bench");
  const report = await runBenchmarks({
    quick: values.quick ?? false,
    workDir,
    onProgress: (line) => process.stderr.write(`${line}\n`),
  });
  if (values.out) writeBenchReport(report, resolve(values.out));
  if (values.json) process.stdout.write(JSON.stringify(report, null, 2) + "\n");
  else {
    process.stdout.write(formatBenchReport(report));
    process.stdout.write(`\nsaved to ${join(workDir, ".momoflow", "bench", "latest.json")}\n`);
  }
  return 0;
}
