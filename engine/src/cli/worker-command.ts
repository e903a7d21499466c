import { parseDuration, parseSize } from "../units/quantity";
import { durationText } from "../units/quantity-text";
import { createStreamLogger } from "../runtime/logger";
import { loadDistributed } from "./distributed-module";
import { UsageError } from "./usage-error";
import { parseCommandArgs } from "./command-args";
import { usableWorkingDirectory } from "./working-directory";

export const workerHelp = `Usage: momoflow worker --on <redis-url> --name <name> [options]
       momoflow worker --prune --name <name> [--workdir DIR] [--retain DURATION]

Runs steps sent by "momoflow run --on <redis-url>" until stopped (Ctrl+C or
SIGTERM: it takes no more steps, lets those it runs end for --stop-grace,
then stops those still running as a cancelled run does — a js() function
that does not stop within 3s is ended with its thread — and exits once they
are reported; a second Ctrl+C kills it). Each step runs in the worker's
working directory and is recorded in the worker's journal there
(.momoflow/workers/<name>/: intent and rollback data before any effect,
outcome after), so that its undo — sent to this worker by the scheduler's
rollback — works from this machine's record, also after the worker was
killed and started again. One worker of a name per working directory.

The journal is kept in segments (each writer starts a new one past
--segment-size); an undo reads only the segments of its run. Pruning removes
the segments of runs this worker has nothing left to undo of (rolled back,
or nothing to undo), and with --retain those of runs whose last entry is
older: their undo then fails, saying they were pruned. A segment is removed
only with all of its runs, a run only with all of its segments.

Options:
  --on URL            the Redis the scheduler uses: redis://[user:password@]host[:port][/db]
  --name NAME         this worker's name, unique among the workers of that Redis
                      (letters, digits, _ . -): undos of its steps come to it by name
  --queue NAME        take the steps of this queue (repeatable; default: default)
  --concurrency N     run up to N steps at once (default 1)
  --workdir DIR       working directory of its steps (default: the current folder)
  --lock-duration DURATION  a worker silent this long is taken for lost (default
                      30s; a bare number is milliseconds: 30000)
  --segment-size SIZE start a new journal segment past this size (default 64MB;
                      or MOMOFLOW_WORKER_SEGMENT_SIZE)
  --stop-grace DURATION  once stopped, how long the steps and undos it runs may
                      go on before they are stopped (default 25s: within a
                      container's usual 30s before SIGKILL; 0s: at once)
  --retain DURATION   prune the journal when the worker starts: runs with nothing
                      left to undo, and runs older than this (e.g. 720h)
  --prune             prune the journal (as --retain, whose runs it also removes
                      when given) and exit; the worker must not be running
  -h, --help          show this help

Whoever can write to the Redis can run commands on every worker: keep it on a
private network, with a password (or ACL) and TLS (rediss://).
`;

/**
 * How long a stopped worker lets its steps go on by default: a restart (a
 * deploy) need not fail the runs it serves, and a container's platform
 * usually kills 30 s after its SIGTERM.
 */
const DEFAULT_STOP_GRACE_MS = 25_000;

/** What a stopped worker does with the steps it runs, as its first line after the signal says it. */
function graceText(graceMs: number): string {
  return graceMs > 0
    ? `the steps it runs have ${durationText(graceMs)} to end, then are stopped;`
    : "it stops the steps it runs,";
}

