/**
 * The language-server benchmark: the momoflow server (the built
 * `dist/server.js --stdio`, as an editor starts it) and yaml-language-server
 * on the same generated workflows, over real LSP on stdio, timed from the
 * client's side. See {@link runLspBenchmark}.
 */
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import type { CompletionList, Hover, Position } from "vscode-languageserver-protocol";
import { SettingsState } from "yaml-language-server/out/server/src/yamlSettings";
import {
  type MachineInfo,
  generateWorkflows,
  describeMachine,
  summarize,
  type SampleSummary,
  renderTable,
} from "@momoflow/bench";
import type { CpuProfileSummary } from "./cpu-profile";
import { LspStdioClient, uriOf } from "@momoflow/bench";
import { momoflowToYaml } from "./yaml-workflow";

/** The repository (this file is `server/bench/lsp-bench.ts`). */
export const REPOSITORY = resolve(__dirname, "../..");
/** The bundled momoflow server: the bytes that ship. */
export const MOMOFLOW_SERVER = join(REPOSITORY, "dist", "server.js");
/** The schema that yaml-language-server validates the YAML twin with. */
export const YAML_SCHEMA = join(__dirname, "workflow-yaml.schema.json");
/** Where `npm run bench:lsp` writes its report. */
export const LSP_REPORT = join(REPOSITORY, ".momoflow", "bench", "lsp-latest.json");

/** Version of the report format. */
export const LSP_REPORT_VERSION = 1;

/** The servers a run can measure. */
export type ServerId = "momoflow" | "yaml";

/** Sizes and repetitions of a run. */
export interface LspBenchPlan {
  /** The generated document (see generateWorkflows): 5 × 200 steps ≈ 10,000 lines. */
  workflows: number;
  stepsPerWorkflow: number;
  tests: number;
  /** Operations of each kind made and thrown away first, so the JIT has settled. */
  warmup: number;
  /** didOpen of a new document → its first diagnostics. */
  openRounds: number;
  /** One-character didChange → diagnostics of that version. */
  changeRounds: number;
  /** Requests per probe position (completion and hover). */
  requestRounds: number;
}

/** About 10,000 lines, as the goals say; about a minute for both servers. */
export const FULL_PLAN: LspBenchPlan = {
  workflows: 5,
  stepsPerWorkflow: 200,
  tests: 6,
  warmup: 5,
  openRounds: 20,
  changeRounds: 40,
  requestRounds: 50,
};

/** The goals for the momoflow server. */
export const GOALS = {
  openMedianMs: 100,
  changeMedianMs: 30,
  completionP95Ms: 20,
  hoverP95Ms: 10,
  peakRssMB: 150,
} as const;

/** Memory is reported in MB of 1024 × 1024 bytes, as everywhere in momoflow. */
const MB = 1024 * 1024;

/** A position a request is made at, and why it is realistic. */
export interface Probe {
  id: string;
  description: string;
  line: number;
  character: number;
}

/** One document as a server gets it. */
export interface BenchDocument {
  /** File extension of the document (`.momoflow`, `.yaml`). */
  extension: string;
  text: string;
  lines: number;
  bytes: number;
  /** Offset of the letter replaced by the one-character edit. */
  editOffset: number;
  completion: Probe[];
  hover: Probe[];
}

/** Latency from a notification the client sends to the diagnostics that answer it. */
export interface DiagnosticsLatency {
  /** Client-side: from just before sending to the moment the publish was read (absent: not measured). */
  ms?: SampleSummary;
  samplesMs: number[];
  /** Diagnostics in the last publish (the documents are clean: 0 expected). */
  diagnostics: number;
  /**
   * A delay the server waits on purpose before it validates (yaml-language-server
   * debounces validation by a fixed 200 ms); 0 for momoflow.
   */
  fixedDelayMs: number;
  /** `ms` less `fixedDelayMs`: the work itself (present when the delay is not 0). */
  netMs?: SampleSummary;
  /**
   * CPU time of the server per measured operation (user + system, all
   * threads, from /proc), a mean over the rounds: what the work costs,
   * whatever else the machine does and whatever the server waits for.
   */
  cpuMsPerOp?: number;
}

/** Latency of a request at each probe, and all probes together. */
export interface RequestLatency {
  /** Whether the server announced the capability; otherwise nothing was measured. */
  supported: boolean;
  /** Every request of every probe. */
  ms?: SampleSummary;
  /** CPU time of the server per request, a mean over every probe (see {@link DiagnosticsLatency.cpuMsPerOp}). */
  cpuMsPerOp?: number;
  probes: (Probe & { ms: SampleSummary; results: number })[];
}

