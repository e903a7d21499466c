import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
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
  ConfigurationRequest,
  type Diagnostic,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from "vscode-languageserver-protocol/node";

/** The bundled server: the same bytes that ship. `npm test` builds first. */
export const SERVER = resolve(__dirname, "../../../dist/server.js");

/** A `file:` URI for a path. */
export const uriOf = (path: string): string => pathToFileURL(path).href;

/**
 * A real LSP client talking to `dist/server.js --stdio` over JSON-RPC: what an
 * editor does, with helpers to wait for diagnostics. `close()` ends the
 * server by its own process id.
 */
export class LspTestClient {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcess;
  /** Latest diagnostics per URI, and every publish in order. */
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  readonly logs: string[] = [];
  stderr = "";
  private waiters: (() => void)[] = [];
  private readonly versions = new Map<string, number>();
  settings: Record<string, unknown> = {};

  constructor() {
    if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: run "npm run build" first`);
    this.process = spawn(process.execPath, [SERVER, "--stdio"], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.process.stderr!.on("data", (d) => (this.stderr += d));
    this.connection = createProtocolConnection(
      new StreamMessageReader(this.process.stdout!),
      new StreamMessageWriter(this.process.stdin!),
    );
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.diagnostics.set(params.uri, params);
      this.notify();
    });
    this.connection.onNotification("window/logMessage", (...args: unknown[]) => {
      this.logs.push(String((args[0] as { message?: unknown } | undefined)?.message));
    });
    this.connection.onRequest(ConfigurationRequest.type, (params) =>
      params.items.map(() => this.settings),
    );
    this.connection.onRequest(RegistrationRequest.type, () => undefined);
    this.connection.listen();
  }

  async initialize(rootPath?: string): Promise<InitializeResult> {
    const result = await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: rootPath ? uriOf(rootPath) : null,
      workspaceFolders: rootPath ? [{ uri: uriOf(rootPath), name: "root" }] : null,
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
        textDocument: {
          publishDiagnostics: {
            relatedInformation: true,
            versionSupport: true,
            tagSupport: { valueSet: [1, 2] },
          },
          completion: { completionItem: { snippetSupport: true } },
        },
      },
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    return result;
  }

  async open(uri: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: "momoflow", version: 1, text },
    });
  }

  /** Sends edits; returns the new version. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: changes,
    });
    return version;
  }

  async closeDocument(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, {
      textDocument: { uri },
    });
  }

  async fileChanged(uri: string, type: 1 | 2 | 3): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri, type }],
    });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  /** Waits for diagnostics of `uri` (of `version` or later, when given). */
  async waitForDiagnostics(
    uri: string,
    version?: number,
    timeoutMs = 10_000,
  ): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const published = this.diagnostics.get(uri);
      if (published && (version === undefined || (published.version ?? 0) >= version))
        return published.diagnostics;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `no diagnostics for ${uri}${version ? ` version ${version}` : ""} within ${timeoutMs} ms\n${this.stderr}`,
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

  /** Whether the server process is still running. */
  get alive(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  /** Shuts the server down politely, then by its pid if it does not exit. */
  async close(): Promise<void> {
    if (this.alive) {
      try {
        await Promise.race([
          this.connection.sendRequest(ShutdownRequest.type),
          new Promise((r) => setTimeout(r, 2000)),
        ]);
        await this.connection.sendNotification(ExitNotification.type);
      } catch {
        // Already gone.
      }
    }
    const exited = new Promise((r) => (this.alive ? this.process.once("exit", r) : r(undefined)));
    const timer = setTimeout(
      () => this.process.pid && process.kill(this.process.pid, "SIGKILL"),
      2000,
    );
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
