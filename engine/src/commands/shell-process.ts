import type * as ChildProcess from "node:child_process";
import { statSync } from "node:fs";
import { constants as osConstants } from "node:os";
import { StringDecoder } from "node:string_decoder";
import type { Logger } from "../runtime/logger";
import type { ChildMetrics } from "../runtime/metrics";
import { bashMessage } from "./bash-error-line";
import { failureExcerpt } from "./failure-excerpt";
import { KeptOutput } from "./kept-output";
import { parseChildCpuTimes } from "./linux-proc";
import { MemorySampler } from "./memory-sampler";
import { runsBash, shellCommandLine, type ShellName } from "./shell-choice";
import {
  type FailingLine,
  failingLineText,
  readFailingLine,
  withFailingLineTrap,
} from "./failing-line";
import { OUTPUT_FILE_VARIABLE, ShellOutputFile } from "./shell-output-file";
import { noteStop } from "../runtime/stop-grace";
import { durationText } from "../units/quantity-text";

/** Options of {@link runShell}. */
export interface ShellRunOptions {
  /** Working directory of the script. */
  cwd: string;
  /** Environment of the script (undefined values are left out). Default: `process.env`. */
  env?: Record<string, string | undefined>;
  /**
   * The shell that runs the script (see {@link shellCommandLine}). Default
   * `auto`: `bash -euo pipefail` when bash is on PATH, else `/bin/sh -e`.
   */
  shell?: ShellName;
  /** Aborting it (timeout, cancel) stops the script's whole process group. */
  signal?: AbortSignal;
  logger?: Logger;
  /** Receives standard output as it comes. */
  onStdout?: (chunk: string) => void;
  /** Receives standard error as it comes. */
  onStderr?: (chunk: string) => void;
  /** Wait between SIGTERM and SIGKILL after an abort. Default 2000 ms. */
  killGraceMs?: number;
  /**
   * Called right after the shell is spawned with its pid, which is also the id
   * of the script's process group (not called when the spawn fails).
   */
  onSpawn?: (pid: number) => void;
  /**
   * Hides secrets in the script and its output before a failure's message
   * quotes them: the message cuts both short, and a value cut in half is no
   * longer recognized by a mask applied afterwards.
   */
  hide?: (text: string) => string;
}

/** What a finished script left. */
export interface ShellRunResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Standard output: whole up to 64 MB, then its start and its end (see {@link KeptOutput}). */
  stdout: string;
  /**
   * A shell step's output: what the script wrote to `$MOMOFLOW_OUTPUT`, else
   * its standard output; either without its trailing newline.
   */
  output: string;
  stderr: string;
  /** CPU and peak memory of the script's processes, where the OS reports them (Linux). */
  childMetrics: ChildMetrics;
  /** `output` was not UTF-8: the bytes that were not read as U+FFFD. */
  outputNotUtf8?: true;
}

/** A script that exited non-zero, was killed, or was stopped by the abort signal. */
export class ShellError extends Error implements ShellRunResult {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly output: string;
  readonly stderr: string;
  readonly childMetrics: ChildMetrics;
  /** Stopped by the abort signal (timeout or cancel). */
  readonly aborted: boolean;
  /**
   * The line of a multi-line bash script whose command failed (its exit code
   * the script's), named in the message by {@link failingLineText}.
   */
  failingLine?: FailingLine;

  constructor(message: string, result: ShellRunResult, aborted: boolean, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "ShellError";
    this.exitCode = result.exitCode;
    this.signal = result.signal;
    this.stdout = result.stdout;
    this.output = result.output;
    this.stderr = result.stderr;
    this.childMetrics = result.childMetrics;
    this.aborted = aborted;
  }
}

// The script runs in a child shell (its command line and the script are the
// wrapper's "$@") so this one can report, on fd 3, its own /proc stat line,
// whose cutime/cstime are the CPU of everything the script waited for.
// `read`/`printf` are builtins: no extra process. The script does not get
// fd 3, so a background process left behind cannot hold that pipe.
const LINUX_WRAPPER =
  '"$@" 3>&-; rc=$?; IFS= read -r s < /proc/$$/stat; printf "%s\\n" "$s" >&3; exit $rc';

// With `onSpawn`, the shell waits for a line on stdin, sent once `onSpawn`
// has returned (recorded the process), before it runs anything: a parent
// killed in between closes the pipe, and the shell exits without running the
// script. The script itself gets stdin closed, as without `onSpawn`.
const RECORDED_GATE = "IFS= read -r _ || exit 125; exec </dev/null; ";

