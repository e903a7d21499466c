import { benchCommand, benchHelp } from "./cli/bench-command";
import { checkCommand, checkHelp } from "./cli/check-command";
import { fmtCommand, fmtHelp } from "./cli/fmt-command";
import { graphCommand, graphHelp } from "./cli/graph-command";
import { testCommand, testHelp } from "./cli/test-command";
import { rollbackCommand, rollbackHelp } from "./cli/rollback-command";
import { runCommand, runHelp } from "./cli/run-command";
import { UsageError } from "./cli/usage-error";
import { UnreadableRecordError } from "./record/unreadable-record-error";
import { endQuietlyWhenOutputCloses } from "./cli/closed-output";

/** Set by the build from package.json. */
declare const MOMOFLOW_VERSION: string;

const mainHelp = `momoflow — workflows with reversible steps

Usage: momoflow <command> [options]

Commands:
  run <file>             run a workflow and record it (.momoflow/runs/)
  rollback <run|file>    undo a run's completed steps from its record
  check <files...>       check .momoflow files and print every problem
  test <files...>        run the test blocks of .momoflow files
  graph <file>           print a workflow's dependency graph (dot, mermaid, json)
  fmt <files...>         format .momoflow files (--check: only list them)
  bench                  measure the engine (.momoflow/bench/latest.json)

Run "momoflow <command> --help" for a command's options.

Exit codes: 0 success, 1 failed, 2 bad usage or input, 130 cancelled, 141 the
output was closed early (momoflow check … | head; run and test finish first
and exit with their own status).
`;

const commands: Record<string, { run: (argv: string[]) => Promise<number>; help: string }> = {
  run: { run: runCommand, help: runHelp },
  rollback: { run: rollbackCommand, help: rollbackHelp },
  check: { run: checkCommand, help: checkHelp },
  test: { run: testCommand, help: testHelp },
  graph: { run: graphCommand, help: graphHelp },
  fmt: { run: fmtCommand, help: fmtHelp },
  bench: { run: benchCommand, help: benchHelp },
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "-h" || name === "--help" || name === "help") {
    process.stdout.write(mainHelp);
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-v") {
    process.stdout.write(`${MOMOFLOW_VERSION}\n`);
    return 0;
  }
  const command = commands[name];
  if (!command) throw new UsageError(`unknown command "${name}"\n\n${mainHelp}`);
  return command.run(rest);
}

endQuietlyWhenOutputCloses();
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const usage =
      error instanceof UsageError ||
      error instanceof UnreadableRecordError ||
      (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    process.stderr.write(`momoflow: ${(error as Error).message ?? String(error)}\n`);
    process.exitCode = usage ? 2 : 1;
  },
);
