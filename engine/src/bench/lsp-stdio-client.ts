/**
 * The one LSP client of the repository's own code: it starts a language
 * server (`node <server.js> --stdio`) as a child process and speaks JSON-RPC
 * with Content-Length framing to it, as an editor does. `momoflow bench`
 * times keystrokes with it, `npm run bench:lsp` measures the momoflow and
 * the YAML language servers with it, and the language server's tests (and
 * the client's tests that need a real server) drive the bundled
 * `dist/server.js` with it.
 *
 * Why here: the bench lives in the engine, and the engine never imports the
 * server, while the server's and the client's tests may import the engine's
 * entry points (`@momoflow/bench`). So the one client sits in the engine's
 * bench room. It writes the protocol's few messages by hand and imports LSP
 * types only (erased at build time), so the CLI bundle holds none of the LSP
 * libraries.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import type {
  ClientCapabilities,
  Diagnostic,
  InitializeResult,
  TextDocumentContentChangeEvent,
} from "vscode-languageserver-protocol";

/** A `file:` URI for a path. */
export const uriOf = (path: string): string => pathToFileURL(path).href;

/** One `textDocument/publishDiagnostics` as it arrived. */
export interface ArrivedPublish {
  /** `performance.now()` when the client read it. */
  at: number;
  uri: string;
  version: number | undefined;
  diagnostics: Diagnostic[];
}

/** A notification of the server beyond diagnostics and log messages, as it arrived. */
export interface ArrivedNotification {
  /** `performance.now()` when the client read it. */
  at: number;
  method: string;
  params: unknown;
}

/**
 * A request type as `vscode-jsonrpc` declares one (`new RequestType<P, R, E>(method)`,
 * e.g. protocol.ts's `DocumentOutlineRequest`): only its method is sent; its
 * phantom `_` carries the params and result types.
 */
export interface RequestSignature<P, R> {
  readonly method: string;
  readonly _?: readonly [P, R, ...unknown[]] | undefined;
}

/** What cancels a request, by shape (vscode-jsonrpc's and VS Code's tokens both fit). */
export interface CancellationLike {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): unknown;
}

/** An error answer of the server: its JSON-RPC code, message and data. */
export class LspResponseError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data: unknown,
  ) {
    super(message);
  }
}

/** Raw JSON-RPC to the server: any request or notification, by type or by method name. */
export interface JsonRpcConnection {
  sendRequest<P, R>(type: RequestSignature<P, R>, params: P, token?: CancellationLike): Promise<R>;
  sendRequest<R = unknown>(method: string, params: unknown, token?: CancellationLike): Promise<R>;
  sendNotification(method: string | { readonly method: string }, params?: unknown): Promise<void>;
}

interface Message {
  id?: number | string | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

/** How to start the server and what to tell it. */
export interface LspStdioClientOptions {
  /** Flags for the server's node, before its script (as an editor's extension passes them). */
  nodeFlags?: readonly string[];
  /** `languageId` of opened documents (default `momoflow`). */
  languageId?: string;
  /**
   * The answer to `workspace/configuration` by section and the document it
   * is asked for, if any (default: {@link LspStdioClient.settings} for every item).
   */
  configuration?: (section: string, scopeUri: string | undefined) => unknown;
  /** Variables added to the server's environment (this process's otherwise). */
  env?: Readonly<Record<string, string>>;
  /**
   * Capabilities told in `initialize` beyond the usual ones (an editor that
   * takes snippet edits, say): each section (`workspace`, `textDocument`…)
   * is merged over the usual one, key by key.
   */
  capabilities?: ClientCapabilities;
}

/** Resident memory of a process, from `/proc/<pid>/status`. */
export interface ProcessMemory {
  /** VmRSS: resident now. */
  rssBytes: number;
  /** VmHWM: the peak resident size so far. */
  peakRssBytes: number;
}

/**
 * A real LSP client over stdio. It answers the requests a server makes of an
 * editor (`workspace/configuration` with {@link settings}, registrations
 * with null), keeps every publish of diagnostics with the time it arrived,
 * collects the server's log messages, and ends the server by its own pid in
 * {@link close}.
 */
export class LspStdioClient {
  readonly process: ChildProcess;
  /** Any request or notification, beyond the helpers below. */
  readonly connection: JsonRpcConnection;
  /** The latest publish per URI. */
  readonly diagnostics = new Map<string, ArrivedPublish>();
  /** Every publish per URI, in order. */
  readonly publishes = new Map<string, ArrivedPublish[]>();
  /** The messages of `window/logMessage`, in order. */
  readonly logs: string[] = [];
  /** Every other notification of the server (`momoflow/…`, `$/…`), in order. */
  readonly notifications: ArrivedNotification[] = [];
  /** What the server wrote to stderr. */
  stderr = "";
  /** The answer to each item of `workspace/configuration` (the defaults when empty). */
  settings: Record<string, unknown> = {};
  /** The configuration sections the server asked for, in order. */
  readonly configurationRequests: string[] = [];
  /** The methods of every request the server made of the client, in order. */
  readonly serverRequests: string[] = [];
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, (message: Message) => void>();
  private readonly versions = new Map<string, number>();
  private waiters: (() => void)[] = [];

