/**
 * `npm run bench:lsp`: the language-server benchmark (see lsp-bench.ts).
 *
 *   npm run bench:lsp                      both servers, the full plan, report to .momoflow/bench/lsp-latest.json
 *   npm run bench:lsp -- --quick           fewer rounds
 *   npm run bench:lsp -- --servers momoflow
 *   npm run bench:lsp -- --profile         then profile the momoflow server (node --cpu-prof), phase by phase
 *   npm run bench:lsp -- --out report.json
 *   npm run bench:lsp -- --node-flags=""   flags for the momoflow server's node (default: the extension's)
 */
// chevrotain is ESM only: let tsx's require() find its `import` entries (as the tests do).
import "../../engine/test/language/esm-only-dependencies";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { summarizeCpuProfile, type CpuProfileSummary } from "./cpu-profile";
import {
  FULL_PLAN,
  formatLspReport,
  LSP_REPORT,
  REPOSITORY,
  runLspBenchmark,
  writeLspReport,
  type LspBenchPlan,
  type Phase,
  type ServerId,
} from "./lsp-bench";

const QUICK_PLAN: LspBenchPlan = {
  ...FULL_PLAN,
  warmup: 3,
  openRounds: 8,
  changeRounds: 15,
  requestRounds: 20,
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      servers: { type: "string", default: "momoflow,yaml" },
      profile: { type: "boolean", default: false },
      out: { type: "string", default: LSP_REPORT },
      // The flags the VS Code extension starts the server with (client/src/language-client.ts).
      "node-flags": { type: "string", default: "--max-semi-space-size=4" },
    },
  });
  const servers = values.servers.split(",").map((s) => s.trim()) as ServerId[];
  for (const s of servers)
    if (s !== "momoflow" && s !== "yaml") throw new Error(`unknown server "${s}" (momoflow, yaml)`);
  const plan = values.quick ? QUICK_PLAN : FULL_PLAN;
  const progress = (line: string): void => void process.stderr.write(`${line}\n`);

  // Node flags for the momoflow server; `--node-flags=""` measures it with V8's defaults.
  const momoflowNodeFlags = values["node-flags"].split(" ").filter(Boolean);
  const report = await runLspBenchmark({ plan, servers, progress, momoflowNodeFlags });
  writeLspReport(report, values.out);
  console.log(formatLspReport(report).join("\n"));
  console.log(`\nreport: ${relative(process.cwd(), values.out)}`);

  if (values.profile) {
    const profiles = await profileMomoflow(plan, momoflowNodeFlags, progress);
    report.profile = Object.fromEntries(profiles);
    writeLspReport(report, values.out);
    console.log("");
    for (const [phase, summary] of profiles) console.log(formatProfile(phase, summary).join("\n"));
  }
}

/** Where the momoflow server's time goes, coarsely: the first matching area wins. */
const AREAS: [string, RegExp][] = [
  ["garbage collection", /^\(garbage collector\)$/],
  [
    "lexer (momoflow + chevrotain scan)",
    /engine\/src\/language\/(lexer|string-literal|numeric-literal|line-index|comments|tokens)\.ts$|chevrotain\/src\/scan\//,
  ],
  [
    "parser (momoflow + chevrotain)",
    /engine\/src\/language\/(parser|parse|parser-messages|syntax-problem|token-range)\.ts$|chevrotain|lodash-es/,
  ],
  ["checker", /engine\/src\/language\//],
  ["server features", /^server\/src\//],
  ["LSP / JSON-RPC libraries", /vscode-(languageserver|jsonrpc)|vscode-uri/],
  ["node internals", /^node:/],
];

/**
 * Runs the momoflow server once more under `node --cpu-prof` and summarizes
 * the profile phase by phase (the samples within each phase's window).
 */
async function profileMomoflow(
  plan: LspBenchPlan,
  nodeFlags: string[],
  progress: (line: string) => void,
): Promise<[Phase, CpuProfileSummary][]> {
  const dir = join(REPOSITORY, ".momoflow", "bench", "profiles");
  mkdirSync(dir, { recursive: true });
  const name = "lsp-momoflow.cpuprofile";
  rmSync(join(dir, name), { force: true });
  progress("profiling the momoflow server (node --cpu-prof)");
  const report = await runLspBenchmark({
    plan,
    servers: ["momoflow"],
    progress,
    momoflowNodeFlags: [
      ...nodeFlags,
      "--cpu-prof",
      `--cpu-prof-dir=${dir}`,
      `--cpu-prof-name=${name}`,
    ],
  });
  if (!readdirSync(dir).includes(name)) throw new Error(`no profile was written to ${dir}/${name}`);
  const server = report.servers[0]!;
  const out: [Phase, CpuProfileSummary][] = [];
  for (const phase of ["open", "change", "completion", "hover"] as const) {
    const window = server.windowsUs[phase];
    if (!window || ((phase === "completion" || phase === "hover") && !server[phase].supported))
      continue;
    out.push([
      phase,
      summarizeCpuProfile(join(dir, name), { root: REPOSITORY, limit: 15, window, areas: AREAS }),
    ]);
  }
  return out;
}

function formatProfile(phase: Phase, s: CpuProfileSummary): string[] {
  const pct = (share: number): string => `${(share * 100).toFixed(1)}%`.padStart(6);
  return [
    `momoflow server CPU profile, phase "${phase}" (${relative(process.cwd(), s.profile)}):`,
    `  busy ${s.busyMs.toFixed(0)} ms of ${s.totalMs.toFixed(0)} ms, of which GC ${s.gcMs.toFixed(0)} ms`,
    "  self time by area:",
    ...s.areas.map(
      (a) => `    ${a.selfMs.toFixed(0).padStart(7)} ms ${pct(a.selfShare)}  ${a.file}`,
    ),
    "  self time by file:",
    ...s.files.map(
      (f) => `    ${f.selfMs.toFixed(0).padStart(7)} ms ${pct(f.selfShare)}  ${f.file}`,
    ),
    "  top functions by self time:",
    ...s.functions.map(
      (f) =>
        `    ${f.selfMs.toFixed(0).padStart(7)} ms ${pct(f.selfShare)}  ${f.name}  ${f.file}:${f.line}`,
    ),
    "",
  ];
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