/** `momoflow worker`: returns the exit code once stopped. */
export async function workerCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("worker", {
    args,
    allowPositionals: true,
    options: {
      on: { type: "string" },
      name: { type: "string" },
      queue: { type: "string", multiple: true },
      concurrency: { type: "string" },
      workdir: { type: "string" },
      "lock-duration": { type: "string" },
      "segment-size": { type: "string" },
      retain: { type: "string" },
      "stop-grace": { type: "string" },
      prune: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(workerHelp);
    return 0;
  }
  if (positionals.length > 0)
    throw new UsageError(`worker takes no file (got ${positionals[0]})\n\n${workerHelp}`);
  if (!values.on && !values.prune)
    throw new UsageError(`worker needs --on <redis-url>\n\n${workerHelp}`);
  if (!values.name) throw new UsageError(`worker needs --name <name>\n\n${workerHelp}`);
  const distributed = loadDistributed();
  const retainMs = quantity("--retain", values.retain, parseDuration, "a duration (30s, 5m, 720h)");
  const stopGraceMs =
    quantity("--stop-grace", values["stop-grace"], parseDuration, "a duration (0s, 25s, 5m)") ??
    DEFAULT_STOP_GRACE_MS;
  for (const [what, name] of [
    ["--name", values.name],
    ...(values.queue ?? []).map((q) => ["--queue", q] as const),
  ] as const)
    if (!distributed.NAME_PATTERN.test(name))
      throw new UsageError(`${what} ${name}: use letters, digits, _ . - (at most 64)`);
  if (values.prune) {
    const workdir = usableWorkingDirectory(values.workdir, "prune");
    const pruned = await distributed
      .pruneWorkerJournal(workdir, values.name, retainMs)
      .catch((error: unknown) => {
        // A name or folder mistyped: bad input, and nothing was made or pruned.
        if (error instanceof distributed.NoWorkerJournalError) throw new UsageError(error.message);
        throw error;
      });
    process.stdout.write(
      `worker ${values.name}: removed ${pruned.segments.length} journal segment(s): ${pruned.done.length} run(s) with nothing left to undo, ${pruned.expired.length} past --retain${pruned.held.length ? `; ${pruned.held.length} kept, sharing a segment with a run that stays` : ""}\n`,
    );
    return 0;
  }
  const segmentBytes = quantity(
    values["segment-size"] !== undefined ? "--segment-size" : "MOMOFLOW_WORKER_SEGMENT_SIZE",
    values["segment-size"] ?? process.env.MOMOFLOW_WORKER_SEGMENT_SIZE,
    parseSize,
    "a size (512KB, 64MB)",
  );
  let address;
  try {
    address = distributed.parseRedisAddress(values.on!);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const concurrency = positiveInt("--concurrency", values.concurrency, 1);
  const lockDurationMs =
    quantity("--lock-duration", values["lock-duration"], durationOrMs, LOCK_DURATION_EXPECTED) ??
    30_000;
  const workdir = usableWorkingDirectory(values.workdir, "worker");
  const queues = values.queue?.length ? values.queue : [distributed.DEFAULT_QUEUE];
  // Redis wrong or down from the start: said now (exit 2), as run --on says it, rather than
  // retried for ever with a stack trace per attempt and nothing said of what to do.
  await distributed.checkRedisReachable(address).catch((error: Error) => {
    throw new UsageError(`--on: ${error.message}; the worker did not start`);
  });
  const logger = createStreamLogger((line) => process.stdout.write(`${values.name} | ${line}`));
  const worker = await distributed.startStepWorker({
    address,
    name: values.name,
    queues,
    concurrency,
    workdir,
    logger,
    lockDurationMs,
    ...(segmentBytes !== undefined ? { segmentBytes } : {}),
    ...(retainMs !== undefined ? { retainMs } : {}),
    stalledIntervalMs: Math.max(500, Math.min(30_000, Math.floor(lockDurationMs / 2))),
  });
  process.stdout.write(
    `worker ${values.name} ready on ${address.shown} (queues: ${queues.join(", ")}; ${concurrency} at once; in ${workdir})\n`,
  );
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.stdout.write(
        `${signal}: worker ${values.name} takes no more steps; ${graceText(stopGraceMs)} then exits (a second Ctrl+C kills it)\n`,
      );
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve(signal);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  await worker.close(`worker ${values.name} was stopped (${signal})`, stopGraceMs);
  return 0;
}

/** A size or duration option; undefined when not given. */
function quantity(
  option: string,
  text: string | undefined,
  parse: (text: string) => number | undefined,
  expected: string,
): number | undefined {
  if (text === undefined) return undefined;
  const value = parse(text);
  if (value === undefined || value <= 0)
    throw new UsageError(`${option} ${text}: expected ${expected}`);
  return value;
}

/** What `--lock-duration` takes, as its refusal says it. */
const LOCK_DURATION_EXPECTED = "a duration (30s, 2m) or a whole number of milliseconds (30000)";

/** A duration (`30s`), or a bare whole number of milliseconds, as `--lock-duration` took before durations. */
function durationOrMs(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const ms = parseDuration(text);
  return ms !== undefined && Number.isInteger(ms) ? ms : undefined;
}

function positiveInt(option: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${option} ${text}: expected a whole number of at least 1`);
  return n;
}