// How long output pipes are waited for once the shell has exited.
const PIPE_DRAIN_MS = 250;

/**
 * Runs `script` under `options.shell` (default: `bash -euo pipefail` when bash
 * is on PATH, else `/bin/sh -e`) in its own process group, stdin closed, with
 * `$MOMOFLOW_OUTPUT` naming an empty file it may write its output to. With
 * `onSpawn`, the script starts only once `onSpawn` has returned.
 *
 * When `signal` aborts, SIGTERM goes to the whole group (grandchildren too),
 * then SIGKILL after `killGraceMs`; the promise settles only once the shell
 * has exited and its output is closed. Output is kept whole up to 64 MB a
 * stream; past that, its start and end (the listeners get every byte).
 *
 * @returns the output and, on Linux, the script's child CPU times and peak memory.
 * @throws ShellError on a non-zero exit (the message holds the exit code and
 *   the lines of stderr that say why, see {@link failureExcerpt}), a death by
 *   signal, or an abort.
 */
export function runShell(script: string, options: ShellRunOptions): Promise<ShellRunResult> {
  const { signal, logger } = options;
  const hide = options.hide ?? ((text: string) => text);
  // Made only for a message: hiding is a scan of the whole script.
  const label = (): string => scriptLabel(hide(script));
  if (signal?.aborted) {
    return Promise.reject(
      new ShellError(
        `shell command ${label()} was stopped before it started: ${reasonText(signal.reason)}`,
        emptyResult(),
        true,
        signal.reason,
      ),
    );
  }
  try {
    if (!statSync(options.cwd).isDirectory()) throw new Error("not a folder");
  } catch {
    return Promise.reject(
      new Error(`working directory "${options.cwd}" does not exist or is not a folder`),
    );
  }

  let commandLine: string[];
  let outputFile: ShellOutputFile;
  let trapped = false;
  try {
    const shell = shellCommandLine(options.shell);
    outputFile = ShellOutputFile.create();
    // Under bash, a multi-line script's failing line is told (failing-line.ts).
    trapped = runsBash(shell) && script.includes("\n");
    commandLine = [...shell, trapped ? withFailingLineTrap(script, outputFile.trapFiles) : script];
  } catch (error) {
    return Promise.reject(
      new ShellError(
        `shell command ${label()} could not start: ${(error as Error).message}`,
        emptyResult(),
        false,
        error,
      ),
    );
  }

  return new Promise((resolve, reject) => {
    const linux = process.platform === "linux";
    const gated = options.onSpawn !== undefined;
    // Off Linux and without onSpawn the shell is spawned itself; otherwise a wrapper runs it.
    const wrapper = (gated ? RECORDED_GATE : "") + (linux ? LINUX_WRAPPER : 'exec "$@"');
    const [file, args] =
      linux || gated
        ? ["/bin/sh", ["-c", wrapper, "momoflow", ...commandLine]]
        : [commandLine[0]!, commandLine.slice(1)];
    const env = definedEnv(options.env ?? process.env);
    env[OUTPUT_FILE_VARIABLE] = outputFile.path;
    let child: ChildProcess.ChildProcess;
    try {
      child = childProcess().spawn(file, args, {
        cwd: options.cwd,
        env,
        // Own process group (pgid = pid), so the whole tree can be signalled at once.
        detached: true,
        stdio: [gated ? "pipe" : "ignore", "pipe", "pipe", linux ? "pipe" : "ignore"],
      });
    } catch (error) {
      // Refused before any process existed (E2BIG): nothing ran.
      outputFile.remove();
      reject(
        new ShellError(
          `shell command ${label()} could not start: ${spawnRefusal(error as NodeJS.ErrnoException, script)}`,
          emptyResult(),
          false,
          error,
        ),
      );
      return;
    }
    const pid = child.pid;
    const sampler = linux && pid !== undefined ? new MemorySampler(pid).start() : undefined;

    const stdout = new KeptOutput();
    const stderr = new KeptOutput();
    const stat: Buffer[] = [];
    collect(child.stdout!, stdout, options.onStdout);
    collect(child.stderr!, stderr, options.onStderr);
    const statPipe = child.stdio[3];
    if (statPipe && "on" in statPipe) statPipe.on("data", (chunk: Buffer) => stat.push(chunk));

    let aborted = false;
    /** The shell had exited before the abort: its script ran to its end, only its output was awaited. */
    let exitedBeforeAbort = false;
    /**
     * Whether the script ran to its end and succeeded, also when the abort came
     * first: the Linux wrapper outlives its script and dies of the group's SIGTERM,
     * so its exit code 0 says the script had returned 0 before that signal.
     */
    const succeededBeforeAbort = (): boolean => exit?.code === 0 && (exitedBeforeAbort || linux);
    let settled = false;
    /** Why `onSpawn` failed: the group was killed at once. */
    let notRecorded: Error | undefined;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    let drainTimer: NodeJS.Timeout | undefined;

    const killGroup = (sig: NodeJS.Signals): void => {
      if (pid === undefined) return;
      try {
        process.kill(-pid, sig);
      } catch {
        // ESRCH: the group is already gone.
      }
    };
    // After the shell exited, output pipes that a leftover process (e.g. `server &`)
    // still holds are not waited for long: that process is not ours to wait on.
    const stopWaitingForPipes = (): void => {
      clearTimeout(drainTimer);
      drainTimer = setTimeout(() => {
        logger?.warn("a process left by the shell command still holds its output; not waiting", {
          pid,
        });
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish();
      }, PIPE_DRAIN_MS);
    };
    const onAbort = (): void => {
      if (aborted || settled) return;
      aborted = true;
      exitedBeforeAbort = exit !== undefined;
      logger?.debug("stopping shell command", { pid, reason: reasonText(signal?.reason) });
      // The group gets its whole grace to shut down, even once the shell itself is gone.
      clearTimeout(drainTimer);
      killGroup("SIGTERM");
      const graceMs = options.killGraceMs ?? 2000;
      killTimer = setTimeout(() => {
        killGroup("SIGKILL");
        // A timeout's message says its step was killed, not only stopped.
        noteStop(
          signal?.reason,
          `it did not stop within ${durationText(graceMs)} of SIGTERM and was killed (SIGKILL)`,
        );
        // Only a process that left the group can still hold the pipes now.
        stopWaitingForPipes();
      }, graceMs);
    };
    signal?.addEventListener("abort", onAbort, { once: true });

    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      clearTimeout(drainTimer);
      clearTimeout(killTimer);
      // Anything of the group that outlived the shell after an abort dies now.
      if (aborted) killGroup("SIGKILL");
      const childMetrics: ChildMetrics = {};
      const cpu = parseChildCpuTimes(Buffer.concat(stat).toString("latin1"));
      if (cpu) Object.assign(childMetrics, cpu);
      const peak = sampler?.stop();
      if (peak !== undefined) childMetrics.peakMemoryBytes = peak;
      const out = stdout.text();
      const err = stderr.text();
      const written = outputFile.read();
      const failingLine =
        trapped && exit?.code
          ? readFailingLine(
              script,
              outputFile.trapFiles,
              exit.code,
              bashMessage(err, commandLine[0]!),
            )
          : undefined;
      outputFile.remove();
      const result: ShellRunResult = {
        exitCode: exit?.code ?? null,
        signal: exit?.signal ?? null,
        stdout: out,
        output: written ?? out.replace(/\r?\n$/, ""),
        stderr: err,
        childMetrics,
      };
      if (written !== undefined ? outputFile.notUtf8 : stdout.notUtf8) result.outputNotUtf8 = true;
      if (notRecorded) {
        reject(
          new ShellError(
            `shell command ${label()} was stopped: its process could not be recorded: ${notRecorded.message}`,
            result,
            false,
            notRecorded,
          ),
        );
      } else if (error) {
        reject(
          new ShellError(
            `shell command ${label()} could not start: ${error.message}`,
            result,
            false,
            error,
          ),
        );
      } else if (aborted && !succeededBeforeAbort()) {
        reject(
          new ShellError(
            `shell command ${label()} was stopped: ${reasonText(signal?.reason)}`,
            result,
            true,
            signal?.reason,
          ),
        );
      } else if (result.exitCode !== 0) {
        const shown = failingLine && { ...failingLine, text: hide(failingLine.text) };
        const error = new ShellError(failureMessage(label(), result, hide, shown), result, false);
        if (shown) error.failingLine = shown;
        reject(error);
      } else {
        resolve(result);
      }
    };

    // The shell waits on RECORDED_GATE: it runs the script only once this says
    // go. A script whose process cannot be recorded (so that a later rollback
    // could stop it) never runs.
    if (gated && child.stdin) {
      child.stdin.on("error", () => {}); // EPIPE: the shell is gone already
      try {
        if (pid !== undefined) options.onSpawn!(pid);
        child.stdin.end("\n");
      } catch (error) {
        notRecorded = error instanceof Error ? error : new Error(String(error));
        child.stdin.destroy();
        killGroup("SIGKILL");
      }
    }

    child.on("error", (error) => finish(error));
    child.on("exit", (code, sig) => {
      exit = { code, signal: sig };
      if (!aborted) stopWaitingForPipes();
    });
    child.on("close", () => finish());
  });
}

