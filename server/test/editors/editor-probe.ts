/**
 * An editor started headless with a probe script that asks the language
 * server what a user would see and writes the answers as JSON: the part every
 * editor's session shares (start, wait for the answers, report why none came).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Position } from "vscode-languageserver-protocol/node";

/** Where the probe asks, and whether the editor stays open after it answered. */
export interface ProbeSpec {
  readonly completion: Position;
  readonly hover: Position;
  readonly stay: boolean;
}

/** What every probe writes besides its answers. */
export interface ProbeAnswers {
  readonly version: string;
  /** The editor's child processes: the language server. */
  readonly children?: readonly { readonly pid: number; readonly command: string }[];
  /** Why the probe could not finish. */
  readonly error?: string;
}

/** A running (or ended) editor and what its probe found. */
export interface EditorSession<A extends ProbeAnswers> {
  readonly editor: ChildProcess;
  readonly answers: A;
  /** The editor's exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
}

/**
 * Why an editor's test cannot run here, or undefined when it can: the tests
 * find and watch the language server through /proc, so Linux only.
 */
export function editorUnavailable(command: string, install: string): string | undefined {
  if (process.platform !== "linux") return "the test reads /proc (Linux only)";
  if (!installedVersion(command)) return `${command} is not installed (${install})`;
  return undefined;
}

/** The first line of `command --version`, or undefined when it is not installed. */
function installedVersion(command: string): string | undefined {
  const found = spawnSync(command, ["--version"], { encoding: "utf8" });
  return found.status === 0 ? found.stdout.split("\n")[0] : undefined;
}

/**
 * Starts `command args` in `dir` with the spec (plus `out`, where to write, and
 * `timeoutMs`, half of ours, for each of its waits) in $MOMOFLOW_PROBE, and
 * resolves with the answers. Rejects with the editor's output when it ends
 * without answering, does not answer within `timeoutMs`, or reports an error.
 * `started` gets the process at once, so the caller can end it by pid whatever happens.
 */
export async function runEditorProbe<A extends ProbeAnswers>(
  command: string,
  args: readonly string[],
  dir: string,
  spec: ProbeSpec & { readonly file: string },
  timeoutMs: number,
  started: (editor: ChildProcess) => void,
): Promise<EditorSession<A>> {
  const out = join(dir, `${command}-answers-${Date.now()}.json`);
  const editor = spawn(command, args, {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      MOMOFLOW_PROBE: JSON.stringify({ ...spec, out, timeoutMs: timeoutMs / 2 }),
    },
  });
  started(editor);
  let output = "";
  editor.stdout!.on("data", (d) => (output += d));
  editor.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => editor.once("exit", resolve));
  let ended = false;
  void exited.then(() => (ended = true));

  const deadline = Date.now() + timeoutMs;
  while (!existsSync(out)) {
    if (ended)
      throw new Error(`${command} ended (${editor.exitCode}) without answering:\n${output}`);
    if (Date.now() > deadline)
      throw new Error(`${command} did not answer within ${timeoutMs} ms:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const answers = JSON.parse(readFileSync(out, "utf8")) as A;
  if (answers.error)
    throw new Error(`in ${command} ${answers.version}: ${answers.error}\n${output}`);
  return { editor, answers, exited };
}
