/**
 * A code-server (a real VS Code workbench and extension host) started for a
 * test on loopback, with private user-data and extensions folders, and ended
 * by the test with everything it started.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { endProcessTree } from "./processes";
import { vsCodeTools, type VsCodeTools } from "./tools";
import { QUIET_SETTINGS } from "./user-settings";

export interface CodeServerOptions {
  /** A scratch folder for this server: user data, extensions and its log go below it. */
  readonly home: string;
  /** The workspace folder to open. */
  readonly folder: string;
  /** `.vsix` files to install before starting. */
  readonly vsix: readonly string[];
  /** Workspace trust: off (`trusted`, every folder trusted) or on with this folder untrusted. */
  readonly trust: "trusted" | "untrusted";
  /** Extra environment for the server and its extension host. */
  readonly env?: Readonly<Record<string, string>>;
  /** More user settings. */
  readonly settings?: Readonly<Record<string, unknown>>;
}

/** Servers not stopped yet (also those still starting): ended too when the test process is interrupted. */
const running = new Set<{ stop(): Promise<void> }>();
let interruptHandled = false;

/** On Ctrl+C or SIGTERM, the servers a test started are ended before it exits. */
function endServersOnInterrupt(): void {
  if (interruptHandled) return;
  interruptHandled = true;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const)
    process.once(signal, () => {
      void Promise.all([...running].map((server) => server.stop())).finally(() =>
        process.exit(130),
      );
    });
}

export class CodeServer {
  private constructor(
    private readonly child: ChildProcess,
    /** The workbench's address, with the folder opened. */
    readonly url: string,
    /** code-server's own log (stdout and stderr). */
    readonly logFile: string,
  ) {}

  get pid(): number {
    return this.child.pid!;
  }

  /** Installs the extensions, starts the server and waits until it answers. */
  static async start(options: CodeServerOptions): Promise<CodeServer> {
    const tools = vsCodeTools();
    const userData = join(options.home, "user-data");
    const extensions = join(options.home, "extensions");
    mkdirSync(join(userData, "User"), { recursive: true });
    mkdirSync(extensions, { recursive: true });
    writeFileSync(
      join(userData, "User", "settings.json"),
      JSON.stringify({ ...QUIET_SETTINGS, ...options.settings }, null, 2),
    );
    for (const vsix of options.vsix) installExtension(tools, extensions, vsix);

    // The temporary folder of the server and all it starts: what the CLI keeps there (a failing
    // test's folder, a stopped bench's) goes with the session's folders, not into the machine's.
    const tmp = join(options.home, "tmp");
    mkdirSync(tmp, { recursive: true });
    const logFile = join(options.home, "code-server.log");
    const log = openSync(logFile, "w");
    const args = [
      "--auth",
      "none",
      // Port 0: the system gives a free port as code-server binds, and its log
      // says which. (A port found free beforehand can be taken before it binds.)
      "--bind-addr",
      "127.0.0.1:0",
      "--disable-telemetry",
      "--disable-update-check",
      "--disable-getting-started-override",
      "--user-data-dir",
      userData,
      "--extensions-dir",
      extensions,
      ...(options.trust === "trusted" ? ["--disable-workspace-trust"] : []),
      options.folder,
    ];
    const child = spawn(tools.codeServer, args, {
      env: {
        ...process.env,
        TMPDIR: tmp,
        ...options.env,
        PATH: `${tools.nodeBin}:${process.env.PATH}`,
      },
      stdio: ["ignore", log, log],
    });
    const starting = {
      stop: async (): Promise<void> => {
        running.delete(starting);
        if (child.pid !== undefined) await endProcessTree(child.pid);
      },
    };
    running.add(starting);
    endServersOnInterrupt();
    let port: number;
    try {
      port = await listeningPort(child, logFile);
      await waitForHealth(port, child, logFile);
    } catch (error) {
      await starting.stop();
      throw error;
    }
    running.delete(starting);
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(options.folder)}`;
    const server = new CodeServer(child, url, logFile);
    running.add(server);
    return server;
  }

  /** Ends the server and every process it started (extension host, language server, tasks). */
  async stop(): Promise<void> {
    running.delete(this);
    if (this.child.pid !== undefined) await endProcessTree(this.child.pid);
  }
}

function installExtension(tools: VsCodeTools, extensionsDir: string, vsix: string): void {
  const result = spawnSync(
    tools.codeServer,
    ["--extensions-dir", extensionsDir, "--install-extension", vsix, "--force"],
    {
      env: { ...process.env, PATH: `${tools.nodeBin}:${process.env.PATH}` },
      encoding: "utf8",
      timeout: 120_000,
    },
  );
  if (result.status !== 0)
    throw new Error(
      `installing ${vsix} into code-server failed:\n${result.stdout}\n${result.stderr}`,
    );
}

/** What code-server logs once it listens: `HTTP server listening on http://127.0.0.1:PORT/`. */
const LISTENING = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)\//;

/** The port code-server listens on, read from its log once it says. */
async function listeningPort(child: ChildProcess, logFile: string): Promise<number> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const port = LISTENING.exec(readFileSync(logFile, "utf8"))?.[1];
    if (port) return Number(port);
    if (child.exitCode !== null)
      throw new Error(`code-server exited with ${child.exitCode}; its log: ${logFile}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`code-server did not say it listens within 60 s; its log: ${logFile}`);
}

async function waitForHealth(port: number, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`code-server exited with ${child.exitCode}; its log: ${logFile}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`code-server did not answer on port ${port} within 60 s; its log: ${logFile}`);
}
