import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";

/** One `textDocument/publishDiagnostics` as it arrived. */
export interface ArrivedPublish {
  /** `performance.now()` when it was read. */
  at: number;
  version: number | undefined;
  diagnostics: unknown[];
}

interface Message {
  id?: number | string;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { message: string };
}

/**
 * A minimal LSP client over stdio for `momoflow bench`: it starts the built
 * language server (`node server.js --stdio`) as a child process, speaks
 * JSON-RPC with Content-Length framing, answers the requests the server
 * makes of an editor, times each publish of diagnostics on arrival, and
 * ends the server by its own pid. (The engine does not depend on the
 * server's LSP libraries: this is the protocol's few messages a keystroke
 * needs, nothing more.)
 */
export class LspStdioClient {
  private readonly child: ChildProcess;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, (message: Message) => void>();
  private readonly publishes = new Map<string, ArrivedPublish[]>();
  private waiters: (() => void)[] = [];
  private stderr = "";

  /** `nodeFlags` go to the server's node, before its script (as an editor's extension passes them). */
  constructor(serverPath: string, nodeFlags: readonly string[] = []) {
    this.child = spawn(process.execPath, [...nodeFlags, serverPath, "--stdio"], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.child.stdout!.on("data", (chunk: Buffer) => this.read(chunk));
    this.child.stderr!.on("data", (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.child.once("exit", () => this.wake());
  }

  /** `initialize` then `initialized`, with `root` as the one workspace folder. */
  async initialize(root: string): Promise<void> {
    const uri = pathToFileURL(root).href;
    await this.request("initialize", {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: "bench" }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true },
        textDocument: { publishDiagnostics: { versionSupport: true } },
      },
    });
    this.notify("initialized", {});
  }

  open(uri: string, text: string): void {
    this.notify("textDocument/didOpen", {
      textDocument: { uri, languageId: "momoflow", version: 1, text },
    });
  }

  /** One incremental change: `text` replaces `range`. */
  change(uri: string, version: number, range: unknown, text: string): void {
    this.notify("textDocument/didChange", {
      textDocument: { uri, version },
      contentChanges: [{ range, text }],
    });
  }

  publishCount(uri: string): number {
    return this.publishes.get(uri)?.length ?? 0;
  }

  /** The publish of `uri` number `index` (0-based), once it has arrived. */
  async waitForPublish(uri: string, index: number, timeoutMs = 120_000): Promise<ArrivedPublish> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const found = this.publishes.get(uri)?.[index];
      if (found) return found;
      if (!this.alive) throw new Error(`the language server exited: ${this.stderr.trim()}`);
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`no diagnostics for ${uri} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** CPU time (user + system) the server has used so far, in ms (Linux /proc; 10 ms ticks). */
  cpuMs(): number | undefined {
    try {
      const stat = readFileSync(`/proc/${this.child.pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // utime and stime are fields 14 and 15; the state (field 3) is first here. USER_HZ is 100.
      return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return undefined;
    }
  }

  /** `shutdown` and `exit`; the server is ended by its pid if it has not exited after `graceMs`. */
  async close(graceMs = 5_000): Promise<void> {
    const exited = new Promise<void>((resolve) =>
      this.alive ? this.child.once("exit", () => resolve()) : resolve(),
    );
    if (this.alive) {
      await Promise.race([
        this.request("shutdown", null).catch(() => undefined),
        new Promise((resolve) => setTimeout(resolve, graceMs)),
      ]);
      this.notify("exit", null);
    }
    const timer = setTimeout(() => {
      if (this.alive && this.child.pid !== undefined) process.kill(this.child.pid, "SIGKILL");
    }, graceMs);
    await exited;
    clearTimeout(timer);
  }

  private get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  private request(method: string, params: unknown): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (message) =>
        message.error
          ? reject(new Error(`${method}: ${message.error.message}`))
          : resolve(message.result),
      );
      this.send({ id, method, params });
    });
  }

  private notify(method: string, params: unknown): void {
    this.send({ method, params });
  }

  private send(message: Message): void {
    const body = Buffer.from(JSON.stringify({ jsonrpc: "2.0", ...message }), "utf8");
    this.child.stdin!.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin!.write(body);
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
      return;
    }
    if (message.id !== undefined) {
      // A request of the server: settings are the defaults; the rest needs no answer but null.
      const items = (message.params as { items?: unknown[] } | undefined)?.items;
      const result =
        message.method === "workspace/configuration" ? (items ?? []).map(() => ({})) : null;
      this.send({ id: message.id, result });
      return;
    }
    if (message.method !== "textDocument/publishDiagnostics") return;
    const params = message.params as { uri: string; version?: number; diagnostics: unknown[] };
    let list = this.publishes.get(params.uri);
    if (!list) this.publishes.set(params.uri, (list = []));
    list.push({ at, version: params.version, diagnostics: params.diagnostics });
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
