import { rmSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { LspStdioClient } from "./lsp-stdio-client";
import { summarize, type SampleSummary } from "./statistics";
import { makeBenchFolder } from "./bench-temp-folder";

/**
 * The node flags the VS Code extension starts the server with
 * (client/src/language-client.ts): a small young generation.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ["--max-semi-space-size=4"];

/** How a keystroke series is run. */
export interface KeystrokePlan {
  rounds: number;
  warmup: number;
  /**
   * "letter" (the default): one letter of the log message changed, no line
   * moves. "line": a line break added at the end of that line, then taken
   * away, in turn: every line after it moves (Enter, Backspace).
   */
  edit?: "letter" | "line";
}

/** Keystrokes timed from the client's side, and the server's CPU time per keystroke. */
export interface KeystrokeTiming {
  ms: SampleSummary;
  /** Undefined where /proc cannot be read. */
  serverCpuMs: number | undefined;
  /** Diagnostics of the last publish (the server publishes at most its maxNumberOfProblems). */
  diagnostics: number;
}

/**
 * Opens `text` in the built language server (`server`, a real process over
 * stdio LSP, started with {@link SERVER_NODE_FLAGS}), then changes one letter of the first log message at a time
 * (a keystroke that changes no diagnostic; or, with `plan.edit` "line", adds
 * and removes a line break after it) and times each change to the publish
 * of diagnostics for that version.
 */
export async function timeKeystrokes(
  server: string,
  text: string,
  plan: KeystrokePlan,
): Promise<KeystrokeTiming> {
  const dir = makeBenchFolder("keystroke");
  const client = new LspStdioClient(server, { nodeFlags: SERVER_NODE_FLAGS });
  try {
    await client.initialize(dir);
    const uri = pathToFileURL(join(dir, "unknown-references.momoflow")).href;
    await client.open(uri, text);
    let published = await client.waitForPublish(uri, 0);
    const lines = text.split("\n");
    const line = lines.findIndex((l) => l.includes('log(message: "'));
    if (line < 0) throw new Error("the keystroke benchmark's text has no log message to edit");
    const character = lines[line]!.indexOf('"') + 1;
    const range = { start: { line, character }, end: { line, character: character + 1 } };
    const end = { line, character: lines[line]!.length };
    const edit = (i: number) =>
      plan.edit !== "line"
        ? { range, text: i % 2 === 0 ? "x" : "y" }
        : i % 2 === 0
          ? { range: { start: end, end }, text: "\n" }
          : { range: { start: end, end: { line: line + 1, character: 0 } }, text: "" };
    const samples: number[] = [];
    let cpuStart = client.cpuMs();
    for (let i = 0; i < plan.warmup + plan.rounds; i++) {
      if (i === plan.warmup) cpuStart = client.cpuMs();
      const index = client.publishCount(uri);
      const sent = performance.now();
      await client.change(uri, [edit(i)]);
      published = await client.waitForPublish(uri, index);
      if (published.version !== i + 2)
        throw new Error(`diagnostics of version ${published.version}, expected ${i + 2}`);
      if (i >= plan.warmup) samples.push(published.at - sent);
    }
    const cpuEnd = client.cpuMs();
    return {
      ms: summarize(samples),
      serverCpuMs:
        cpuStart === undefined || cpuEnd === undefined
          ? undefined
          : (cpuEnd - cpuStart) / plan.rounds,
      diagnostics: published.diagnostics.length,
    };
  } finally {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
