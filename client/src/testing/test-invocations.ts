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

/** One `momoflow test` process: a file, optionally one test of it. */
export interface TestInvocation {
  readonly file: string;
  /** The exact test name for `--filter`, or undefined to run the whole file. */
  readonly filter?: string;
  /** The names whose results this invocation is expected to report. */
  readonly tests: readonly string[];
}

/**
 * Groups requests by file, in first-seen order: a whole file is one process
 * with no filter; a subset is one filtered process per test (the CLI's
 * `--filter` takes one text). Names are deduplicated; a file with no test
 * is left out.
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
    else for (const name of tests) invocations.push({ file, filter: name, tests: [name] });
  }
  return invocations;
}

/**
 * The arguments after the runtime: `<cli.js> test --json [--filter=NAME] -- <file>`.
 *
 * The filter is passed as one `--filter=NAME` argument, so a name starting
 * with `-` is not taken for an option (the CLI's parser refuses
 * `--filter -x` as ambiguous), and `--` ends the options so a file name
 * cannot be read as one either. No shell is involved (the process is spawned
 * with an argument vector), so quotes, spaces and `$` need no escaping.
 */
export function testCommandArgs(cliPath: string, invocation: TestInvocation): string[] {
  return [
    cliPath,
    "test",
    "--json",
    ...(invocation.filter !== undefined ? [`--filter=${invocation.filter}`] : []),
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
