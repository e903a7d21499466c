/**
 * Which `momoflow test` processes a run of the Testing panel starts, and
 * their exact arguments. No `vscode` import here (unit-tested with mocha).
 */

/** Tests of one file that a run asks for. */
export interface FileTestRequest {
  /** Absolute path of the `.momoflow` file. */
  readonly file: string;
  /** The names of the tests asked for (exact). */
  readonly tests: readonly string[];
  /** Every test of the file is asked for (the file itself was picked, or all of it). */
  readonly wholeFile: boolean;
}

/** One `momoflow test` process: a file, all its tests or some of them. */
export interface TestInvocation {
  readonly file: string;
  /** The tests to run, by exact name (`--test NAME` each); undefined runs the whole file. */
  readonly names?: readonly string[];
  /** The names whose results this invocation is expected to report. */
  readonly tests: readonly string[];
}

/**
 * Groups requests by file, in first-seen order: one process per file, with
 * no selection for a whole file, else naming its tests exactly (`--test`,
 * never `--filter`, which would also run every test whose name contains
 * one of them). Names are deduplicated; a file with no test is left out.
 */
export function planInvocations(requests: readonly FileTestRequest[]): TestInvocation[] {
  const byFile = new Map<string, { tests: Set<string>; wholeFile: boolean }>();
  for (const request of requests) {
    let entry = byFile.get(request.file);
    if (!entry) byFile.set(request.file, (entry = { tests: new Set(), wholeFile: false }));
    for (const name of request.tests) entry.tests.add(name);
    entry.wholeFile ||= request.wholeFile;
  }
  const invocations: TestInvocation[] = [];
  for (const [file, { tests, wholeFile }] of byFile) {
    if (tests.size === 0) continue;
    if (wholeFile) invocations.push({ file, tests: [...tests] });
    else invocations.push({ file, names: [...tests], tests: [...tests] });
  }
  return invocations;
}

/**
 * The arguments after the runtime: `<cli.js> test --json [--test=NAME]... -- <file>`.
 *
 * Each name is passed as one `--test=NAME` argument, so a name starting
 * with `-` is not taken for an option (the CLI's parser refuses
 * `--test -x` as ambiguous), and `--` ends the options so a file name
 * cannot be read as one either. No shell is involved (the process is spawned
 * with an argument vector), so quotes, spaces and `$` need no escaping.
 */
export function testCommandArgs(cliPath: string, invocation: TestInvocation): string[] {
  return [
    cliPath,
    "test",
    "--json",
    ...(invocation.names ?? []).map((name) => `--test=${name}`),
    "--",
    invocation.file,
  ];
}

/** The command line as a person would type it, for the run's output. */
export function commandLineText(runtime: string, args: readonly string[]): string {
  return [runtime, ...args].map(quoteForDisplay).join(" ");
}

function quoteForDisplay(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