function collect(
  stream: NodeJS.ReadableStream,
  chunks: KeptOutput,
  listener?: (chunk: string) => void,
): void {
  // A decoder per stream, so a character split between chunks reaches the listener whole.
  const decoder = listener ? new StringDecoder("utf8") : undefined;
  stream.on("data", (chunk: Buffer) => {
    chunks.push(chunk);
    if (decoder) {
      const text = decoder.write(chunk);
      if (text) listener!(text);
    }
  });
  if (decoder) {
    stream.on("end", () => {
      const rest = decoder.end();
      if (rest) listener!(rest);
    });
  }
}

function failureMessage(
  label: string,
  result: ShellRunResult,
  hide: (text: string) => string,
  failingLine?: FailingLine,
): string {
  // Many tools say why on stdout: it speaks when stderr is silent.
  const tail = failureExcerpt(hide(result.stderr)) || failureExcerpt(hide(result.stdout));
  let how: string;
  if (result.signal) {
    how = `was killed by ${result.signal}`;
  } else {
    how = `exited with code ${result.exitCode}`;
    // A shell reports a child killed by signal n as 128 + n.
    const name = result.exitCode !== null ? signalName(result.exitCode - 128) : undefined;
    if (name) how += ` (${name}?)`;
    if (failingLine) how += ` ${failingLineText(failingLine)}`;
  }
  if (!tail) return `shell command ${label} ${how}`;
  // Several lines read best from a line of their own.
  return `shell command ${label} ${how}:${tail.includes("\n") ? "\n" : " "}${tail}`;
}