/** Everything measured of one server. */
export interface ServerFigures {
  id: ServerId;
  /** As the server tells in `serverInfo`, or the package's. */
  name: string;
  version: string;
  command: string[];
  /** Spawn → the initialize result. */
  startupMs: number;
  /** The very first didOpen of the process → diagnostics (cold, one sample). */
  firstOpenMs: number;
  /**
   * When each phase ran, on the monotonic clock in µs (the clock of V8's CPU
   * profiles on Linux), so that a `--cpu-prof` profile can be cut by phase.
   */
  windowsUs: Partial<Record<Phase, [number, number]>>;
  open: DiagnosticsLatency;
  change: DiagnosticsLatency;
  completion: RequestLatency;
  hover: RequestLatency;
  memory: {
    /** Resident after initialize, no document open. */
    idleRssBytes: number;
    /** Resident right after the first open of the document in a fresh process. */
    firstOpenRssBytes: number;
    /** Peak resident size up to then: what one document costs before any editing. */
    firstOpenPeakRssBytes: number;
    /** Resident after the editing session (changes, completion, hover), the document open. */
    rssBytes: number;
    /** Peak resident size (VmHWM) up to the end of the editing session: the goal's figure. */
    peakRssBytes: number;
    /**
     * Resident after the open rounds: as many more URIs opened and closed with
     * the same text (what a server keeps of closed documents shows here).
     */
    afterOpenRoundsRssBytes: number;
    /** Peak resident size over the whole run. */
    afterOpenRoundsPeakRssBytes: number;
  };
}

/** One of the goals, as met or not by the momoflow server. */
export interface LspGoal {
  id: "open" | "change" | "completion" | "hover" | "memory";
  description: string;
  statistic: "median" | "p95" | "peak";
  limit: number;
  unit: "ms" | "MB";
  /** Undefined when the server does not offer the feature. */
  value?: number;
  met: boolean;
}

/** momoflow against yaml-language-server on one figure. */
export interface LspComparison {
  metric: string;
  statistic: "median" | "p95" | "mean" | "peak";
  unit: "ms" | "MB";
  momoflow: number;
  yaml: number;
  /** momoflow / yaml: below 1, momoflow is faster (or smaller). */
  ratio: number;
}

/** The report: `.momoflow/bench/lsp-latest.json`. */
export interface LspBenchReport {
  v: typeof LSP_REPORT_VERSION;
  kind: "lsp";
  createdAt: string;
  machine: MachineInfo;
  /**
   * The 1, 5 and 15 minute load averages before and after the run: other
   * work on the machine slows both servers, and shows here.
   */
  load: { before: number[]; after: number[] };
  plan: LspBenchPlan;
  methods: Record<string, string>;
  documents: Partial<Record<ServerId, Omit<BenchDocument, "text">>>;
  servers: ServerFigures[];
  goals: LspGoal[];
  comparisons: LspComparison[];
  /** With `--profile`: where the momoflow server's CPU time went, phase by phase. */
  profile?: Partial<Record<Phase, CpuProfileSummary>>;
}

/** Options of {@link runLspBenchmark}. */
export interface LspBenchOptions {
  plan: LspBenchPlan;
  servers: ServerId[];
  /** Progress lines (default: none). */
  progress?: (line: string) => void;
  /** Extra node flags for the momoflow server (e.g. `--cpu-prof`). */
  momoflowNodeFlags?: string[];
}

/** The measurements of a server run. */
export type Phase = "open" | "change" | "completion" | "hover";

/** The methods, in words, for the report. */
const METHODS: Record<string, string> = {
  transport:
    "each server is a child process spoken to over stdio with JSON-RPC (vscode-languageserver-protocol), as an editor does",
  timer:
    "performance.now() in the client: from just before the message is written to the moment the answer (publishDiagnostics or the response) is read",
  order:
    "per server, in one process: initialize; the document opened cold (firstOpenMs), kept open; the changes; completion; hover; memory (the goal's figure); then the open rounds and memory again",
  open: "didOpen of a new URI with the whole document → the first publishDiagnostics of that URI; each is closed after its round, the edited document stays open",
  change:
    "one incremental didChange replacing one letter of a step description (the document stays valid) → the next publishDiagnostics of the URI",
  completion: "textDocument/completion at each probe position, one request at a time",
  hover: "textDocument/hover at each probe position, one request at a time",
  memory:
    "VmRSS and VmHWM (peak) of the server process from /proc/<pid>/status; MB = 1024 × 1024 bytes",
  statistics:
    "engine/src/bench/statistics.ts: percentiles interpolated between closest ranks (type 7), sample stdev, 95% CI of the mean",
  yamlDelay:
    "yaml-language-server waits a fixed validationDelayMs (200 ms) before validating an opened or changed document; 'net' figures subtract it",
  warmup:
    "every operation is done `warmup` times before its samples, and the first open of each process is reported apart (firstOpenMs)",
};

