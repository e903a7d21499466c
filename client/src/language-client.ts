import * as vscode from "vscode";
import type {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from "vscode-languageclient/node";
import type { StatusBarController } from "./client-services";
import { OutlineChangesFeature } from "./outline/outline-changes";

/**
 * The language client library, loaded when the client first starts (just
 * after activation) rather than when the extension loads: evaluating it is
 * most of the bundle's load time, and the server starts in the background.
 * A plain `require` (esbuild bundles it and defers its evaluation) rather
 * than `import()`, which tsx would hand to Node's ESM loader in unit tests.
 */
type ClientLibrary = typeof import("vscode-languageclient/node");
let library: ClientLibrary | undefined;
function loadLibrary(): ClientLibrary {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (library ??= require("vscode-languageclient/node") as ClientLibrary);
}

/** The language id, the client's id (it reads `momoflow.trace.server`) and the settings section. */
export const LANGUAGE_ID = "momoflow";

/** How long a stop may take before the server is killed (ms). */
const STOP_TIMEOUT_MS = 2000;

/**
 * A small young generation: every keystroke re-parses the document, and V8
 * would otherwise keep large semi-spaces for that garbage. Measured with
 * `npm run bench:lsp` on a 10,000-line file: peak resident memory 178 → 146 MB,
 * same latency.
 */
const SERVER_EXEC_ARGV = ["--max-semi-space-size=4"];

export function serverOptions(lib: ClientLibrary, serverPath: string): ServerOptions {
  return {
    run: {
      module: serverPath,
      transport: lib.TransportKind.ipc,
      options: { execArgv: SERVER_EXEC_ARGV },
    },
    debug: {
      module: serverPath,
      transport: lib.TransportKind.ipc,
      options: { execArgv: [...SERVER_EXEC_ARGV, "--nolazy", "--inspect=6009"] },
    },
  };
}

export function clientOptions(
  output: vscode.LogOutputChannel,
  traceOutput: vscode.LogOutputChannel,
): LanguageClientOptions {
  return {
    documentSelector: [
      { scheme: "file", language: LANGUAGE_ID },
      { scheme: "untitled", language: LANGUAGE_ID },
    ],
    synchronize: {
      // The server pulls `momoflow.*` with workspace/configuration; this makes
      // the client send didChangeConfiguration when they change, so it re-reads.
      configurationSection: LANGUAGE_ID,
      // No `fileEvents` here: the server registers its own `**/*.momoflow`
      // watcher dynamically (server.ts onInitialized); a second one from here
      // would deliver every file event twice.
    },
    middleware: {
      workspace: {
        configuration: async (params, token, next) => {
          const values = await next(params, token);
          return Array.isArray(values)
            ? values.map((value, i) => settingsForServer(params.items[i]?.section, value))
            : values;
        },
      },
    },
    outputChannel: output,
    traceOutputChannel: traceOutput,
  };
}

/**
 * The settings the server reads (`workspace/configuration`): the user's,
 * with `inlineMetrics` off. The extension draws the last run's figures itself
 * (`InlineMetrics`: after each step's line, with a hover); the server's own
 * inlay hints and hover lines for them are for editors without the
 * extension. With both, each step showed its figures twice (and the inlay
 * hints, asked again only when the editor redraws, lagged behind runs).
 */
export function settingsForServer(section: string | undefined, value: unknown): unknown {
  if (section !== LANGUAGE_ID || value === null || typeof value !== "object") return value;
  return { ...value, inlineMetrics: false };
}

/**
 * Owns the language client: starts it without blocking activation, reports
 * its state to the status bar, restarts it as a new client.
 */
export class LanguageClientHost implements vscode.Disposable {
  private current: LanguageClient | undefined;
  private readonly traceOutput: vscode.LogOutputChannel;
  private readonly outlineChanged = new vscode.EventEmitter<vscode.Uri>();
  /** A document's outline may have changed though it was not edited (see `ClientServices`). */
  readonly onDidChangeOutline = this.outlineChanged.event;
  private stopping = false;
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly serverPath: string,
    private readonly output: vscode.LogOutputChannel,
    private readonly statusBar: StatusBarController,
  ) {
    this.traceOutput = vscode.window.createOutputChannel("momoflow Language Server Trace", {
      log: true,
    });
  }

  /** The client now (a restart replaces it). */
  get client(): LanguageClient | undefined {
    return this.current;
  }

  /** Creates and starts a client; resolves when it runs or failed (never rejects). */
  start(): Promise<void> {
    return this.serialize(() => this.startNow());
  }

  /** Stops the current client and starts a new one. */
  restart(): Promise<void> {
    return this.serialize(async () => {
      this.output.info("Restarting the language server");
      await this.stopNow();
      await this.startNow();
    });
  }

  /** Stops the client (deactivate). */
  stop(): Promise<void> {
    return this.serialize(() => this.stopNow());
  }

  private serialize(work: () => Promise<void>): Promise<void> {
    this.pending = this.pending.then(work, work);
    return this.pending;
  }

  private async startNow(): Promise<void> {
    this.statusBar.setServerState("starting");
    const started = Date.now();
    let lib: ClientLibrary;
    try {
      lib = loadLibrary();
    } catch (error) {
      this.output.error(`Loading the language client failed: ${String(error)}`);
      this.statusBar.setServerState("error", "failed to start");
      return;
    }
    const { LanguageClient, State } = lib;
    const client = new LanguageClient(
      LANGUAGE_ID,
      "momoflow Language Server",
      serverOptions(lib, this.serverPath),
      clientOptions(this.output, this.traceOutput),
    );
    this.current = client;
    this.stopping = false;
    client.registerFeature(
      new OutlineChangesFeature(client, (uri) => this.outlineChanged.fire(vscode.Uri.parse(uri))),
    );
    client.onDidChangeState(({ newState }) => {
      if (client !== this.current) return;
      switch (newState) {
        case State.Starting:
          this.statusBar.setServerState("starting");
          break;
        case State.Running:
          this.statusBar.setServerState("running");
          break;
        case State.StartFailed:
          this.statusBar.setServerState("error", "failed to start");
          break;
        case State.Stopped:
          // Stopped by us, or given up by the client after repeated crashes.
          if (this.stopping) this.statusBar.setServerState("stopped");
          else
            this.statusBar.setServerState(
              "error",
              "stopped unexpectedly; run momoflow: Restart Language Server",
            );
          break;
      }
    });
    try {
      await client.start();
      this.output.info(
        `Language server started in ${Date.now() - started} ms (${this.serverPath})`,
      );
    } catch (error) {
      this.output.error(`The language server failed to start: ${String(error)}`);
      this.statusBar.setServerState("error", "failed to start");
    }
  }

  private async stopNow(): Promise<void> {
    const client = this.current;
    if (!client) return;
    this.stopping = true;
    try {
      if (client.needsStop()) await client.stop(STOP_TIMEOUT_MS);
    } catch (error) {
      this.output.warn(`Stopping the language server: ${String(error)}`);
    } finally {
      this.statusBar.setServerState("stopped");
    }
  }

  dispose(): void {
    void this.stop();
    this.traceOutput.dispose();
    this.outlineChanged.dispose();
  }
}