  constructor(
    serverPath: string,
    private readonly options: LspStdioClientOptions = {},
  ) {
    this.process = spawn(process.execPath, [...(options.nodeFlags ?? []), serverPath, "--stdio"], {
      stdio: ["pipe", "pipe", "pipe"],
      env: options.env ? { ...process.env, ...options.env } : process.env,
    });
    this.process.stdout!.on("data", (chunk: Buffer) => this.read(chunk));
    this.process.stderr!.on("data", (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.process.stdin!.on("error", () => undefined); // a server that died: `alive` says so
    this.process.once("exit", () => this.wake());
    this.connection = {
      sendRequest: (type: string | { method: string }, params: unknown, token?: CancellationLike) =>
        this.call(typeof type === "string" ? type : type.method, params, token),
      sendNotification: async (type, params) =>
        this.notify(typeof type === "string" ? type : type.method, params),
    } as JsonRpcConnection;
  }

  /** `initialize` then `initialized`, with `root` (when given) as the one workspace folder. */
  async initialize(root?: string): Promise<InitializeResult> {
    const uri = root === undefined ? null : uriOf(root);
    const result = (await this.call("initialize", {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: uri === null ? null : [{ uri, name: "root" }],
      capabilities: withCapabilities(this.options.capabilities, {
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
      }),
    })) as InitializeResult;
    this.notify("initialized", {});
    return result;
  }

  /** Opens `uri` at version 1. */
  async open(uri: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    this.notify("textDocument/didOpen", {
      textDocument: { uri, languageId: this.options.languageId ?? "momoflow", version: 1, text },
    });
  }

  /** Sends edits as the next version of `uri`; returns that version. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    this.notify("textDocument/didChange", {
      textDocument: { uri, version },
      contentChanges: changes,
    });
    return version;
  }

  async closeDocument(uri: string): Promise<void> {
    this.notify("textDocument/didClose", { textDocument: { uri } });
  }

  /** `workspace/didChangeWatchedFiles` for one file: 1 created, 2 changed, 3 deleted. */
  async fileChanged(uri: string, type: 1 | 2 | 3): Promise<void> {
    this.notify("workspace/didChangeWatchedFiles", { changes: [{ uri, type }] });
  }

  /** A request by method name; an error answer rejects with an {@link LspResponseError}. */
  request<R>(method: string, params: unknown): Promise<R> {
    return this.call(method, params) as Promise<R>;
  }

  /** How many publishes `uri` has had. */
  publishCount(uri: string): number {
    return this.publishes.get(uri)?.length ?? 0;
  }

  /** The publish of `uri` number `index` (0-based), once it has arrived. */
  async waitForPublish(uri: string, index: number, timeoutMs = 120_000): Promise<ArrivedPublish> {
    return this.waitFor(
      () => this.publishes.get(uri)?.[index],
      () => `no diagnostics #${index + 1} for ${uri} within ${timeoutMs} ms`,
      timeoutMs,
    );
  }

  /** The latest diagnostics of `uri` (of `version` or later, when given), once published. */
  async waitForDiagnostics(
    uri: string,
    version?: number,
    timeoutMs = 10_000,
  ): Promise<Diagnostic[]> {
    const published = await this.waitFor(
      () => {
        const latest = this.diagnostics.get(uri);
        return latest && (version === undefined || (latest.version ?? 0) >= version)
          ? latest
          : undefined;
      },
      () =>
        `no diagnostics for ${uri}${version ? ` version ${version}` : ""} within ${timeoutMs} ms`,
      timeoutMs,
    );
    return published.diagnostics;
  }

  /**
   * The params of the first notification `method` at index `since` or later
   * of {@link notifications} (and `matching`, when given), once it arrived.
   */
  async waitForNotification(
    method: string,
    since: number,
    matching: (params: unknown) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<unknown> {
    const found = await this.waitFor(
      () => this.notifications.slice(since).find((n) => n.method === method && matching(n.params)),
      () => `no ${method} notification within ${timeoutMs} ms`,
      timeoutMs,
    );
    return found.params;
  }

  /** CPU time (user + system) the server has used so far, in ms (Linux /proc; 10 ms ticks). */
  cpuMs(): number | undefined {
    try {
      const stat = readFileSync(`/proc/${this.process.pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // utime and stime are fields 14 and 15; the state (field 3) is first here. USER_HZ is 100.
      return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return undefined;
    }
  }

  /** The server's resident memory now and at its peak (Linux: /proc/<pid>/status). */
  memory(): ProcessMemory {
    const status = readFileSync(`/proc/${this.process.pid}/status`, "utf8");
    const kB = (field: string): number => {
      const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
      if (!match) throw new Error(`no ${field} in /proc/${this.process.pid}/status`);
      return Number(match[1]) * 1024;
    };
    return { rssBytes: kB("VmRSS"), peakRssBytes: kB("VmHWM") };
  }

  /** Whether the server process is still running. */
  get alive(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  /** `shutdown` and `exit`; the server is ended by its pid if it has not exited after `graceMs`. */
  async close(graceMs = 5_000): Promise<void> {
    const exited = new Promise<void>((resolve) =>
      this.alive ? this.process.once("exit", () => resolve()) : resolve(),
    );
    if (this.alive) {
      await Promise.race([
        this.call("shutdown", null).catch(() => undefined),
        new Promise((resolve) => setTimeout(resolve, graceMs)),
      ]);
      this.notify("exit", null);
    }
    const timer = setTimeout(() => {
      if (this.alive && this.process.pid !== undefined) process.kill(this.process.pid, "SIGKILL");
    }, graceMs);
    await exited;
    clearTimeout(timer);
  }

  /** Resolves with `found()` once it is defined; rejects when the server exits or time runs out. */
  private async waitFor<T>(
    found: () => T | undefined,
    timeoutText: () => string,
    timeoutMs: number,
  ): Promise<T> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const value = found();
      if (value !== undefined) return value;
      if (!this.alive) throw new Error(`the language server exited:\n${this.stderr.trim()}`);
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`${timeoutText()}\n${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private call(method: string, params: unknown, token?: CancellationLike): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (message) =>
        message.error
          ? reject(
              new LspResponseError(message.error.code, message.error.message, message.error.data),
            )
          : resolve(message.result ?? null),
      );
      this.send({ id, method, params });
      token?.onCancellationRequested(() => {
        if (this.pending.has(id)) this.notify("$/cancelRequest", { id });
      });
    });
  }

  private notify(method: string, params: unknown): void {
    this.send({ method, params });
  }

  private send(message: Message): void {
    if (!this.alive) return;
    const body = Buffer.from(JSON.stringify({ jsonrpc: "2.0", ...message }), "utf8");
    this.process.stdin!.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.process.stdin!.write(body);
  }

  private read(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf("\r\n\r\n");
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString("ascii");
      const length = Number(/Content-Length: *(\d+)/i.exec(header)?.[1]);
      if (!Number.isFinite(length)) throw new Error(`a message without Content-Length: ${header}`);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString("utf8");
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.handle(JSON.parse(body) as Message, performance.now());
    }
  }

  private handle(message: Message, at: number): void {
    if (message.method === undefined) {
      const resolve = this.pending.get(Number(message.id));
      this.pending.delete(Number(message.id));
      resolve?.(message);
    } else if (message.id !== undefined) {
      this.serverRequests.push(message.method);
      this.send({ id: message.id, result: this.answer(message) });
    } else if (message.method === "textDocument/publishDiagnostics") {
      this.published(message.params as Omit<ArrivedPublish, "at">, at);
    } else if (message.method === "window/logMessage") {
      this.logs.push(String((message.params as { message?: unknown } | undefined)?.message));
    } else {
      this.notifications.push({ at, method: message.method, params: message.params });
      this.wake();
    }
  }

  /** What an editor answers a request of the server: the settings; null to the rest. */
  private answer(message: Message): unknown {
    if (message.method !== "workspace/configuration") return null;
    const items =
      (message.params as { items?: { section?: string; scopeUri?: string }[] } | undefined)
        ?.items ?? [];
    return items.map((item) => {
      const section = item?.section ?? "";
      this.configurationRequests.push(section);
      return this.options.configuration
        ? this.options.configuration(section, item?.scopeUri)
        : this.settings;
    });
  }

  private published(params: Omit<ArrivedPublish, "at">, at: number): void {
    const publish: ArrivedPublish = {
      at,
      uri: params.uri,
      version: params.version,
      diagnostics: params.diagnostics,
    };
    let list = this.publishes.get(params.uri);
    if (!list) this.publishes.set(params.uri, (list = []));
    list.push(publish);
    this.diagnostics.set(params.uri, publish);
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

/** `usual` with each section of `extra` merged over the same section, key by key. */
function withCapabilities(
  extra: ClientCapabilities | undefined,
  usual: ClientCapabilities,
): ClientCapabilities {
  const merged: Record<string, unknown> = { ...usual };
  for (const [section, value] of Object.entries(extra ?? {}))
    merged[section] = { ...(merged[section] as object | undefined), ...(value as object) };
  return merged as ClientCapabilities;
}