/** The documents of a run, written under `dir` (imports must be on disk). */
export function prepareDocuments(plan: LspBenchPlan, dir: string): Record<ServerId, BenchDocument> {
  const generated = generateWorkflows({ ...plan, root: dir });
  for (const [path, text] of generated.files) writeFileSync(path, text);
  const main = generated.main;
  const yaml = momoflowToYaml(main, generated.mainPath);
  writeFileSync(
    join(dir, "common.yaml"),
    momoflowToYaml(generated.files.get(generated.importedPath)!, generated.importedPath),
  );
  return {
    momoflow: {
      ...sizeOf(main),
      extension: ".momoflow",
      text: main,
      editOffset: generated.editOffset,
      completion: [
        probe(main, "needs", /^\s*needs: \[/, (l) => l.indexOf("[") + 1, "inside `needs: [`"),
        probe(
          main,
          "step-member",
          /^\s*step \w+ \{\s*$/,
          (l) => l.search(/\S/),
          "at the start of a step's first member",
          1,
        ),
        probe(
          main,
          "command",
          /^\s*run: build_module\(/,
          (l) => l.indexOf("build_module") + 3,
          "after `run: bui` (a command name)",
        ),
      ],
      hover: [
        probe(main, "step-name", /^\s*step \w+ \{/, (l) => l.indexOf("step ") + 7, "a step's name"),
        probe(
          main,
          "command-call",
          /^\s*run: build_module\(/,
          (l) => l.indexOf("build_module") + 2,
          "a declared command's call",
        ),
      ],
    },
    yaml: {
      ...sizeOf(yaml),
      extension: ".yaml",
      text: yaml,
      editOffset: twinOffset(main, yaml, generated.editOffset),
      completion: [
        probe(yaml, "needs", /^\s*needs: \[/, (l) => l.indexOf("[") + 1, "inside `needs: [`"),
        probe(
          yaml,
          "step-member",
          /^ {6}\w+:\s*$/,
          (l) => l.search(/\S/),
          "at the start of a step's first member",
          1,
        ),
        probe(
          yaml,
          "command",
          /\buses: build_module\b/,
          (l) => l.indexOf("build_module") + 3,
          "after `uses: bui` (a command name)",
        ),
      ],
      hover: [
        probe(yaml, "step-name", /^ {6}\w+:\s*$/, (l) => l.search(/\S/) + 2, "a step's name"),
        probe(
          yaml,
          "command-call",
          /\buses: build_module\b/,
          (l) => l.indexOf("build_module") + 2,
          "a declared command's call",
        ),
      ],
    },
  };
}

function sizeOf(text: string): { lines: number; bytes: number } {
  return { lines: text.split("\n").length, bytes: Buffer.byteLength(text, "utf8") };
}

/**
 * A probe on the first line matching `pattern` from the middle of the text on
 * (or `lineOffset` lines below it), at the character `column` computes.
 */
function probe(
  text: string,
  id: string,
  pattern: RegExp,
  column: (line: string) => number,
  description: string,
  lineOffset = 0,
): Probe {
  const lines = text.split("\n");
  const from = Math.floor(lines.length / 2);
  for (let i = from; i < lines.length; i++) {
    if (!pattern.test(lines[i]!)) continue;
    const line = i + lineOffset;
    return { id, description, line, character: column(lines[line]!) };
  }
  throw new Error(`no line matches ${pattern} in the second half of the ${id} document`);
}

/**
 * The offset in `twin` of the same character as `offset` in `source`: the
 * offset is inside a `"..."` string, which the twin writes identically; the
 * n-th occurrence of that string in the source is the n-th in the twin.
 */
export function twinOffset(source: string, twin: string, offset: number): number {
  const start = source.lastIndexOf('"', offset);
  const end = source.indexOf('"', offset);
  const literal = source.slice(start, end + 1);
  let occurrence = 0;
  for (let i = source.indexOf(literal); i >= 0 && i < start; i = source.indexOf(literal, i + 1))
    occurrence++;
  let at = twin.indexOf(literal);
  for (let n = 0; n < occurrence && at >= 0; n++) at = twin.indexOf(literal, at + 1);
  if (at < 0) throw new Error(`the twin document has no ${literal} #${occurrence + 1}`);
  return at + (offset - start);
}

/** The LSP position of `offset` in `text`. */
export function positionAt(text: string, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

/** How to start a language server (`node <nodeFlags> <script> --stdio`) and what to tell it. */
export interface ServerSpec {
  /** Short name for reports: `momoflow`, `yaml`. */
  id: ServerId;
  script: string;
  nodeFlags: readonly string[];
  /** `languageId` of opened documents. */
  languageId: string;
  /** Answers to `workspace/configuration`, by section (missing sections get `{}`). */
  settings: Record<string, unknown>;
}

/** Starts the server of `spec` with the repository's one LSP client. */
export function startServer(spec: ServerSpec): LspStdioClient {
  return new LspStdioClient(spec.script, {
    nodeFlags: spec.nodeFlags,
    languageId: spec.languageId,
    configuration: (section) => spec.settings[section] ?? {},
  });
}

/** The server's CPU time so far in ms (NaN where /proc cannot be read). */
const cpuMsOf = (client: LspStdioClient): number => client.cpuMs() ?? Number.NaN;

/** How to start each server. */
function serverSpec(id: ServerId, options: LspBenchOptions): ServerSpec {
  if (id === "momoflow") {
    return {
      id,
      script: MOMOFLOW_SERVER,
      nodeFlags: options.momoflowNodeFlags ?? [],
      languageId: "momoflow",
      settings: { momoflow: {} },
    };
  }
  return {
    id,
    script: require.resolve("yaml-language-server/bin/yaml-language-server"),
    nodeFlags: [],
    languageId: "yaml",
    settings: {
      yaml: {
        schemas: { [uriOf(YAML_SCHEMA)]: ["*.yaml"] },
        validate: true,
        hover: true,
        completion: true,
        // Everything local: no schema store, no Kubernetes catalogue.
        schemaStore: { enable: false },
        kubernetesCRDStore: { enable: false },
        format: { enable: false },
      },
      http: {},
      "[yaml]": {},
      editor: {},
    },
  };
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The monotonic clock in µs: `process.hrtime`, the clock V8 stamps profile samples with. */
const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);

/** The yaml-language-server's fixed validation delay, read from the installed version. */
function yamlValidationDelayMs(): number {
  return new SettingsState().validationDelayMs;
}

/** Measures one server on its document: see {@link METHODS}. */
export async function measureServer(
  id: ServerId,
  document: BenchDocument,
  dir: string,
  options: LspBenchOptions,
): Promise<ServerFigures> {
  const { plan } = options;
  const progress = options.progress ?? (() => undefined);
  const spec = serverSpec(id, options);
  const spawned = performance.now();
  const client = startServer(spec);
  try {
    const init = await client.initialize(dir);
    const startupMs = performance.now() - spawned;
    if (id === "yaml") await waitForConfiguration(client, id, "yaml");
    await pause(200);
    const idleRssBytes = client.memory().rssBytes;
    const fixedDelayMs = id === "yaml" ? yamlValidationDelayMs() : 0;
    const uriFor = (name: string): string => uriOf(join(dir, `${name}${document.extension}`));

    // 1. The document, opened cold; it stays open for the editing session.
    const uri = uriFor("main");
    const coldSent = performance.now();
    await client.open(uri, document.text);
    const cold = await client.waitForPublish(uri, 0);
    const firstOpenMs = cold.at - coldSent;
    await pause(50);
    const afterFirstOpen = client.memory();
    progress(
      `  ${id}: started in ${startupMs.toFixed(0)} ms, first open ${firstOpenMs.toFixed(1)} ms`,
    );

    // 2. Editing: one letter at a time, then completion and hover.
    const windowsUs: ServerFigures["windowsUs"] = {};
    const changeSamples: number[] = [];
    let changeCpuMs = NaN;
    let changeDiagnostics = cold.diagnostics.length;
    {
      const startUs = monotonicUs();
      const at = positionAt(document.text, document.editOffset);
      const range = { start: at, end: { line: at.line, character: at.character + 1 } };
      let cpuStart = cpuMsOf(client);
      for (let i = 0; i < plan.warmup + plan.changeRounds; i++) {
        if (i === plan.warmup) cpuStart = cpuMsOf(client);
        const index = client.publishCount(uri);
        const sent = performance.now();
        await client.change(uri, [{ range, text: i % 2 === 0 ? "x" : "y" }]);
        const published = await client.waitForPublish(uri, index);
        if (i >= plan.warmup) changeSamples.push(published.at - sent);
        changeDiagnostics = published.diagnostics.length;
        await pause(10);
      }
      changeCpuMs = (cpuMsOf(client) - cpuStart) / plan.changeRounds;
      windowsUs.change = [startUs, monotonicUs()];
      progress(`  ${id}: change ${describe(changeSamples)}`);
    }
    let startUs = monotonicUs();
    const completion = await measureRequests(
      client,
      uri,
      "textDocument/completion",
      document.completion,
      {
        supported: init.capabilities.completionProvider !== undefined,
        plan,
        count: (r) =>
          Array.isArray(r) ? r.length : ((r as CompletionList | null)?.items.length ?? 0),
      },
    );
    windowsUs.completion = [startUs, monotonicUs()];
    if (completion.ms) progress(`  ${id}: completion ${describeSummary(completion.ms)}`);
    startUs = monotonicUs();
    const hover = await measureRequests(client, uri, "textDocument/hover", document.hover, {
      supported: init.capabilities.hoverProvider !== undefined,
      plan,
      count: (r) => hoverLength(r as Hover | null),
    });
    windowsUs.hover = [startUs, monotonicUs()];
    if (hover.ms) progress(`  ${id}: hover ${describeSummary(hover.ms)}`);
    const editing = client.memory();
    progress(
      `  ${id}: memory while editing ${(editing.rssBytes / MB).toFixed(1)} MB, ${(editing.peakRssBytes / MB).toFixed(1)} MB peak`,
    );

    // 3. Opening: a new URI with the same text each round, closed again afterwards.
    const openOnce = async (name: string): Promise<{ ms: number; diagnostics: number }> => {
      const opened = uriFor(name);
      const sent = performance.now();
      await client.open(opened, document.text);
      const published = await client.waitForPublish(opened, 0);
      const ms = published.at - sent;
      await client.closeDocument(opened);
      await client.waitForPublish(opened, 1); // the clearing publish of the close
      await pause(10);
      return { ms, diagnostics: published.diagnostics.length };
    };
    const openSamples: number[] = [];
    let openCpuMs = NaN;
    let openDiagnostics = cold.diagnostics.length;
    {
      startUs = monotonicUs();
      for (let i = 0; i < plan.warmup; i++) await openOnce(`warm-${i}`);
      const cpuStart = cpuMsOf(client);
      for (let i = 0; i < plan.openRounds; i++) {
        const { ms, diagnostics } = await openOnce(`open-${i}`);
        openSamples.push(ms);
        openDiagnostics = diagnostics;
      }
      openCpuMs = (cpuMsOf(client) - cpuStart) / plan.openRounds;
      windowsUs.open = [startUs, monotonicUs()];
      progress(`  ${id}: open ${describe(openSamples)}`);
    }
    const afterOpens = client.memory();
    progress(
      `  ${id}: memory after ${plan.warmup + plan.openRounds} open/close rounds ${(afterOpens.rssBytes / MB).toFixed(1)} MB, ${(afterOpens.peakRssBytes / MB).toFixed(1)} MB peak`,
    );
    return {
      id,
      name: init.serverInfo?.name ?? (id === "yaml" ? "yaml-language-server" : id),
      version: init.serverInfo?.version ?? packageVersion(id),
      command: [process.execPath, ...spec.nodeFlags, spec.script, "--stdio"],
      startupMs,
      firstOpenMs,
      windowsUs,
      open: latency(openSamples, openDiagnostics, fixedDelayMs, openCpuMs),
      change: latency(changeSamples, changeDiagnostics, fixedDelayMs, changeCpuMs),
      completion,
      hover,
      memory: {
        idleRssBytes,
        firstOpenRssBytes: afterFirstOpen.rssBytes,
        firstOpenPeakRssBytes: afterFirstOpen.peakRssBytes,
        ...editing,
        afterOpenRoundsRssBytes: afterOpens.rssBytes,
        afterOpenRoundsPeakRssBytes: afterOpens.peakRssBytes,
      },
    };
  } finally {
    await client.close();
  }
}

function packageVersion(id: ServerId): string {
  const manifest =
    id === "yaml"
      ? require.resolve("yaml-language-server/package.json")
      : join(REPOSITORY, "package.json");
  return (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version;
}

/** Waits until the server has asked for (and been given) its settings section. */
async function waitForConfiguration(
  client: LspStdioClient,
  id: ServerId,
  section: string,
): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (!client.configurationRequests.includes(section)) {
    if (performance.now() > deadline)
      throw new Error(`${id} never asked for its "${section}" settings`);
    await pause(10);
  }
}

function latency(
  samples: number[],
  diagnostics: number,
  fixedDelayMs: number,
  cpuMsPerOp: number,
): DiagnosticsLatency {
  const figure: DiagnosticsLatency = { samplesMs: samples, diagnostics, fixedDelayMs };
  if (samples.length === 0) return figure;
  figure.ms = summarize(samples);
  if (Number.isFinite(cpuMsPerOp)) figure.cpuMsPerOp = cpuMsPerOp;
  if (fixedDelayMs > 0) figure.netMs = summarize(samples.map((s) => s - fixedDelayMs));
  return figure;
}

async function measureRequests(
  client: LspStdioClient,
  uri: string,
  method: string,
  probes: Probe[],
  how: { supported: boolean; plan: LspBenchPlan; count: (result: unknown) => number },
): Promise<RequestLatency> {
  if (!how.supported) return { supported: false, probes: [] };
  const all: number[] = [];
  const measured: RequestLatency["probes"] = [];
  let cpuMs = 0;
  for (const p of probes) {
    const params = {
      textDocument: { uri },
      position: { line: p.line, character: p.character },
    };
    const samples: number[] = [];
    let results = 0;
    let cpuStart = cpuMsOf(client);
    for (let i = 0; i < how.plan.warmup + how.plan.requestRounds; i++) {
      if (i === how.plan.warmup) cpuStart = cpuMsOf(client);
      const sent = performance.now();
      const result = await client.request<unknown>(method, params);
      const ms = performance.now() - sent;
      if (i >= how.plan.warmup) samples.push(ms);
      results = how.count(result);
    }
    cpuMs += cpuMsOf(client) - cpuStart;
    all.push(...samples);
    measured.push({ ...p, ms: summarize(samples), results });
  }
  return { supported: true, ms: summarize(all), cpuMsPerOp: cpuMs / all.length, probes: measured };
}

function hoverLength(hover: Hover | null): number {
  if (!hover) return 0;
  const c = hover.contents as unknown;
  const text = (v: unknown): string =>
    typeof v === "string" ? v : ((v as { value?: string } | null)?.value ?? "");
  return Array.isArray(c) ? c.map(text).join("").length : text(c).length;
}

function describe(samples: number[]): string {
  return samples.length > 0 ? describeSummary(summarize(samples)) : "not measured";
}

function describeSummary(s: SampleSummary): string {
  return `median ${s.median.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms (n ${s.n})`;
}

/**
 * Runs the benchmark: generates the document and its YAML twin in a
 * temporary folder, measures each server in turn (each started fresh and
 * ended by its pid), and compares them.
 */
export async function runLspBenchmark(options: LspBenchOptions): Promise<LspBenchReport> {
  const dir = mkdtempSync(join(tmpdir(), "momoflow-lsp-bench-"));
  const loadBefore = loadavg();
  try {
    const documents = prepareDocuments(options.plan, dir);
    const progress = options.progress ?? (() => undefined);
    for (const id of options.servers) {
      const d = documents[id];
      progress(
        `${id} document: ${d.lines.toLocaleString("en-US")} lines, ${(d.bytes / 1000).toFixed(0)} kB`,
      );
    }
    const servers: ServerFigures[] = [];
    for (const id of options.servers)
      servers.push(await measureServer(id, documents[id], dir, options));
    const described: LspBenchReport["documents"] = {};
    for (const id of options.servers) {
      const { text: _text, ...rest } = documents[id];
      described[id] = rest;
    }
    return {
      v: LSP_REPORT_VERSION,
      kind: "lsp",
      createdAt: new Date().toISOString(),
      machine: describeMachine(),
      load: { before: loadBefore, after: loadavg() },
      plan: options.plan,
      methods: METHODS,
      documents: described,
      servers,
      goals: goalsOf(servers.find((s) => s.id === "momoflow")),
      comparisons: compare(servers),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function goalsOf(momoflow: ServerFigures | undefined): LspGoal[] {
  if (!momoflow) return [];
  const goal = (
    id: LspGoal["id"],
    description: string,
    statistic: LspGoal["statistic"],
    limit: number,
    unit: LspGoal["unit"],
    value: number | undefined,
  ): LspGoal => {
    const out: LspGoal = { id, description, statistic, limit, unit, met: false };
    if (value !== undefined && Number.isFinite(value)) {
      out.value = value;
      out.met = value <= limit;
    }
    return out;
  };
  return [
    goal(
      "open",
      "didOpen → first diagnostics",
      "median",
      GOALS.openMedianMs,
      "ms",
      momoflow.open.ms?.median,
    ),
    goal(
      "change",
      "one-character didChange → diagnostics",
      "median",
      GOALS.changeMedianMs,
      "ms",
      momoflow.change.ms?.median,
    ),
    goal(
      "completion",
      "completion",
      "p95",
      GOALS.completionP95Ms,
      "ms",
      momoflow.completion.ms?.p95,
    ),
    goal("hover", "hover", "p95", GOALS.hoverP95Ms, "ms", momoflow.hover.ms?.p95),
    goal(
      "memory",
      "peak resident memory of the server while editing the document",
      "peak",
      GOALS.peakRssMB,
      "MB",
      momoflow.memory.peakRssBytes / MB,
    ),
  ];
}

function compare(servers: ServerFigures[]): LspComparison[] {
  const m = servers.find((s) => s.id === "momoflow");
  const y = servers.find((s) => s.id === "yaml");
  if (!m || !y) return [];
  const out: LspComparison[] = [];
  const add = (
    metric: string,
    statistic: LspComparison["statistic"],
    unit: LspComparison["unit"],
    a: number | undefined,
    b: number | undefined,
  ): void => {
    if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b)) return;
    out.push({ metric, statistic, unit, momoflow: a, yaml: b, ratio: a / b });
  };
  for (const stat of ["median", "p95"] as const) {
    add("open", stat, "ms", m.open.ms?.[stat], y.open.ms?.[stat]);
    add("open (yaml net of its delay)", stat, "ms", m.open.ms?.[stat], y.open.netMs?.[stat]);
    add("change", stat, "ms", m.change.ms?.[stat], y.change.ms?.[stat]);
    add("change (yaml net of its delay)", stat, "ms", m.change.ms?.[stat], y.change.netMs?.[stat]);
    add("completion", stat, "ms", m.completion.ms?.[stat], y.completion.ms?.[stat]);
    add("hover", stat, "ms", m.hover.ms?.[stat], y.hover.ms?.[stat]);
  }
  for (const f of ["open", "change", "completion", "hover"] as const)
    add(`${f}: server CPU per operation`, "mean", "ms", m[f].cpuMsPerOp, y[f].cpuMsPerOp);
  add("memory", "peak", "MB", m.memory.peakRssBytes / MB, y.memory.peakRssBytes / MB);
  return out;
}

/** Writes the report as indented JSON, atomically. */
export function writeLspReport(report: LspBenchReport, file = LSP_REPORT): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(report, null, 2) + "\n");
  renameSync(tmp, file);
}

/** The report as a readable table: one row per figure, momoflow and yaml side by side. */
export function formatLspReport(report: LspBenchReport): string[] {
  const m = report.servers.find((s) => s.id === "momoflow");
  const y = report.servers.find((s) => s.id === "yaml");
  const ms = (v: number | undefined): string =>
    v === undefined || !Number.isFinite(v) ? "—" : v < 10 ? v.toFixed(2) : v.toFixed(1);
  const ratio = (a: number | undefined, b: number | undefined): string =>
    a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0
      ? "—"
      : `${(a / b).toFixed(2)}×`;
  const goalText = (id: LspGoal["id"]): string => {
    const g = report.goals.find((x) => x.id === id);
    if (!g) return "";
    const mark = g.value === undefined ? "n/a" : g.met ? "met" : "MISSED";
    return `${g.statistic} ≤ ${g.limit} ${g.unit}: ${mark}`;
  };
  const rows: string[][] = [];
  const latencyRow = (
    label: string,
    a: SampleSummary | undefined,
    b: SampleSummary | undefined,
    goal: string,
  ): void => {
    rows.push([
      label,
      ms(a?.median),
      ms(a?.p95),
      a ? String(a.n) : "—",
      ms(b?.median),
      ms(b?.p95),
      b ? String(b.n) : "—",
      ratio(a?.median, b?.median),
      ratio(a?.p95, b?.p95),
      goal,
    ]);
  };
  const cpuRow = (f: "open" | "change" | "completion" | "hover"): void => {
    const a = m?.[f].cpuMsPerOp;
    const b = y?.[f].cpuMsPerOp;
    if (a === undefined && b === undefined) return;
    rows.push([
      "  server CPU per operation (mean)",
      ms(a),
      "",
      "",
      ms(b),
      "",
      "",
      ratio(a, b),
      "",
      "",
    ]);
  };
  latencyRow("didOpen → diagnostics", m?.open.ms, y?.open.ms, goalText("open"));
  if (y?.open.netMs)
    latencyRow(`  yaml net of its ${y.open.fixedDelayMs} ms delay`, m?.open.ms, y.open.netMs, "");
  cpuRow("open");
  latencyRow("didChange (1 char) → diagnostics", m?.change.ms, y?.change.ms, goalText("change"));
  if (y?.change.netMs)
    latencyRow(
      `  yaml net of its ${y.change.fixedDelayMs} ms delay`,
      m?.change.ms,
      y.change.netMs,
      "",
    );
  cpuRow("change");
  latencyRow("completion (all probes)", m?.completion.ms, y?.completion.ms, goalText("completion"));
  cpuRow("completion");
  const probesOf = (f: "completion" | "hover"): Probe[] =>
    m?.[f].probes.length ? m[f].probes : (y?.[f].probes ?? []);
  for (const p of probesOf("completion")) {
    const a = m?.completion.probes.find((q) => q.id === p.id);
    const b = y?.completion.probes.find((q) => q.id === p.id);
    latencyRow(`  ${p.id} (${a?.results ?? "—"} / ${b?.results ?? "—"} items)`, a?.ms, b?.ms, "");
  }
  latencyRow("hover (all probes)", m?.hover.ms, y?.hover.ms, goalText("hover"));
  cpuRow("hover");
  for (const p of probesOf("hover")) {
    const a = m?.hover.probes.find((q) => q.id === p.id);
    const b = y?.hover.probes.find((q) => q.id === p.id);
    latencyRow(`  ${p.id} (${a?.results ?? "—"} / ${b?.results ?? "—"} chars)`, a?.ms, b?.ms, "");
  }
  const mb = (v: number | undefined): string => (v === undefined ? "—" : (v / MB).toFixed(1));
  const memoryRow = (label: string, key: keyof ServerFigures["memory"], goal = ""): void => {
    const a = m?.memory[key];
    const b = y?.memory[key];
    rows.push([`memory: ${label} (MB)`, mb(a), "", "", mb(b), "", "", ratio(a, b), "", goal]);
  };
  memoryRow("peak while editing", "peakRssBytes", goalText("memory"));
  memoryRow("resident after editing", "rssBytes");
  memoryRow("idle after initialize", "idleRssBytes");
  memoryRow("peak after the first open", "firstOpenPeakRssBytes");
  memoryRow(
    `after ${report.plan.warmup + report.plan.openRounds} more open/close`,
    "afterOpenRoundsRssBytes",
  );
  rows.push([
    "first open of the process (ms, n 1)",
    ms(m?.firstOpenMs),
    "",
    "",
    ms(y?.firstOpenMs),
    "",
    "",
    ratio(m?.firstOpenMs, y?.firstOpenMs),
    "",
    "",
  ]);
  const docs = report.documents;
  const header = [
    `LSP benchmark (${report.createdAt}, node ${report.machine.node}, ${report.machine.cpus} × ${report.machine.cpuModel})`,
    `  load average before ${report.load.before.map((l) => l.toFixed(2)).join(" ")}, after ${report.load.after.map((l) => l.toFixed(2)).join(" ")}` +
      (Math.max(report.load.before[0]!, report.load.after[0]!) > report.machine.cpus / 2
        ? " — the machine was busy: figures are slower than on an idle one"
        : ""),
    ...Object.entries(docs).map(
      ([id, d]) =>
        `  ${id} document: ${d.lines.toLocaleString("en-US")} lines, ${(d.bytes / 1000).toFixed(0)} kB`,
    ),
    ...report.servers.map((s) => `  ${s.id}: ${s.name} ${s.version}`),
    "  times in ms, client-side; ratio = momoflow / yaml-language-server (below 1: momoflow is faster)",
    "",
  ];
  const unsupported = report.servers.flatMap((s) =>
    (["completion", "hover"] as const)
      .filter((f) => !s[f].supported)
      .map((f) => `  ${s.id} offers no ${f} (capability not announced): not measured`),
  );
  return [
    ...header,
    ...renderTable(
      [
        { header: "figure" },
        { header: "momoflow med", align: "right" },
        { header: "p95", align: "right" },
        { header: "n", align: "right" },
        { header: "yaml med", align: "right" },
        { header: "p95", align: "right" },
        { header: "n", align: "right" },
        { header: "ratio med", align: "right" },
        { header: "ratio p95", align: "right" },
        { header: "goal (momoflow)" },
      ],
      rows,
    ),
    ...(unsupported.length > 0 ? ["", ...unsupported] : []),
  ];
}
