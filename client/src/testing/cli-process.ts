/**
 * Runs one `momoflow test` process: collects its output, streams its
 * stderr (the human-readable report) as it comes, and stops it with all it
 * started when the run is cancelled. No `vscode` import here.
 */
import { spawn } from "node:child_process";
import { StringDecoder } from "node:string_decoder";
import { killTreeOnWindows, processGroupsOfTree, signalGroups } from "./process-tree";
import type { CliExit } from "./test-results";

import type { CliRuntime } from "../cli-runtime";

/** Options of {@link runCliProcess}. */
export interface CliProcessOptions {
  readonly runtime: CliRuntime;
  /** The arguments after the runtime (`<cli.js> test ...`). */
  readonly args: readonly string[];
  readonly cwd: string;
  /** Aborting stops the process and everything it started. */
  readonly signal?: AbortSignal;
  /** Called with each chunk of stderr as it arrives. */
  readonly onStderr?: (text: string) => void;
  /** Between SIGTERM and SIGKILL on cancellation; default 2000 ms. */
  readonly killGraceMs?: number;
}

/** How the process ended; `cancelled` when the signal stopped it (or it never started for that). */
export interface CliProcessResult extends CliExit {
  readonly cancelled: boolean;
}

/** After SIGKILL, how long the output pipes are waited for before giving up on them. */
const PIPE_WAIT_MS = 1000;

/**
 * Spawns `runtime.command args` in `cwd` (in its own process group off
 * Windows) and resolves when it has exited and its output is read. Never
 * rejects: a process that cannot start resolves with `spawnError`.
 */
export function runCliProcess(options: CliProcessOptions): Promise<CliProcessResult> {
  const { signal } = options;
  if (signal?.aborted)
    return Promise.resolve({
      exitCode: null,
      signal: null,
      stdout: "",
      stderr: "",
      cancelled: true,
    });
  const windows = process.platform === "win32";
  return new Promise((resolve) => {
    const child = spawn(options.runtime.command, [...options.args], {
      cwd: options.cwd,
      env: options.runtime.env,
      // Own process group (pgid = pid), so the CLI and its children are signalled together.
      detached: !windows,
      stdio: ["ignore", "pipe", "pipe"],
      windowsHide: true,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    // A character split across chunks is passed on whole, once complete.
    const decoder = new StringDecoder("utf8");
    child.stderr.on("data", (chunk: Buffer) => {
      stderr.push(chunk);
      const text = decoder.write(chunk);
      if (text) options.onStderr?.(text);
    });

    let cancelled = false;
    let settled = false;
    let groups: number[] = [];
    const timers: NodeJS.Timeout[] = [];
    const finish = (result: Omit<CliProcessResult, "stdout" | "stderr" | "cancelled">): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      for (const timer of timers) clearTimeout(timer);
      // Whatever the CLI started and left behind after a cancellation ends now.
      if (cancelled) signalGroups(groups, "SIGKILL");
      resolve({
        ...result,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
        cancelled,
      });
    };
    const onAbort = (): void => {
      if (cancelled || settled) return;
      cancelled = true;
      const pid = child.pid;
      if (pid === undefined) return;
      if (windows) {
        killTreeOnWindows(pid);
        return;
      }
      void processGroupsOfTree(pid)
        .catch(() => [pid])
        .then((found) => {
          groups = found.includes(pid) ? found : [pid, ...found];
          // The CLI ended while its tree was being listed: what it left behind ends at once.
          if (settled) return signalGroups(groups, "SIGKILL");
          signalGroups(groups, "SIGTERM");
          timers.push(
            setTimeout(() => {
              signalGroups(groups, "SIGKILL");
              // A process that left the groups may still hold the pipes: stop waiting for them.
              timers.push(
                setTimeout(() => {
                  child.stdout.destroy();
                  child.stderr.destroy();
                  finish({ exitCode: child.exitCode, signal: child.signalCode });
                }, PIPE_WAIT_MS),
              );
            }, options.killGraceMs ?? 2000),
          );
        });
    };
    signal?.addEventListener("abort", onAbort, { once: true });

    child.on("error", (error) =>
      finish({ exitCode: null, signal: null, spawnError: error.message }),
    );
    child.on("close", (exitCode, exitSignal) => finish({ exitCode, signal: exitSignal }));
  });
}
