/**
 * Headless Neovim with the README's configuration as its init.lua, a
 * `.momoflow` file open and `neovim-probe.lua` asking the language server.
 */
import type { ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  editorUnavailable,
  runEditorProbe,
  type EditorSession,
  type ProbeAnswers,
  type ProbeSpec,
} from "./editor-probe";
import { readmeBlock } from "./readme-block";

const PROBE = resolve(__dirname, "neovim-probe.lua");

/** What Neovim got: `vim.diagnostic.get()` and the server's raw answers. */
export interface NeovimAnswers extends ProbeAnswers {
  readonly filetype: string;
  readonly client: { readonly name: string; readonly rootDir: string };
  /** 0-based lines and columns. */
  readonly diagnostics: {
    readonly lnum: number;
    readonly col: number;
    readonly end_lnum: number;
    readonly end_col: number;
    readonly severity: number;
    readonly code: string;
    readonly source: string;
    readonly message: string;
  }[];
  readonly completion: unknown;
  readonly hover: unknown;
  /** The options `vim.lsp.buf.format()` sends, from the buffer's settings. */
  readonly formattingOptions: { readonly tabSize: number; readonly insertSpaces: boolean };
  /** The server's answer to that formatting request. */
  readonly formatting: unknown;
}

/** Why the Neovim test cannot run here, or undefined. */
export function neovimUnavailable(): string | undefined {
  return editorUnavailable("nvim", "apt-get install neovim");
}

/**
 * `nvim --headless --clean` on `file` with the README's Lua block (written
 * into `dir` as init.lua), resolved with the probe's answers.
 */
export function openInNeovim(
  dir: string,
  file: string,
  spec: ProbeSpec,
  timeoutMs: number,
  started: (nvim: ChildProcess) => void,
): Promise<EditorSession<NeovimAnswers>> {
  const init = join(dir, "init.lua");
  writeFileSync(init, readmeBlock("lua", "vim.lsp.start_client"));
  const args = ["--headless", "--clean", "-u", init, "-S", PROBE, file];
  return runEditorProbe<NeovimAnswers>("nvim", args, dir, { ...spec, file }, timeoutMs, started);
}
