import { mkdirSync } from "node:fs";
import { startCli, type CliOutcome } from "./cli-process";

/** A `momoflow worker` process of the built CLI. */
export interface WorkerProcess {
  name: string;
  workdir: string;
  pid: number;
  /** What it printed so far. */
  output(): string;
  /** How it ended, once it has (undefined while it runs). */
  exited(): CliOutcome | undefined;
  /** Stops it as Ctrl+C would, and waits for its end. */
  stop(): Promise<CliOutcome>;
  /** Kills it (SIGKILL), and waits for its end. */
  kill(): Promise<CliOutcome>;
}

/** Starts `momoflow worker --on url --name name --workdir workdir …` (its environment changed by `env`) and waits until it is ready. */
export async function startWorker(
  url: string,
  name: string,
  workdir: string,
  extra: string[] = [],
  env: Readonly<Record<string, string | undefined>> = {},
): Promise<WorkerProcess> {
  mkdirSync(workdir, { recursive: true });
  const { child, done } = startCli(
    ["worker", "--on", url, "--name", name, "--workdir", workdir, ...extra],
    workdir,
    env,
  );
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`worker ${name} not ready:\n${output}`)),
      15_000,
    );
    void done.then((end) => {
      clearTimeout(timer);
      reject(new Error(`worker ${name} exited (${end.code}):\n${output}`));
    });
    const poll = setInterval(() => {
      if (output.includes(`worker ${name} ready`)) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve();
      }
    }, 20);
  });
  let ended: CliOutcome | undefined;
  void done.then((end) => (ended = end));
  const end = async (signal: NodeJS.Signals): Promise<CliOutcome> => {
    if (!ended) process.kill(child.pid!, signal);
    return done;
  };
  return {
    name,
    workdir,
    pid: child.pid!,
    output: () => output,
    exited: () => ended,
    stop: () => end("SIGTERM"),
    kill: () => end("SIGKILL"),
  };
}
