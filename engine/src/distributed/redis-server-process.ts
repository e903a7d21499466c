import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A `redis-server` of this machine on a free port, in a temp folder (the benchmark's and the tests'). */
export interface RedisServer {
  url: string;
  port: number;
  readonly pid: number;
  /** Ends it by pid and removes its folder. */
  stop(): Promise<void>;
  /**
   * Stops it as an operator would (SIGTERM: with `persistent`, it writes its
   * append-only file first), waits `downMs`, and starts it again on the same
   * port and folder.
   */
  restart(downMs: number): Promise<void>;
}

/** Options of {@link startRedis}. */
export interface RedisOptions {
  /** Keep the data across a restart (`appendonly yes`), as a production Redis for BullMQ does. */
  persistent?: boolean;
}

/** A TCP port nothing listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `redis-server` on a free port (no persistence, its files in a temp
 * folder) and resolves once it accepts connections.
 * @throws Error when redis-server is not installed (`.ci/run` installs it) or does not start.
 */
export async function startRedis(options: RedisOptions = {}): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "momoflow-redis-"));
  let child = await launch(port, dir, options);
  const end = (signal: NodeJS.Signals): Promise<void> => {
    const ended = new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once("exit", () => resolve());
    });
    process.kill(child.pid!, signal);
    return ended;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() {
      return child.pid!;
    },
    async stop() {
      await end("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    },
    async restart(downMs) {
      await end("SIGTERM");
      await new Promise((resolve) => setTimeout(resolve, downMs));
      child = await launch(port, dir, options);
    },
  };
}

/** Starts redis-server and resolves once it accepts connections. */
async function launch(port: number, dir: string, options: RedisOptions): Promise<ChildProcess> {
  const child: ChildProcess = spawn(
    "redis-server",
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--dir",
      dir,
      "--save",
      "",
      "--appendonly",
      options.persistent ? "yes" : "no",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let log = "";
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`redis-server did not start:\n${log}`)),
      10_000,
    );
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(
        new Error(
          `redis-server could not be started (${error.message}): install Debian's redis-server, or give a Redis with --on`,
        ),
      );
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}:\n${log}`));
    });
    const poll = setInterval(() => {
      if (log.includes("Ready to accept connections")) {
        clearInterval(poll);
        clearTimeout(timer);
        child.removeAllListeners("exit");
        child.removeAllListeners("error");
        resolve();
      }
    }, 20);
  });
  return child;
}
