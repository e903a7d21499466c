import { UsageError } from "./usage-error";
import { nearestNames } from "../language/edit-distance";
import { UnreadableRecordError } from "../record/unreadable-record-error";
import { endQuietlyWhenOutputCloses } from "./closed-output";

/** Set by the build from package.json. */
declare const MOMOFLOW_VERSION: string;

const mainHelp = `momoflow — workflows with reversible steps

Usage: momoflow <command> [options]

Commands:
  run <file>             run a workflow and record it (.momoflow/runs/)
  rollback <run|file>    undo a run's completed steps from its record
  runs [file|run]        list the runs recorded here and how each stands, or one
  check <files...>       check .momoflow files and print every problem
  test <files...>        run the test blocks of .momoflow files
  graph <file>           print a workflow's dependency graph (dot, mermaid, json)
  fmt <files...>         format .momoflow files (--check: only list them)
  bench                  measure the engine (.momoflow/bench/latest.json)
  worker --on <redis>    run steps sent by "run --on" (BullMQ and Redis)

Run "momoflow <command> --help" for a command's options.

Exit codes: 0 success, 1 failed, 2 bad usage or input, 130 cancelled, 141 the
output was closed early (momoflow check … | head; run and test finish first
and exit with their own status).
`;

/** A command: its arguments in, its exit code out. */
export type Command = (argv: string[]) => Promise<number>;

/** Each command by name, its module loaded when it is run. */
export type CommandTable = Record<string, () => Promise<Command>>;

async function main(argv: string[], commands: CommandTable): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "-h" || name === "--help" || name === "help") {
    process.stdout.write(mainHelp);
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-v") {
    process.stdout.write(`${MOMOFLOW_VERSION}\n`);
    return 0;
  }
  const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!load) {
    const guess = nearestNames(name, Object.keys(commands), 1)[0];
    const hint = guess === undefined ? "" : `; did you mean "${guess}"?`;
    throw new UsageError(`unknown command "${name}"${hint}\n\n${mainHelp}`);
  }
  return (await load())(rest);
}

/**
 * Runs momoflow with the process's arguments: help, version, or one of
 * `commands`; sets the exit code, and prints an error as one line (exit
 * code 2 for bad usage or input, 1 otherwise).
 */
export function runCli(commands: CommandTable): void {
  endQuietlyWhenOutputCloses();
  main(process.argv.slice(2), commands).then(
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
}
