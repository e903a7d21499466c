import { spawnSync } from "node:child_process";
import type { FirstRunChildFigures, FirstRunChildKind } from "./first-run-child";
import { median } from "./statistics";

/** The first run of fresh processes, each kind's medians and every process's figure. */
export interface FirstRunProcessFigures {
  /** Processes of each kind that were timed. */
  processes: number;
  /** The engine's first run, beyond a warm run of as many steps in the same process (median, µs). */
  fixedCostUs: number;
  /** The engine's first run (median, µs). */
  totalUs: number;
  /** The least recorded loop's first run beyond its warm runs (median, µs): the floor of {@link fixedCostUs}. */
  floorFixedCostUs: number;
  /** How the timed processes loaded the CLI's bundle (cli/code-cache.ts): `used` when all came from the code cache. */
  codeCache: string;
  engine: FirstRunChildFigures[];
  floor: FirstRunChildFigures[];
}

/** Longest a process may take: a first run and a dozen warm ones of a few thousand steps. */
const PROCESS_TIMEOUT_MS = 120_000;

/**
 * Measures a process's first run as `momoflow run` meets it: in fresh
 * processes of the CLI (`cliPath`) that load its bundle from V8's code cache
 * (made by a first, untimed process), `count` of them for the engine and as
 * many for the least recorded loop, alternating, so that the machine's load
 * weighs on both alike. Each process times its first run and warm runs of
 * `steps` (first-run-child.ts); the figures are medians over the processes.
 *
 * @throws Error when a process fails or prints no figures: what it printed is in the message.
 */
export function measureFirstRunInProcesses(
  cliPath: string,
  steps: number,
  count: number,
): FirstRunProcessFigures {
  runChild(cliPath, "prime", steps);
  const engine: FirstRunChildFigures[] = [];
  const floor: FirstRunChildFigures[] = [];
  for (let i = 0; i < count; i++) {
    engine.push(runChild(cliPath, "engine", steps));
    floor.push(runChild(cliPath, "floor", steps));
  }
  const states = new Set([...engine, ...floor].map((f) => f.codeCache));
  return {
    processes: count,
    fixedCostUs: median(engine.map((f) => f.firstUs - f.warmUs)),
    totalUs: median(engine.map((f) => f.firstUs)),
    floorFixedCostUs: median(floor.map((f) => f.firstUs - f.warmUs)),
    codeCache: [...states].sort().join(", "),
    engine,
    floor,
  };
}

/** Runs one fresh process of `kind` and reads its figures. */
function runChild(cliPath: string, kind: FirstRunChildKind, steps: number): FirstRunChildFigures {
  const args = [cliPath, "bench", "--first-run-child", kind, "--steps", String(steps)];
  const child = spawnSync(process.execPath, args, {
    encoding: "utf8",
    timeout: PROCESS_TIMEOUT_MS,
  });
  const printed = `${child.stdout ?? ""}${child.stderr ?? ""}`.trim();
  if (child.error || child.status !== 0) {
    const why = child.error ? child.error.message : `exit code ${child.status ?? child.signal}`;
    throw new Error(
      `the first-run process (${kind}) failed: ${why}${printed ? `\n${printed}` : ""}`,
    );
  }
  const last = child.stdout.trim().split("\n").pop() ?? "";
  try {
    const figures = JSON.parse(last) as FirstRunChildFigures;
    if (figures.kind === kind && typeof figures.firstUs === "number") return figures;
  } catch {
    // Reported below with what it printed.
  }
  throw new Error(`the first-run process (${kind}) printed no figures: ${printed || "nothing"}`);
}