// Linux's MAX_ARG_STRLEN: the most one argument of a new process may hold.
const MAX_ARGUMENT_BYTES = 128 * 1024;

/** Why the system refused to start the shell, in the user's terms. */
function spawnRefusal(error: NodeJS.ErrnoException, script: string): string {
  const bytes = Buffer.byteLength(script);
  if (error.code !== "E2BIG") return error.message;
  const what =
    bytes > MAX_ARGUMENT_BYTES
      ? `the script is ${Math.round(bytes / 1024)} KB, more than the ${MAX_ARGUMENT_BYTES / 1024} KB the system lets one argument of a process hold`
      : "the script and the environment are more than the system lets a new process have";
  return `${what} (E2BIG); write large values to a file and read it in the script`;
}

function signalName(n: number): string | undefined {
  if (n <= 0) return undefined;
  return Object.entries(osConstants.signals).find(([, value]) => value === n)?.[0];
}

/** The first line of a script, shortened, for messages. */
function scriptLabel(script: string): string {
  const first = script.trim().split("\n")[0] ?? "";
  const short = first.length > 60 ? `${first.slice(0, 60)}…` : first;
  return JSON.stringify(script.trim().includes("\n") && short === first ? `${short} …` : short);
}

function reasonText(reason: unknown): string {
  if (reason instanceof Error) return reason.name === "TimeoutError" ? "timed out" : reason.message;
  return reason === undefined ? "aborted" : String(reason);
}

function definedEnv(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
  return out;
}

function emptyResult(): ShellRunResult {
  return { exitCode: null, signal: null, stdout: "", output: "", stderr: "", childMetrics: {} };
}

let loadedChildProcess: typeof ChildProcess | undefined;

/**
 * node:child_process, loaded at the first spawn: every command of the CLI
 * registers the built-in commands, `momoflow check` only to read their
 * signatures, and loading it costs some 5 ms at each start.
 */
function childProcess(): typeof ChildProcess {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loadedChildProcess ??= require("node:child_process") as typeof ChildProcess;
  return loadedChildProcess;
}
