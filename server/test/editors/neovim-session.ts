/**
 * Headless Neovim with the README's configuration, a `.momoflow` file open and
 * `neovim-probe.lua` asking the language server what a user would see.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Position } from "vscode-languageserver-protocol/node";
import { readmeBlock } from "./readme-block";

const PROBE = resolve(__dirname, "neovim-probe.lua");

/** What the probe writes: the answers as Neovim got them. */
export interface ProbeResult {
  readonly nvimPid: number;
  readonly version: string;
  readonly filetype?: string;
  readonly client?: { readonly name: string; readonly rootDir: string };
  /** Neovim's child processes: the language server. */
  readonly children?: { readonly pid: number; readonly command: string }[];
  /** `vim.diagnostic.get()` (0-based lines and columns). */
  readonly diagnostics?: {
    readonly lnum: number;
    readonly col: number;
    readonly end_lnum: number;
    readonly end_col: number;
    readonly severity: number;
    readonly code: string;
    readonly source: string;
    readonly message: string;
  }[];
  readonly completion?: unknown;
  readonly hover?: unknown;
  /** Why the probe could not finish. */
  readonly error?: string;
}

/** Where the probe asks, and whether Neovim stays open after it answered. */
export interface ProbeSpec {
  readonly completion: Position;
  readonly hover: Position;
  readonly stay: boolean;
}

/** A running (or ended) Neovim and what its probe found. */
export interface NeovimSession {
  readonly nvim: ChildProcess;
  readonly result: ProbeResult;
  /** Neovim's exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
}

/** `NVIM v0.7.2`, or undefined when `nvim` is not installed. */
export function installedNeovim(): string | undefined {
  const found = spawnSync("nvim", ["--version"], { encoding: "utf8" });
  return found.status === 0 ? found.stdout.split("\n")[0] : undefined;
}

/**
 * Starts `nvim --headless --clean` on `file` with the README's configuration
 * as its init.lua (written into `dir`), and resolves with the probe's answers.
 * Rejects with Neovim's stderr when it ends without answering or does not
 * answer within `timeoutMs`; the caller ends `nvim` by pid either way.
 */
export async function openInNeovim(
  dir: string,
  file: string,
  spec: ProbeSpec,
  timeoutMs: number,
  started: (nvim: ChildProcess) => void,
): Promise<NeovimSession> {
  const init = join(dir, "init.lua");
  writeFileSync(init, readmeBlock("lua", "vim.lsp.start_client"));
  const out = join(dir, `probe-${Date.now()}.json`);
  const nvim = spawn("nvim", ["--headless", "--clean", "-u", init, "-S", PROBE, file], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      MOMOFLOW_PROBE: JSON.stringify({ ...spec, out, timeoutMs: timeoutMs / 2 }),
    },
  });
  started(nvim);
  let output = "";
  nvim.stdout!.on("data", (d) => (output += d));
  nvim.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => nvim.once("exit", resolve));
  let ended = false;
  void exited.then(() => (ended = true));

  const deadline = Date.now() + timeoutMs;
  while (!existsSync(out)) {
    if (ended) throw new Error(`nvim ended (${nvim.exitCode}) without answering:\n${output}`);
    if (Date.now() > deadline)
      throw new Error(`nvim did not answer within ${timeoutMs} ms:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const result = JSON.parse(readFileSync(out, "utf8")) as ProbeResult;
  if (result.error) throw new Error(`in Neovim ${result.version}: ${result.error}\n${output}`);
  return { nvim, result, exited };
}
