import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

/** The built CLI: the same bytes that ship. `npm test` builds first (pretest). */
export const CLI = resolve(__dirname, "../../../dist/cli.js");
/** The built library, for workflow modules written by tests. */
export const ENGINE_URL = pathToFileURL(resolve(__dirname, "../../../dist/engine.js")).href;

export interface CliOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Starts the CLI in `cwd`, with the process's environment changed by `env`
 * (a name given `undefined` is removed); `done` resolves when it exits.
 */
export function startCli(
  args: string[],
  cwd: string,
  env: Readonly<Record<string, string | undefined>> = {},
): { child: ChildProcess; done: Promise<CliOutcome> } {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  // `momoflow test` keeps a failing test's folder in the temporary folder: ours is removed at exit.
  if (args[0] === "test") childEnv.TMPDIR = keptTestFolders();
  for (const [name, value] of Object.entries(env))
    if (value === undefined) delete childEnv[name];
    else childEnv[name] = value;
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: childEnv });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  const done = new Promise<CliOutcome>((resolvePromise) =>
    child.on("close", (code, signal) => resolvePromise({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

let testFolders: string | undefined;

/**
 * The temporary folder of the `momoflow test` runs of this process, removed
 * when it exits: the folders of the failing tests (the tests of tests fail
 * some on purpose) are kept there, not left in the machine's.
 */
export function keptTestFolders(): string {
  if (testFolders === undefined) {
    const made = mkdtempSync(join(tmpdir(), "momoflow-cli-tests-"));
    process.once("exit", () => rmSync(made, { recursive: true, force: true }));
    testFolders = made;
  }
  return testFolders;
}

/** `env` with the temporary folder of {@link keptTestFolders}: for `momoflow test` started otherwise. */
export function withKeptTestFolders(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, TMPDIR: keptTestFolders() };
}

/** Runs the CLI to its end. */
export function runCli(args: string[], cwd: string): Promise<CliOutcome> {
  return startCli(args, cwd).done;
}

/**
 * Runs the CLI to its end, or kills it (SIGKILL) after `ms`: for a test of
 * what used to hang, which must fail (`signal` set) rather than outlive it.
 */
export async function runCliWithin(args: string[], cwd: string, ms: number): Promise<CliOutcome> {
  const { child, done } = startCli(args, cwd);
  const timer = setTimeout(() => child.kill("SIGKILL"), ms);
  try {
    return await done;
  } finally {
    clearTimeout(timer);
  }
}

/** Waits until `predicate` holds, polling; fails with `what` after `timeoutMs`. */
export async function waitFor(
  predicate: () => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The journal text of the only run under `workdir`, or "" when there is none yet. */
export function journalText(workdir: string): string {
  const runs = join(workdir, ".momoflow", "runs");
  try {
    const id = readFileSync(join(runs, "latest"), "utf8").trim();
    return readFileSync(join(runs, id, "journal.jsonl"), "utf8");
  } catch {
    return "";
  }
}
