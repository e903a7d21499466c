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
  return startRedisOn(freePort, options);
}

/** Attempts at a port before {@link startRedisOn} gives up: each lost to another process between its pick and Redis's bind. */
const PORT_ATTEMPTS = 5;

/**
 * {@link startRedis} on the ports `pickPort` gives: a port found free can be
 * taken by another process before Redis binds it (tests and benchmarks run
 * side by side), so one taken meanwhile is given up for the next.
 */
export async function startRedisOn(
  pickPort: () => Promise<number>,
  options: RedisOptions = {},
): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), "momoflow-redis-"));
  let launched: { port: number; child: ChildProcess };
  try {
    launched = await launchOnPicked(pickPort, dir, options);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const port = launched.port;
  let child = launched.child;
  const end = (signal: NodeJS.Signals): Promise<void> => {
    const ended = new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once("exit", () => resolve());
    });
    // Killed or shut down already (a test stopping Redis as a lost machine would): nothing to signal.
    if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, signal);
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

/** Launches redis-server on a port `pickPort` gives, the next one if another process took it first. */
async function launchOnPicked(
  pickPort: () => Promise<number>,
  dir: string,
  options: RedisOptions,
): Promise<{ port: number; child: ChildProcess }> {
  for (let attempt = 1; ; attempt++) {
    const port = await pickPort();
    try {
      return { port, child: await launch(port, dir, options) };
    } catch (error) {
      if (!(error instanceof PortTakenError) || attempt === PORT_ATTEMPTS) throw error;
    }
  }
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
    const settle = (error?: Error): void => {
      clearInterval(poll);
      clearTimeout(timer);
      child.removeAllListeners("close");
      child.removeAllListeners("error");
      if (!error) return resolve();
      // Not left running when it did not start in time: the caller has no handle to end it by.
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      reject(error);
    };
    const timer = setTimeout(
      () => settle(new Error(`redis-server did not start:\n${log}`)),
      10_000,
    );
    const poll = setInterval(() => {
      if (log.includes("Ready to accept connections")) settle();
    }, 20);
    child.once("error", (error) =>
      settle(
        new Error(
          `redis-server could not be started (${error.message}): install Debian's redis-server, or give a Redis with --on`,
        ),
      ),
    );
    // "close", not "exit": its last words (why it stopped) are read by then.
    child.once("close", (code) => {
      const message = `redis-server exited with ${code}:\n${log}`;
      settle(/Address already in use/.test(log) ? new PortTakenError(message) : new Error(message));
    });
  });
  return child;
}

/** Redis could not bind its port: another process holds it. */
class PortTakenError extends Error {}
