import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  UnregistrationRequest,
  WorkDoneProgressCreateRequest,
  type Diagnostic,
  type InitializeResult,
  type ProtocolConnection,
  type TextDocumentContentChangeEvent,
} from "vscode-languageserver-protocol/node";

/** How to start a language server and what to tell it. */
export interface ServerSpec {
  /** Short name for reports: `momoflow`, `yaml`. */
  id: string;
  /** The executable and its arguments (the server is this process: its pid is measured). */
  command: string;
  args: string[];
  /** `languageId` of opened documents. */
  languageId: string;
  /** Answers to `workspace/configuration`, by section (missing sections get `{}`). */
  settings: Record<string, unknown>;
  /** Extra environment variables. */
  env?: Record<string, string>;
}

/** One `textDocument/publishDiagnostics` as it arrived. */
export interface Publish {
  /** `performance.now()` when the client read the message. */
  at: number;
  version: number | undefined;
  diagnostics: Diagnostic[];
}

/** Resident memory of a process, from `/proc/<pid>/status`. */
export interface ProcessMemory {
  /** VmRSS: resident now. */
  rssBytes: number;
  /** VmHWM: the peak resident size so far. */
  peakRssBytes: number;
}

/** A `file:` URI for a path. */
export const uriOf = (path: string): string => pathToFileURL(path).href;

/**
 * A real LSP client over stdio for benchmarks: it starts the server as a child
 * process, times each publish on arrival, answers the requests an editor
 * answers, reads the server's memory from /proc, and ends the server by its
 * own pid.
 */
export class LspBenchClient {
  readonly process: ChildProcess;
  readonly connection: ProtocolConnection;
  /** Every publish per URI, in order. */
  readonly publishes = new Map<string, Publish[]>();
  /** Configuration sections the server asked for, in order. */
  readonly configurationRequests: string[] = [];
  stderr = "";
  private waiters: (() => void)[] = [];

  constructor(readonly spec: ServerSpec) {
    this.process = spawn(spec.command, spec.args, {
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, ...spec.env },
    });
    this.process.stderr!.on("data", (d) => (this.stderr += d));
    this.process.once("exit", () => this.notify());
    this.connection = createProtocolConnection(
      new StreamMessageReader(this.process.stdout!),
      new StreamMessageWriter(this.process.stdin!),
    );
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      const at = performance.now();
      let list = this.publishes.get(params.uri);
      if (!list) this.publishes.set(params.uri, (list = []));
      list.push({ at, version: params.version, diagnostics: params.diagnostics });
      this.notify();
    });
    this.connection.onRequest(ConfigurationRequest.type, (params) =>
      params.items.map((item) => {
        const section = item.section ?? "";
        this.configurationRequests.push(section);
        return spec.settings[section] ?? {};
      }),
    );
    this.connection.onRequest(RegistrationRequest.type, () => undefined);
    this.connection.onRequest(UnregistrationRequest.type, () => undefined);
    this.connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    // Logs and telemetry are not part of the benchmark.
    for (const method of [
      "window/logMessage",
      "window/showMessage",
      "telemetry/event",
      "$/progress",
    ])
      this.connection.onNotification(method, () => undefined);
    this.connection.listen();
  }

  get pid(): number {
    return this.process.pid!;
  }

  async initialize(rootPath: string): Promise<InitializeResult> {
    const result = await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: uriOf(rootPath),
      workspaceFolders: [{ uri: uriOf(rootPath), name: "bench" }],
      capabilities: {
        workspace: {
          configuration: true,
          workspaceFolders: true,
          didChangeConfiguration: { dynamicRegistration: true },
          didChangeWatchedFiles: { dynamicRegistration: true },
        },
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: false },
          publishDiagnostics: {
            relatedInformation: true,
            versionSupport: true,
            tagSupport: { valueSet: [1, 2] },
          },
          completion: {
            completionItem: {
              snippetSupport: true,
              documentationFormat: ["markdown", "plaintext"],
            },
          },
          hover: { contentFormat: ["markdown", "plaintext"] },
        },
      },
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    return result;
  }

  async open(uri: string, text: string, version = 1): Promise<void> {
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: this.spec.languageId, version, text },
    });
  }

  async change(
    uri: string,
    version: number,
    changes: TextDocumentContentChangeEvent[],
  ): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: changes,
    });
  }

  async closeDocument(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, {
      textDocument: { uri },
    });
  }

  /** How many publishes `uri` has had. */
  publishCount(uri: string): number {
    return this.publishes.get(uri)?.length ?? 0;
  }

  /** Waits for the publish of `uri` number `index` (0-based) and returns it. */
  async waitForPublish(uri: string, index: number, timeoutMs = 60_000): Promise<Publish> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const found = this.publishes.get(uri)?.[index];
      if (found) return found;
      if (!this.alive)
        throw new Error(`${this.spec.id} server exited while waiting for ${uri}\n${this.stderr}`);
      const left = deadline - performance.now();
      if (left <= 0)
        throw new Error(
          `${this.spec.id}: no diagnostics #${index + 1} for ${uri} within ${timeoutMs} ms\n${this.stderr}`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  /** The server's resident memory now and at its peak (Linux: /proc/<pid>/status). */
  memory(): ProcessMemory {
    const status = readFileSync(`/proc/${this.pid}/status`, "utf8");
    const kB = (field: string): number => {
      const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
      if (!match) throw new Error(`no ${field} in /proc/${this.pid}/status`);
      return Number(match[1]) * 1024;
    };
    return { rssBytes: kB("VmRSS"), peakRssBytes: kB("VmHWM") };
  }

  /**
   * CPU time the server process has used so far (user + system, every
   * thread), in ms, from /proc/<pid>/stat: unlike latency, hardly changed by
   * other work on the machine. Its resolution is one clock tick (10 ms).
   */
  cpuMs(): number {
    const stat = readFileSync(`/proc/${this.pid}/stat`, "utf8");
    // Fields after the command name, which is in parentheses and may hold spaces: state is field 3.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[14 - 3]) + Number(fields[15 - 3]);
    return (ticks * 1000) / clockTicksPerSecond();
  }

  get alive(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  /**
   * Shuts the server down politely (so that a `--cpu-prof` profile is
   * written), then ends it by its own pid if it has not exited in `graceMs`.
   */
  async close(graceMs = 5000): Promise<void> {
    const exited = new Promise((r) => (this.alive ? this.process.once("exit", r) : r(undefined)));
    if (this.alive) {
      try {
        await Promise.race([
          this.connection.sendRequest(ShutdownRequest.type),
          new Promise((r) => setTimeout(r, graceMs)),
        ]);
        await this.connection.sendNotification(ExitNotification.type);
      } catch {
        // Already gone.
      }
    }
    const timer = setTimeout(() => {
      if (this.alive) process.kill(this.pid, "SIGKILL");
    }, graceMs);
    await exited;
    clearTimeout(timer);
    this.connection.dispose();
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

let ticksPerSecond: number | undefined;

/** USER_HZ, the unit of /proc/<pid>/stat times (100 on every usual Linux). */
function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
    } catch {
      ticksPerSecond = 100;
    }
    if (!Number.isFinite(ticksPerSecond) || ticksPerSecond <= 0) ticksPerSecond = 100;
  }
  return ticksPerSecond;
}
